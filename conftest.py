"""Loads the nbval plugin that makes the notebook tests portable across machines (tests/nbval_portable.py)."""

pytest_plugins = ["tests.nbval_portable", "pytester"]
