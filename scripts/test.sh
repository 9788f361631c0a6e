#!/usr/bin/env bash
# Type-checks showcase/ (mypy), runs the door's JavaScript unit tests (npm test), then the whole
# Python test suite twice: on SQLite, then on a private PostgreSQL server started here.
# Extra arguments go to pytest (e.g. scripts/test.sh -k rsvp).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== mypy (configured in pyproject.toml) =="
.venv/bin/python -m mypy

echo "== the door's JavaScript modules (node --test) =="
npm test --silent

echo "== tests on SQLite =="
.venv/bin/python -m pytest "$@"

echo "== tests on PostgreSQL =="
source scripts/postgres.sh
start_private_postgres
trap stop_private_postgres EXIT
SHOWCASE_TEST_DATABASE_URL="$PRIVATE_POSTGRES_URL" .venv/bin/python -m pytest "$@"
