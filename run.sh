#!/usr/bin/env bash
# Set up (first time only) and start 政务公开台账. With a display: the desktop app. Without one and without
# arguments: its main job headless — a demo database, the year's figures and the annual report PDF in ./out.
# Any arguments go to the `zwgk` command line, e.g. `./run.sh figures --year 2015`.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m desktop "$@"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "$(uname -s)" != "Linux" ]; then
  exec .venv/bin/python -m desktop
fi
echo "没有图形显示，改为在命令行完成主要工作（结果在 ./out）："
mkdir -p out
db=out/demo.sqlite3
if [ ! -f "$db" ]; then
  .venv/bin/python -m desktop --db "$db" demo --year 2015
fi
.venv/bin/python -m desktop --db "$db" figures --year 2015
if .venv/bin/python -m desktop report --help >/dev/null 2>&1; then
  .venv/bin/python -m desktop --db "$db" report --year 2015 -o out/2015年度报告.pdf
  .venv/bin/python -m desktop --db "$db" report --year 2015 --format legacy -o out/2015年度报告-旧版格式.pdf
fi
