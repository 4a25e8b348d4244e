#!/usr/bin/env bash
# Loads a demo population of a few thousand inburgeraars once (when the database has none).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if $PY manage.py shell -c "import sys; from cases.models import Inburgeraar; sys.exit(1 if Inburgeraar.objects.exists() else 0)" 2>/dev/null; then
  echo "Demopopulatie laden (3.000 inburgeraars)…"
  $PY manage.py demo_populatie --aantal 3000 --seed 2026 --tot-datum "$(date +%F)" --importeer
fi
