#!/usr/bin/env bash
# Placeholder: the benchmarks are not written yet.
set -euo pipefail
echo "scripts/bench.sh: benchmarks are not yet implemented" >&2
exit 1
