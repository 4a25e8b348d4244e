#!/usr/bin/env bash
# Installs what `make run` and `make test` need, when it is missing:
#  - Debian packages (WeasyPrint's libraries and a font; redis-server and chromium for the tests),
#    with apt-get when root; otherwise prints the exact command and stops;
#  - the virtualenv .venv with the pinned Python packages of requirements/dev.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
DEB_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core redis-server chromium)

missing=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Debian-pakketten installeren: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Ontbrekende systeempakketten. Installeer ze eerst met:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
  echo "Python 3.11 is nodig (gevonden: $("$PYTHON" --version 2>&1)); zet PYTHON=/pad/naar/python3.11" >&2
  exit 1
fi

stamp=.venv/.installed
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ requirements/dev.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --no-deps -r requirements/dev.txt
  .venv/bin/python -m pip check
  touch "$stamp"
fi
