"""Evaluation harness: cases, the structure lint, metrics, the naive baseline, runner and reports.

`eval.lint.lint_text`, `eval.harness.run_cases`; see eval/README.md for every metric.
"""
