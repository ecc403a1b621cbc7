#!/usr/bin/env bash
# Load test of `POST /api/v1/export` on loopback with Debian's `wrk`: a typical spec
# (server/tests/data/typical-spec.json) exported as Terraform for DURATION, against the release
# server. Prints requests/s, p50/p99 latency, errors, and the server's resident memory before and
# after, as a Markdown section for docs/benchmarks.md. Run it on an otherwise idle machine.
#
# Usage: scripts/load-test.sh                 (60 s, 2 wrk threads, 64 connections)
#        DURATION=5s CONNECTIONS=32 scripts/load-test.sh
set -euo pipefail

cd "$(dirname "$0")/.."
duration=${DURATION:-60s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-64}
format=${FORMAT:-terraform}
spec=${SPEC:-server/tests/data/typical-spec.json}
backstop=${BACKSTOP:-target/release/backstop}

if ! command -v wrk >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: run 'sudo apt-get install wrk' (Debian's package) and retry" >&2
    exit 1
  fi
fi
if [[ ! -x $backstop ]]; then
  cargo build --release -p server
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
RUST_LOG=warn "$backstop" serve --addr "127.0.0.1:$port" --dist "$work" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT

for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status"; }

url="http://127.0.0.1:$port/api/v1/export?format=$format"
# One request by hand first: the answer must be a 200 attachment, or the figures mean nothing.
curl -fsS -o /dev/null -D "$work/headers" -H 'Content-Type: application/json' --data-binary "@$spec" "$url"
grep -qi '^content-disposition: attachment' "$work/headers"

cat >"$work/post.lua" <<LUA
local file = io.open("$spec", "rb")
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %.1f %.3f %.3f %.3f %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors))
end
LUA

rss_before=$(rss)
wrk --threads "$threads" --connections "$connections" --duration "$duration" --latency \
  --script "$work/post.lua" "$url" | tee "$work/wrk.out"
rss_after=$(rss)

read -r _ requests rate p50 p99 max errors < <(grep '^RESULT' "$work/wrk.out")
body_bytes=$(curl -fsS -H 'Content-Type: application/json' --data-binary "@$spec" "$url" | wc -c)

cat <<EOF

## Server load

\`scripts/load-test.sh\` (wrk $(wrk --version 2>&1 | awk 'NR == 1 { print $2 }'), $threads threads, $connections connections, $duration on loopback,
\`$backstop\`): \`POST /api/v1/export?format=$format\` with \`$spec\`
($(wc -c <"$spec") bytes in, $body_bytes bytes out), $(nproc) cores shared by server and load generator.

| requests | requests/s | p50 | p99 | max | errors | RSS before | RSS after |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| $requests | $rate | $p50 ms | $p99 ms | $max ms | $errors | $((rss_before / 1024)) MiB | $((rss_after / 1024)) MiB |
EOF
[[ $errors == 0 ]]
