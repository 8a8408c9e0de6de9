# Build targets that are too slow for every test run. The everyday commands are ./run.sh and ./test.sh.
PYTHON ?= .venv/bin/python
# The self-test runs without network where the kernel allows it (Linux, as root): proof that nothing is fetched.
NONET := $(shell unshare -n true 2>/dev/null && echo "unshare -n")

.PHONY: frozen frozen-selftest clean-frozen

# The one-folder bundle dist/zwgk/ (PyInstaller, installer/zwgk.spec); on Windows also the Inno Setup installer.
frozen:
	$(PYTHON) -m pip show pyinstaller >/dev/null 2>&1 || $(PYTHON) -m pip install "pyinstaller>=6.10"
	$(PYTHON) installer/build.py

# Build, then run both frozen executables from an unrelated folder, headless, without network.
frozen-selftest: frozen
	elsewhere=$$(mktemp -d) && cd "$$elsewhere" && trap 'rm -rf "$$elsewhere"' EXIT && \
	  QT_QPA_PLATFORM=offscreen $(NONET) "$(CURDIR)/dist/zwgk/zwgk" --self-test && \
	  $(NONET) "$(CURDIR)/dist/zwgk/zwgk-cli" --version
	@du -sh dist/zwgk

clean-frozen:
	rm -rf build/pyinstaller dist/zwgk
