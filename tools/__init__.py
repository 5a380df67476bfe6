"""Maintainer commands (not part of the package learners install).

* ``python -m tools.execute``: re-run notebooks, store their outputs, write the README figures;
* ``python -m tools.student_edition``: the student edition (solutions removed);
* ``python -m tools.nbgrader_edition``: the nbgrader source edition for a course;
* ``python -m tools.links``: the Binder and Colab links of every notebook and the README.
"""
