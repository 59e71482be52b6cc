# Forced Returns Tracker — the two commands are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
WEB := dashboard/web
DIST := dashboard/static/dist
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
export FORCEDRETURNS_TEST_DATABASE_URL ?= $(PG_TEST_URL)
FUZZTIME ?= 3s
# each fuzz target's run inside make test (make fuzz takes FUZZTIME)
TEST_FUZZTIME ?= 1s

.PHONY: run build assets test lint fuzz bench intake-bench faults clean

## run: build the front-end bundle, then serve the dashboard on the embedded SQLite database
run: assets
	$(GO) run ./cmd/forcedreturns serve

## build: a single binary in bin/ with the bundle embedded
build: assets
	$(GO) build -trimpath -o bin/forcedreturns ./cmd/forcedreturns

# npm ci only when the lock file changed since the last install.
$(WEB)/node_modules/.installed: $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	touch $@

## assets: bundle ECharts and the site's JS/CSS (content-hashed, precompressed)
assets: $(WEB)/node_modules/.installed
	cd $(WEB) && node build.mjs

## test: every test — vet, unit, store (SQLite and PostgreSQL), handler, browser and short fuzz runs;
## the last line is the totals (packages, tests, fuzz targets, wall time)
test: assets
	FUZZTIME=$(TEST_FUZZTIME) bash .ci/test.sh

## lint: gofmt, go vet, staticcheck and deadcode (pinned versions), the migration checks; fails on any finding
lint:
	bash .ci/lint.sh


## fuzz: run every fuzz target for FUZZTIME (seed corpora are in testdata/fuzz)
fuzz:
	bash .ci/fuzz.sh $(FUZZTIME)

## bench: generates 10k, 100k and 1M figures on SQLite and PostgreSQL and measures the first pages, deep pages, import and export, each beside a same-run reference, and their growth (BENCH_QUICK, BENCH_SIZES, BENCH_DATABASES, BENCH_DATABASE_URL, BENCH_PG_PREFIX, BENCH_PARTS, BENCH_KEEP)
bench:
	bash .ci/bench.sh

## intake-bench: report intake's recall and precision on the labelled corpus, and its time on a 1 MB text beside strings.Fields
intake-bench:
	bash .ci/intake.sh

## faults: two servers on one database under load while a 60,000-row import runs (and, on PostgreSQL, connections are killed)
faults:
	bash .ci/faults.sh

clean:
	rm -rf bin $(DIST) $(WEB)/node_modules
