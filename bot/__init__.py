"""The clinic FAQ assistant's own Python package: NLU components, tools, benchmarks."""
