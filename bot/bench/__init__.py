"""Benchmarks: they write reports, they do not assert."""
