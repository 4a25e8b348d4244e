#!/usr/bin/env bash
# `make run`: the application with demo data on http://127.0.0.1:8000 — web and one
# Celery worker (that also runs beat). Without DATABASE_URL/REDIS_URL it needs no
# services: embedded PostgreSQL and Celery's filesystem broker under .data/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export DEBUG=${DEBUG:-1}
PY=.venv/bin/python
ADDR=${ADDR:-127.0.0.1:8000}

$PY manage.py database aanmaken
$PY manage.py migrate --no-input
$PY manage.py demo_gebruiker
if [ -x scripts/demo_data.sh ]; then scripts/demo_data.sh; fi
$PY manage.py demo_medewerkers

.venv/bin/celery -A inburgering worker -B -Q inburgering --concurrency 1 --loglevel WARNING \
  --schedule .data/celerybeat-schedule &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM

echo "Inburgering draait op http://$ADDR/  (inloggen met een demomedewerker hierboven; beheer: http://$ADDR/admin/, API: http://$ADDR/api/v1/schema/docs/)"
$PY manage.py runserver "$ADDR" --noreload
