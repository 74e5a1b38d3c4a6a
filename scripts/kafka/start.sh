#!/usr/bin/env bash
# npm run kafka:start: a single-node KRaft Apache Kafka on 127.0.0.1:9092 for development and CI.
# Fetches the jars with Maven on first use, formats storage once, starts the broker in the background
# on the machine's JDK, and returns only when it serves clients. Safe to run again while it runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$SCRIPTS/pom.xml")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
started_at=$(date +%s)

mkdir -p "$KAFKA_DIR"
# Two starts at once (parallel CI steps) must not both format storage or launch two brokers.
if command -v flock >/dev/null; then
  exec 9>"$KAFKA_DIR/start.lock"
  flock 9
fi

wait_until_ready() {
  local pid="$1"
  local since
  since=$(date +%s)
  local next_note=5
  while true; do
    if broker_ready; then
      echo "Kafka $KAFKA_VERSION is ready on $HOST:$PORT (pid $pid, $(( $(date +%s) - started_at )) s in all);" \
        "log: $LOG_FILE"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The Kafka broker exited during start-up. Last lines of $LOG_FILE:" >&2
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    local waited=$(( $(date +%s) - since ))
    if [ "$waited" -ge "$TIMEOUT" ]; then
      echo "Kafka did not serve clients on $HOST:$PORT within $TIMEOUT s (pid $pid still running;" \
        "stop it with npm run kafka:stop). Last lines of $LOG_FILE:" >&2
      tail -n 40 "$LOG_FILE" >&2 || true
      return 1
    fi
    if [ "$waited" -ge "$next_note" ]; then
      echo "  waiting for the broker ($waited s)..."
      next_note=$(( waited + 5 ))
    fi
    sleep 1
  done
}

if pid="$(broker_pid)"; then
  if broker_ready; then
    echo "Kafka is already running on $HOST:$PORT (pid $pid)."
    exit 0
  fi
  echo "Kafka (pid $pid) is starting; waiting until it serves clients..."
  wait_until_ready "$pid"
  exit $?
fi
rm -f "$PID_FILE"

if broker_ready; then
  echo "A Kafka broker not started by this script already serves $HOST:$PORT; using it."
  exit 0
fi

if ! command -v "$JAVA" >/dev/null; then
  echo "No Java found: install JDK 17 (or set JAVA_HOME) to run the Kafka broker." >&2
  exit 1
fi
java_major="$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)"
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  echo "Kafka here runs on JDK 17 or newer; '$JAVA' is version ${java_major:-unknown}. Set JAVA_HOME to a JDK 17." >&2
  exit 1
fi

# The jars, fetched once per Kafka version (the marker is written only after a complete copy).
if [ "$(cat "$LIB/.version" 2>/dev/null)" != "$KAFKA_VERSION" ]; then
  if ! command -v mvn >/dev/null; then
    echo "Maven (mvn) is needed once to fetch the Kafka $KAFKA_VERSION jars from Maven Central." >&2
    exit 1
  fi
  echo "Fetching Apache Kafka $KAFKA_VERSION jars from Maven Central into $LIB (first run only)..."
  rm -rf "$LIB"
  # KAFKA_MVN_ARGS passes extra Maven options, e.g. -Dmaven.repo.local=... or a mirror's settings.
  # shellcheck disable=SC2086
  if ! mvn -B -f "$SCRIPTS/pom.xml" "-Dkafka.lib=$LIB" ${KAFKA_MVN_ARGS:-} dependency:copy-dependencies \
    > "$KAFKA_DIR/maven.log" 2>&1; then
    echo "Maven could not fetch the Kafka jars (is Maven Central reachable?). Last lines of $KAFKA_DIR/maven.log:" >&2
    tail -n 30 "$KAFKA_DIR/maven.log" >&2
    exit 1
  fi
  echo "$KAFKA_VERSION" > "$LIB/.version"
fi

# The configuration with the data folder made absolute, shared by the storage tool and the broker.
sed "s#^log.dirs=.*#log.dirs=$DATA#" "$SCRIPTS/server.properties" > "$KAFKA_DIR/server.properties"
LOG4J="-Dlog4j.configuration=file:$SCRIPTS/log4j.properties"

if [ ! -f "$DATA/meta.properties" ]; then
  # A KRaft cluster id is 16 random bytes in URL-safe base64 without padding.
  cluster_id="$(node -e 'process.stdout.write(require("node:crypto").randomBytes(16).toString("base64url"))')"
  echo "Formatting Kafka storage in $DATA (cluster id $cluster_id)..."
  "$JAVA" -Xmx256m "-Dlog4j.configuration=file:$SCRIPTS/tools-log4j.properties" -cp "$LIB/*" \
    kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$KAFKA_DIR/server.properties" --ignore-formatted
fi

[ -f "$LOG_FILE" ] && mv -f "$LOG_FILE" "$LOG_FILE.1"
echo "Starting Kafka $KAFKA_VERSION on $HOST:$PORT..."
# setsid detaches the broker from npm's session so it outlives this script and the terminal; it must
# not inherit the start lock (fd 9), or the next start would wait for the broker to exit.
detach=()
command -v setsid >/dev/null && detach=(setsid)
# shellcheck disable=SC2086
nohup "${detach[@]}" "$JAVA" $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
  -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "$LOG4J" "-Dkafka.logs.dir=$KAFKA_DIR" \
  -cp "$LIB/*" kafka.Kafka "$KAFKA_DIR/server.properties" > "$LOG_FILE" 2>&1 < /dev/null 9>&- &
pid=$!
echo "$pid" > "$PID_FILE"
wait_until_ready "$pid"
