"""Helpers for Nigraan's own test suite (loaded as a pytest plugin)."""
