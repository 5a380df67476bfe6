"""Plugins for the whole test run: portable nbval (tests/nbval_portable.py) and a clean repository afterwards."""

pytest_plugins = ["tests.nbval_portable", "tests.repository_untouched", "pytester"]
