# tonic: the two commands are `make run` and `make test`; the rest are helpers.
GO        ?= go
PKG       := github.com/seed78c03fa0/tonic
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
BUILDTIME ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS   := -X main.version=$(VERSION) -X main.buildTime=$(BUILDTIME)
FUZZTIME  ?= 20s
BENCHCOUNT ?= 6

.PHONY: run test build bench fuzz lint compat deb load

## run: start exampled on 127.0.0.1:8000 (admin on 127.0.0.1:8001) with embedded defaults
run:
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/exampled

## test: formatting, vet and every test with the race detector, in every module (bench, browser, conformance; browser needs chromium)
test:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...
	cd bench && $(GO) vet ./... && $(GO) test -race -count=1 ./...
	cd browser && $(GO) vet ./... && $(GO) test -race -count=1 ./...
	cd conformance && $(GO) vet ./... && $(GO) test -race -count=1 ./...

## build: the version-stamped exampled binary in bin/
build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/exampled ./cmd/exampled

## deb: the Debian package of exampled (binary, systemd unit, /etc/default/exampled) in dist/
deb: build
	sh cmd/exampled/packaging/build-deb.sh bin/exampled $(VERSION) dist

## load: exampled's full stack against a bare net/http handler under load, on 127.0.0.1
load: build
	cd bench && $(GO) run ./load -exampled ../bin/exampled $(LOADFLAGS)

## bench: tonic's own benchmarks and the comparative ones in bench/ (-count $(BENCHCOUNT))
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=$(BENCHCOUNT) ./... | tee bench.txt
	cd bench && $(GO) test -run='^$$' -bench=. -benchmem -count=$(BENCHCOUNT) ./... | tee ../bench-compare.txt

## fuzz: each fuzz target for $(FUZZTIME)
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
		dir=$$(dirname $$f); \
		for t in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | cut -d' ' -f2); do \
			echo "== $$dir $$t"; \
			$(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) ./$$dir; \
		done; \
	done

## lint: gofmt, vet and staticcheck
lint:
	test -z "$$(gofmt -l .)"
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	cd bench && $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	cd browser && $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	cd conformance && $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

## compat: build and vet with the oldest Go that go.mod allows (1.25: http.CrossOriginProtection)
compat:
	GOTOOLCHAIN=go1.25.8 $(GO) vet ./...
