# Two commands for a newcomer: `make serve` and `make test`. Everything installs into .venv/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
# Material prints a banner about its successor on every build; we know (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve serve-en preview test build generate compile browser clean

$(INSTALLED): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## compile: build the extraction's hot modules with Cython into .venv/ (only those whose source changed)
compile: $(INSTALLED)
	$(PY) -m generator compile

## generate: turn seeds/ into Markdown under docs/
generate: compile
	$(PY) -m generator build

## build: generate, build both languages strictly into site/ and site/en/, index them for search
build: generate
	$(PY) -m mkdocs build --strict --quiet
	$(PY) -m mkdocs build --strict --quiet -f mkdocs.en.yml
	$(PY) -m pagefind --site site --quiet

## serve: generate, then preview the Vietnamese site with live reload on http://$(HOST)/
serve: generate
	$(PY) -m mkdocs serve --dev-addr $(HOST)

## serve-en: the same for the English site, on http://127.0.0.1:8001/en/
serve-en: generate
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8001 -f mkdocs.en.yml

## preview: the whole built site (both languages, search) as it will be published, on http://$(HOST)/
preview: build
	$(PY) -m http.server --bind $(firstword $(subst :, ,$(HOST))) --directory site $(lastword $(subst :, ,$(HOST)))

## browser: Debian's Chromium for the browser tests (installed when missing and we are root)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "chromium is missing: install Debian's chromium package (as root) for the browser tests"; fi; }

## test: install everything, then run every test
test: compile browser
	$(PY) -m pytest

clean:
	rm -rf site .pytest_cache
