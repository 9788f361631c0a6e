#!/usr/bin/env bash
# Runs Showcase with the demo data on its embedded defaults: SQLite and media in instance/,
# emails written to instance/outbox/, background jobs in a worker beside the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SHOWCASE_INSTANCE_PATH="${SHOWCASE_INSTANCE_PATH:-$PWD/instance}"
PORT="${PORT:-5000}"
export SHOWCASE_BASE_URL="${SHOWCASE_BASE_URL:-http://127.0.0.1:$PORT}"
FLASK=(.venv/bin/flask --app showcase)
"${FLASK[@]}" db upgrade
"${FLASK[@]}" seed-demo
if "${FLASK[@]}" --help | grep -q "^  worker"; then
  "${FLASK[@]}" worker &
  worker=$!
  trap 'kill $worker 2>/dev/null || true' EXIT
fi
echo "Showcase is on $SHOWCASE_BASE_URL  (Ctrl+C stops it)"
"${FLASK[@]}" run --host 127.0.0.1 --port "$PORT"
