#!/usr/bin/env bash
# Starts the MongoDB wire-protocol stand-in (jongodb) in the background on 127.0.0.1:PORT, waits until the
# port accepts connections, and prints the server's PID. Run `npm ci --prefix tests/mongo-standin` first.
# Usage: tests/mongo-standin/start.sh PORT
set -euo pipefail

port="${1:?usage: start.sh PORT}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary="$here/node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb"
log="${MONGO_STANDIN_LOG:-${TMPDIR:-/tmp}/mongo-standin-$port.log}"

if [[ ! -x "$binary" ]]; then
  echo "mongo-standin: $binary not found; run: npm ci --prefix tests/mongo-standin" >&2
  exit 1
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if port_open; then
  echo "mongo-standin: something already listens on 127.0.0.1:$port" >&2
  exit 1
fi

# setsid + nohup: the server outlives this script and the shell that ran it.
setsid nohup "$binary" --host=127.0.0.1 --port="$port" >"$log" 2>&1 </dev/null &
pid=$!

# It normally listens in well under a second; give up after 30 s.
for _ in $(seq 1 300); do
  if port_open; then
    echo "$pid"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "mongo-standin: the server exited before listening; its log ($log):" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done

echo "mongo-standin: 127.0.0.1:$port did not accept connections within 30 s; log: $log" >&2
kill "$pid" 2>/dev/null || true
exit 1
