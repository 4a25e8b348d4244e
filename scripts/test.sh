#!/usr/bin/env bash
# `make test`: set-up, static checks, the test suite on PostgreSQL, the benchmarks at CI size.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

PY=.venv/bin/python
# The suite runs as production does (DEBUG=0), so it needs a secret; a fresh one per run.
export SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(48))')}
# Plain HTTP on localhost in the tests (production enforces HTTPS; a test runs `check --deploy` with it on).
export HTTPS=${HTTPS:-0}
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff";        ruff check .
echo "== ruff format"; ruff format --check .
echo "== mypy";        mypy .
echo "== import-linter"; lint-imports
echo "== migrations";  $PY manage.py database aanmaken && $PY manage.py makemigrations --check --dry-run
echo "== pytest"
# pytest exits 5 when it collects no test: that fails this script too.
pytest "$@"

shopt -s nullglob
for bench in bench/[!_]*.py; do
  echo "== $bench (CI-grootte)"
  $PY "$bench" --ci
done
