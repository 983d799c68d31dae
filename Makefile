# behalf — make targets. Needs only Go; the race detector is used where cgo
# and a C compiler are available.
GO       ?= go
DATA     ?= ./data
LISTEN   ?= 127.0.0.1:23234
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
RACE     := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v $$($(GO) env CC) >/dev/null 2>&1 && echo -race)

.PHONY: run test test-etcd check build lint bench load clean

## run: start the portal with the demo organisation in ./data and print how to sign in
## (no --smtp: emails stay in the outbox, and serve says so)
run:
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/behalf serve --demo --data $(DATA) --listen $(LISTEN)

## test: the drift checks (formatting, go.mod, vet, staticcheck), then the whole
## suite (with -race where the toolchain allows). The slowest packages are
## named first so that they start first: go test runs packages in the order
## given, two at a time on two cores, and the last one to start sets the end.
SLOW_PKGS := ./tui ./sshserver ./domain ./cmd/behalf
## The exhaustive screen walks visit one person of each kind under the race
## detector (tui/walk_race_test.go); without it they visit everyone, here.
WALKS := ^Test(WordsOnEveryScreen|ScreensCleanStoredText|EveryKeyIsInHelp)$$
test: check
	$(GO) test $(RACE) -count=1 $(SLOW_PKGS) ./...
	$(if $(RACE),$(GO) test -count=1 -run '$(WALKS)' ./tui)

## test-etcd: the suites that run on a real etcd, started inside the test
## process (go.etcd.io/etcd/server/v3/embed: only Go is needed): the store
## contract on both stores (./store), then the tests named TestEtcd… in
## the other packages: front ends sharing one cluster, faults, and the
## domain's use cases that run on both stores (domain/bothstores_test.go).
## They are built with the etcd tag, so that `make test` neither compiles
## nor waits for them; vet and staticcheck look at the tagged files here.
ETCD_PKGS := ./cmd/behalf ./domain
test-etcd:
	$(GO) vet -tags etcd ./...
	$(GO) run $(STATICCHECK) -tags etcd ./...
	$(GO) test -tags etcd $(RACE) -count=1 ./store
	$(GO) test -tags etcd $(RACE) -count=1 -run '^TestEtcd' $(ETCD_PKGS)

## check: fails on any drift: gofmt, `go mod tidy`, vet, and staticcheck at a
## pinned version (fetched through the module proxy, so only Go is needed; the
## checks it holds are in staticcheck.conf)
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
check: lint
	$(GO) mod tidy -diff
	$(GO) run $(STATICCHECK) ./...

## build: the behalf binary in ./bin
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/behalf ./cmd/behalf

## lint: the quick subset: formatting and vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## bench: the Go benchmarks, at the large organisation (BENCH_SCALE=medium for a
## tenth of it); it is generated once into $TMPDIR/behalf-bench and reused
BENCH_SCALE ?= large
BENCHTIME   ?= 1s
bench:
	BENCH_SCALE=$(BENCH_SCALE) $(GO) test -p 1 -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

## load: a large organisation's server in a temp data folder, the load tool
## against it (see scripts/load.sh), the reports as JSON; then the server stops
LOAD_SCALE    ?= large
LOAD_SESSIONS ?= 200
LOAD_DURATION ?= 60s
LOAD_DATA     ?=
LOAD_PPROF    ?=
LOAD_BURST    ?=
LOAD_SLOW     ?=
load:
	@$(GO) build -ldflags "$(LDFLAGS)" -o bin/behalf ./cmd/behalf
	@$(GO) build -o bin/loadgen ./cmd/loadgen
	@LOAD_SCALE=$(LOAD_SCALE) LOAD_SESSIONS=$(LOAD_SESSIONS) LOAD_DURATION=$(LOAD_DURATION) LOAD_DATA=$(LOAD_DATA) LOAD_PPROF=$(LOAD_PPROF) LOAD_BURST=$(LOAD_BURST) LOAD_SLOW=$(LOAD_SLOW) sh scripts/load.sh

clean:
	rm -rf bin
