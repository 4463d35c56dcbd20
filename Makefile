# The two commands of the README. `make demo` runs the main job on the bundled samples;
# `make test` installs what the tests need (Debian packages for rendering, dev extras) and runs them.
PYTHON ?= python3
APT_PACKAGES = libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation fonts-liberation2 \
	fonts-crosextra-carlito poppler-utils

.PHONY: demo test system-deps install-dev bench

demo:
	$(PYTHON) -m pip install -q -e .
	$(PYTHON) -m qplan_xl demo

system-deps:
	@if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then \
		echo "LibreOffice and poppler are present."; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	else \
		echo "Install as root: apt-get install $(APT_PACKAGES)" >&2; exit 1; \
	fi

install-dev:
	$(PYTHON) -m pip install -q -e ".[dev]"

test: system-deps install-dev
	$(PYTHON) -m pytest

bench: install-dev
	$(PYTHON) benchmarks/bench_validate.py
	$(PYTHON) benchmarks/bench_scan.py
	$(PYTHON) benchmarks/bench_build.py
	$(PYTHON) benchmarks/bench_merge.py --schools 1000
