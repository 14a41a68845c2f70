"""Evaluation shared by the staff's evaluate gate and the benchmarks: examples, folds, a trained NLU, held-out scoring."""
