#!/usr/bin/env bash
# Quanze's benchmarks (`make bench`): builds `quanze-bench` in release mode and runs it.
#
#   bash scripts/bench.sh                                   # 1,000,000 case records, 1,000,000 audit entries
#   bash scripts/bench.sh --cases 20000 --entries 100000    # a quick run; every argument goes to quanze-bench
#   bash scripts/bench.sh --only cases                      # one benchmark: cases (ingest), audit, refusals or township
#
# Standard output is the benchmark's own: human-readable lines, then one `name=value` line per figure at the very
# end (the build log goes to standard error). With TEST_POSTGRES_URL set, both benchmarks also run on that
# PostgreSQL cluster, in scratch databases they drop afterwards. Figures measured so far: BENCHMARKS.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ ":$PATH:" == *":/opt/swift/usr/bin:"* ]] || export PATH="$PATH:/opt/swift/usr/bin"

swift build -c release --product quanze-bench >&2
bin=$(swift build -c release --show-bin-path)
exec "$bin/quanze-bench" "$@"
