# Shared by start.sh and stop.sh: where the broker's files live, how to find its process, and how to
# ask it whether it serves clients. Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRIPTS="$ROOT/scripts/kafka"
KAFKA_DIR="${KSQLITE_KAFKA_DIR:-$ROOT/.kafka}"
LIB="$KAFKA_DIR/lib"
DATA="$KAFKA_DIR/data"
PID_FILE="$KAFKA_DIR/broker.pid"
LOG_FILE="$KAFKA_DIR/broker.log"
HOST=127.0.0.1
PORT=9092

# The pid in the pid file, if that process is alive and is a Kafka broker (so a stale pid reused by
# another program is never signalled).
broker_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'kafka\.Kafka' || return 1
  fi
  echo "$pid"
}

# Succeeds when a broker on $HOST:$PORT answers a Metadata request listing at least one live broker.
# A TCP connect alone is not enough: KRaft binds the port before the broker is unfenced, and until
# then clients cannot create topics.
broker_ready() {
  node -e '
    const net = require("node:net");
    const [host, port] = [process.argv[1], Number(process.argv[2])];
    const clientId = Buffer.from("ksqlite-probe");
    // Metadata v1 request with an empty topic array: header (api key 3, version 1, correlation id,
    // client id) then the array length 0.
    const req = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length + 4);
    let o = req.writeInt32BE(req.length - 4, 0);
    o = req.writeInt16BE(3, o);
    o = req.writeInt16BE(1, o);
    o = req.writeInt32BE(7, o);
    o = req.writeInt16BE(clientId.length, o);
    o += clientId.copy(req, o);
    req.writeInt32BE(0, o);
    const socket = net.connect({ host, port }, () => socket.write(req));
    let buf = Buffer.alloc(0);
    socket.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      // size, correlation id, then the number of live brokers.
      if (buf.length >= 12) process.exit(buf.readInt32BE(4) === 7 && buf.readInt32BE(8) > 0 ? 0 : 2);
    });
    socket.on("error", () => process.exit(1));
    setTimeout(() => process.exit(1), 3000);
  ' "$HOST" "$PORT" 2>/dev/null
}
