# Quanze developer commands. `make test` is what CI runs (through .ci/run, with CI=true).
.PHONY: build run test bench format lint

build:
	swift build

run:
	swift run quanze serve --demo

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

format:
	swift format -i -r Sources Tests

lint:
	swift format lint --strict -r Sources Tests
