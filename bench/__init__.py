"""Benchmarks: ``python -m bench`` runs all, ``python -m bench NAME`` one.

Each prints a table where every figure stands beside a baseline measured in the same run, and
ends with one JSON line holding the figures. Not part of the test suite.
"""
