#!/usr/bin/env bash
# Set up mailtriage in .venv (sourced by scripts/demo and scripts/test). Re-runnable: each step is
# skipped when already done. Installs Debian's python3-venv when the system Python lacks venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq || true
  as_root apt-get install -y -qq "$@" >/dev/null
}

PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null; then apt_install python3; fi
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "mailtriage needs Python 3.11 or newer; $PY is $("$PY" -V 2>&1)" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import pip' 2>/dev/null; then
  rm -rf .venv
  if ! "$PY" -m venv .venv 2>/dev/null; then
    # Debian splits venv/ensurepip out of python3 into python3-venv (python3.11-venv)
    rm -rf .venv
    ver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    apt_install "python${ver}-venv" || apt_install python3-venv
    "$PY" -m venv .venv
  fi
fi

stamp=.venv/.mailtriage-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! .venv/bin/python -c 'import pipeline.cli' 2>/dev/null; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$want" > "$stamp"
fi

# The default model is trained from the bundled seed corpus once and cached (a few seconds).
.venv/bin/python -c 'from classifiers import default_model_dir; print("default model:", default_model_dir())'
