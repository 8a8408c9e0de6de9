#!/usr/bin/env bash
# Set up (first time only) and run the whole test suite headless (Qt offscreen). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
