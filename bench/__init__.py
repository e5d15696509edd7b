"""Dataset generators and benchmarks (run as ``python -m bench.<name>``)."""
