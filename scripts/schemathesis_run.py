"""schemathesis' command line, with one guard for a bug of CPython 3.11 (cpython#106905).

Hypothesis labels a strategy's lambda by parsing its source with `ast`; deep in a stack, CPython 3.11's ast
raises SystemError("AST constructor recursion depth mismatch") instead of parsing. The label is only text in a
report, so the guard answers hypothesis' own "<unknown>" label instead of failing the operation with a runtime
error of the tool. Nothing about the requests sent or the checks applied changes.
"""

import sys

from hypothesis.internal import lambda_sources

_describe = lambda_sources._lambda_description


def _guarded(f, *args, **kwargs):
    try:
        return _describe(f, *args, **kwargs)
    except SystemError:
        return "lambda: <unknown>"


lambda_sources._lambda_description = _guarded

from schemathesis.cli import schemathesis  # noqa: E402 (after the guard is in place)

if __name__ == "__main__":
    sys.argv[0] = "schemathesis"
    sys.exit(schemathesis())
