"""Benchmarks behind `make bench`: a synthetic site, measured runs, ratios against plain baselines."""
