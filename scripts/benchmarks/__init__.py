"""Benchmark modules for scripts/bench.py, one area each."""
