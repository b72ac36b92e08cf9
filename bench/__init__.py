"""Nigraan's benchmarks: `make bench` (python -m bench). Each figure is printed beside a baseline
measured in the same run, on SQLite and, when reachable, on PostgreSQL."""
