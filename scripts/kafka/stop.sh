#!/usr/bin/env bash
# npm run kafka:stop: stops the broker that kafka:start launched (by the pid in .kafka/broker.pid,
# never by name), waiting for its clean shutdown. Safe to run when nothing is running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TIMEOUT="${KAFKA_STOP_TIMEOUT:-60}"

if ! pid="$(broker_pid)"; then
  rm -f "$PID_FILE"
  if broker_ready; then
    echo "A Kafka broker serves $HOST:$PORT but was not started by kafka:start; leaving it alone."
  else
    echo "Kafka is not running."
  fi
  exit 0
fi

echo "Stopping Kafka (pid $pid)..."
kill -TERM "$pid" 2>/dev/null || true
for ((i = 0; i < TIMEOUT * 2; i++)); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PID_FILE"
    echo "Kafka stopped."
    exit 0
  fi
  sleep 0.5
done
echo "Kafka did not stop within $TIMEOUT s; killing it." >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$PID_FILE"
