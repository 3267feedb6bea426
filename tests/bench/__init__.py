"""Benchmarks (not tests): run the scripts here directly; see docs/performance.md."""
