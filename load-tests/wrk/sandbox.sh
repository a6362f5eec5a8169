#!/usr/bin/env bash
# The sandbox inbound API driven by wrk: starts the Release build of the host on an empty SQLite file,
# links a sandbox bot, warms up, then prints one line per measured run (throughput, latency, host CPU).
#   dotnet build -c Release src/MyChatImposter && dotnet build -c Release load-tests/MyChatImposter.LoadTests
#   bash load-tests/wrk/sandbox.sh
# Settings (environment): CONNECTIONS=128 DURATION=20 RUNS=3 WARMUP=15 CORRESPONDENTS=100 PORT=5080
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dll="$root/src/MyChatImposter/bin/Release/net10.0/MyChatImposter.dll"
harness="$root/load-tests/MyChatImposter.LoadTests/bin/Release/net10.0/MyChatImposter.LoadTests.dll"
connections="${CONNECTIONS:-128}" duration="${DURATION:-20}" runs="${RUNS:-3}" warmup="${WARMUP:-15}" port="${PORT:-5080}"
export CORRESPONDENTS="${CORRESPONDENTS:-100}"
url="http://127.0.0.1:$port"
password='Load-Admin-Passw0rd!'
for file in "$dll" "$harness"; do
  [ -f "$file" ] || { echo "missing $file: build both projects with -c Release first" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }

if curl -s -o /dev/null "$url/health"; then echo "something already answers on $url: stop it or set PORT" >&2; exit 2; fi
data="$(mktemp -d)"
host_pid=""
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

store=(--Storage:Provider=Sqlite "--Storage:Sqlite:Path=$data/load.db")
echo "$password" | dotnet "$dll" create-admin load-admin "${store[@]}" >/dev/null
(cd "$data" && exec dotnet "$dll" --urls "$url" "${store[@]}" --Auth:LoginAttemptsPerMinute=10000 \
  --Logging:LogLevel:Default=Warning >"$data/host.log" 2>&1) &
host_pid=$!
for _ in $(seq 1 60); do curl -sf "$url/health" >/dev/null && break; sleep 0.5; done
curl -sf "$url/health" >/dev/null || { echo "the host did not start:" >&2; tail -20 "$data/host.log" >&2; exit 1; }
host_pid="$(pgrep -f -n "MyChatImposter.dll --urls $url")"

# The harness makes the bot's configuration and links it (as its sandbox scenario does), then the cookie.
dotnet "$harness" sandbox --users 1 --duration 1s --warmup 0s --url "$url" --user load-admin --password "$password" >/dev/null 2>&1
curl -sf -c "$data/cookies" -H 'Content-Type: application/json' \
  -d "{\"user_id\":\"load-admin\",\"password\":\"$password\"}" "$url/api/external/auth/login" >/dev/null
export COOKIE="$(awk '/imposter_session/ {print $6 "=" $7}' "$data/cookies")"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$host_pid/stat"; }
RUN=warmup wrk -t2 -c"$connections" -d"${warmup}s" -s "$root/load-tests/wrk/sandbox-inbound.lua" "$url" >/dev/null
echo "| run | connections | requests/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | host cores | host CPU ms/request |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
ticks_per_second="$(getconf CLK_TCK)"
for run in $(seq 1 "$runs"); do
  before="$(cpu_ticks)"
  out="$(RUN="m$run" wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$root/load-tests/wrk/sandbox-inbound.lua" "$url")"
  after="$(cpu_ticks)"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  pct() { awk -v p="$1" '$1 == p {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms/,"",v); else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out"; }
  max="$(awk '/Latency/ && !/Distribution/ {v=$4; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms/,"",v); else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v; exit}' <<<"$out")"
  errors="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  cores="$(awk -v b="$before" -v a="$after" -v t="$ticks_per_second" -v d="$duration" 'BEGIN {printf "%.2f", (a - b) / t / d}')"
  per_request="$(awk -v b="$before" -v a="$after" -v t="$ticks_per_second" -v d="$duration" -v r="$rps" 'BEGIN {printf "%.3f", (a - b) / t * 1000 / (r * d)}')"
  echo "| $run | $connections | $rps | $(pct 50%) | $(pct 90%) | $(pct 99%) | $max | ${errors:-0} | $cores | $per_request |"
done
