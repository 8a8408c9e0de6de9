#!/usr/bin/env bash
# Set up a checkout: the system packages Qt and the PDF tools need (when run as root on Debian/Ubuntu),
# then a virtual environment in .venv with the app and its test tools. Safe to run again: it only does
# what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv fonts-wqy-microhei poppler-utils xvfb xauth
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-xkb1
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装系统软件包：${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "提示：缺少系统软件包 ${missing[*]}，请以 root 运行：sudo apt-get install ${missing[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.zwgk-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "安装 Python 依赖到 .venv …"
  log=.venv/pip-install.log
  if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e ".[test]"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "安装依赖失败，完整记录见 $log" >&2
    exit 1
  fi
  touch "$stamp"
fi
# Byte-code for the app's modules, as an installed or frozen copy has it: with PYTHONDONTWRITEBYTECODE set (some
# machines set it) every start would otherwise compile 150 modules again, a sixth of the start-up time.
.venv/bin/python -m compileall -q -j 0 desktop >/dev/null || true
