#!/usr/bin/env bash
# `make run`: the service in the background, the sample posts through it, then it keeps serving
# until Ctrl-C. Kafka is already up (make kafka); the service log is in .cache/run/service.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .cache/run
log=.cache/run/service.log
base="http://${ZEROVIEW_HTTP_HOST:-127.0.0.1}:${ZEROVIEW_HTTP_PORT:-8000}"

.venv/bin/zeroview serve >"$log" 2>&1 &
pid=$!
stop() { kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; echo "zeroview stopped (Kafka keeps running: make kafka-stop)"; }
trap stop EXIT
trap 'exit 0' INT TERM

echo "starting zeroview (log: $log) ..."
if ! .venv/bin/python deploy/local/wait_ready.py "$base/readyz" "$pid" 90; then
  echo "zeroview did not become ready; last lines of $log:"; tail -n 30 "$log"; exit 1
fi
.venv/bin/zeroview simulate
echo
echo "zeroview keeps running: $base/docs (API), $base/metrics (Prometheus). Ctrl-C stops it."
wait "$pid"
