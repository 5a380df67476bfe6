"""Benchmarks of the series: run with `python -m benchmarks`."""
