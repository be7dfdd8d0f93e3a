# Thin wrappers. Every target runs the idempotent set-up first, so each works on a fresh machine.
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup demo test bench dist lint screenshots clean

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh

test: setup
	@bash scripts/test.sh

bench: setup
	@$(PY) -m bench

dist: setup
	@$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
	@bash scripts/check_frozen.sh

screenshots: setup
	@xvfb-run -a .venv/bin/python scripts/screenshots.py
	@xvfb-run -a .venv/bin/python scripts/screenshots.py --lang en

lint: setup
	@.venv/bin/ruff check src devices tests bench

clean:
	rm -rf build dist .pytest_cache
