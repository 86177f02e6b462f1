# briefbook's everyday commands. Run "make help" for the list.

GO      ?= go
OUTPUT  ?= public
PORT    ?= 8080
# Packages that run work on several goroutines, also tested with the race
# detector.
RACE_PKGS = ./internal/build/... ./internal/site/... ./internal/write/... ./internal/markup/... ./internal/render/... ./internal/spill/... ./internal/resolve/... ./internal/par/... ./internal/watch/... ./internal/serve/... ./internal/search/...

.PHONY: help serve site serve-static test vet fmt-check bench bench-hugo bench-engine bench-serve bench-search

help:
	@echo "make serve         live preview of the sample book at http://127.0.0.1:1313/"
	@echo "make site          build the sample book (content/) into $(OUTPUT)/"
	@echo "make serve-static  build the sample book, then serve $(OUTPUT)/ at http://127.0.0.1:$(PORT)/"
	@echo "make test          vet, gofmt check, all tests, race tests"
	@echo "make bench         build synthetic books and compare with the floor"
	@echo "make bench-hugo    the same books built by briefbook and by Hugo"
	@echo "make bench-engine  time each kind of edit on a 10,000-brief book kept in memory"
	@echo "make bench-serve   time edit to page served and to reload in briefbook serve, 10,000 briefs"
	@echo "make bench-search  search index size, build time and first-query bytes against Pagefind, 10,000 briefs"

# serve runs the binary itself (exec), not through go run, which exits
# with status 1 when Ctrl-C stops the program, so make reported an error.
serve:
	@$(GO) build -o bin/briefbook ./cmd/briefbook
	exec bin/briefbook serve --drafts

site:
	$(GO) run ./cmd/briefbook build --output $(OUTPUT)

serve-static: site
	python3 -m http.server --bind 127.0.0.1 --directory $(OUTPUT) $(PORT)

test: vet fmt-check
	$(GO) test ./...
	$(GO) test -race $(RACE_PKGS)

vet:
	$(GO) vet ./...

fmt-check:
	@files="$$(gofmt -l .)"; \
	if [ -n "$$files" ]; then echo "gofmt needed on:"; echo "$$files"; exit 1; fi

bench:
	bash internal/corpus/bench.sh

bench-hugo:
	bash internal/corpus/bench-hugo.sh

bench-engine:
	$(GO) test ./internal/site -run '^$$' -bench BenchmarkEdits -benchtime 1x -timeout 60m

bench-serve:
	$(GO) test ./internal/serve -run '^$$' -bench BenchmarkServe -benchtime 1x -timeout 60m

bench-search:
	bash internal/search/bench.sh
