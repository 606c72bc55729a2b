# The archive's commands. `make site` builds the sample archive, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TIMEZONE ?= UTC
SITE_STAMP := $(VENV)/.site-requirements
TEST_STAMP := $(VENV)/.test-requirements
NODE_STAMP := node_modules/.package-lock.json
PELICAN_OPTS ?=
PORT ?= 8000
CONTENT ?= content
OUTPUT ?= output
# SITE_LANG=ja builds the site with another interface language (DEFAULT_LANG) without editing pelicanconf.py.
SITE_LANG ?=
PELICAN := ARCHIVE_TIMEZONE=$(TIMEZONE) $(BIN)/pelican $(CONTENT) -o $(OUTPUT) \
	$(if $(SITE_LANG),-e 'DEFAULT_LANG="$(SITE_LANG)"')
# Pelican logs an article it cannot read (a bad Date, no Title) as an ERROR and skips it; fail instead.
FATAL := --fatal errors

.PHONY: site convert html publish serve test lint browser clean mutate bench fetch

## site: convert scraped/ into content/, build output/ with Pelican, index it for search
site: convert html

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(TEST_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(SITE_STAMP)

## convert: scraped/ -> content/articles/ (a failed page is reported, the rest still build)
convert: $(SITE_STAMP)
	$(BIN)/python scripts/convert.py --timezone $(TIMEZONE) || test $$? -eq 1

## fetch: fetch pages by address into scraped/fetched/ as WARC.gz captures, then `make site` converts them:
## make fetch URLS="https://... https://..." or LIST=file (one address a line); FETCH_OPTS="--delay 2" adds
## options (scripts/fetch.py --help). Each address is quoted for the shell (`&` and `?` are common in them).
## A page that failed is reported and the others still fetched, as with convert.
URLS ?=
LIST ?=
FETCH_OPTS ?=
fetch: $(SITE_STAMP)
	$(BIN)/python scripts/fetch.py $(foreach url,$(URLS),'$(subst ','\'',$(url))') \
	  $(if $(LIST),--list '$(subst ','\'',$(LIST))') $(FETCH_OPTS) || test $$? -eq 1
	@echo "fetch: now run 'make site' to convert the captures into the site"

## html: content/ -> output/ (Pelican; the archive plugin writes the search index); fails on any ERROR
html: $(SITE_STAMP)
	$(PELICAN) $(FATAL) -s pelicanconf.py $(PELICAN_OPTS)

## publish: what the GitHub Actions workflow deploys (absolute URLs from SITEURL, feeds).
## SHARDS=auto (or a number) builds it in parts by year, in parallel, and puts them together
## (scripts/publish_shards.py): the same files as one build; auto splits only large archives.
SHARDS ?=
publish: convert
ifeq ($(SHARDS),)
	$(PELICAN) $(FATAL) -s publishconf.py $(PELICAN_OPTS)
else
	ARCHIVE_TIMEZONE=$(TIMEZONE) $(BIN)/python scripts/publish_shards.py all --shards $(SHARDS) \
	  --content $(CONTENT) --out $(OUTPUT)
endif

## serve: build (failing on any ERROR), then serve on http://localhost:$(PORT) and rebuild on changes.
## The rebuilds only log errors: with --fatal, Pelican's autoreload retries a failed build in a busy loop.
serve: convert
	$(PELICAN) $(FATAL) -s pelicanconf.py
	$(PELICAN) -s pelicanconf.py --listen --autoreload --port $(PORT)

# axe-core, injected into pages by the accessibility tests (package.json, pinned in package-lock.json)
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## test: the whole test suite (installs what it needs first), in TEST_JOBS processes (one per core);
## a test file stays in one process (tests/security/ as a whole), so the builds its tests share are made once.
## Compiled Python (pytest's rewritten test modules too) is kept in cache/pycache even where the
## environment says PYTHONDONTWRITEBYTECODE: compiling every module again took each process seconds.
TEST_JOBS ?= auto
test: $(TEST_STAMP) $(NODE_STAMP) browser
	$(BIN)/ruff check scripts plugins tests pelicanconf.py publishconf.py
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/cache/pycache \
	  $(BIN)/pytest -n $(TEST_JOBS) --dist loadgroup --no-loadscope-reorder

## browser: Debian's chromium and a CJK font for the browser tests, when apt-get can install them
## (CHROMIUM_PATH names another Chromium build instead, e.g. Google Chrome on GitHub's Ubuntu runners)
browser:
	@missing=""; \
	{ [ -x "$${CHROMIUM_PATH:-}" ] || [ -x /usr/bin/chromium ]; } || missing="$$missing chromium"; \
	{ ! command -v dpkg >/dev/null || dpkg -s fonts-noto-cjk >/dev/null 2>&1; } || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	  echo "installing$$missing with apt-get"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## bench: the speed and size figures beside their peers (trafilatura, bare Pelican, the Pagefind CLI) on
## N generated articles (default 10000, about 1 h on two busy cores; N=1000 for a quick run); prints a table
## and the targets of issue 13, writes bench-results.json
N ?= 10000
bench: $(TEST_STAMP) browser
	$(BIN)/python scripts/benchmark.py --articles $(N)

clean:
	rm -rf output cache .pytest_cache test-artifacts

## mutate: mutation testing (mutmut) of scripts/converter/ and plugins/archive/ with the fast tests;
## prints each package's score and its surviving mutants. MODULE=converter.grammar narrows it to one module.
## Not part of `make test`: the whole run takes tens of minutes on two cores.
MODULE ?=
mutate: $(TEST_STAMP)
	$(BIN)/python scripts/mutate.py $(MODULE)
