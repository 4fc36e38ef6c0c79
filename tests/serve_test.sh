#!/usr/bin/env bash
# `eventioz serve` as a user runs it: creates its data directory, keeps running, and shuts down
# cleanly on SIGTERM and on SIGINT; bad flags are refused with a usage message.
#   serve_test.sh <path to eventioz>
set -euo pipefail
eventioz=$1
work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. "$(dirname "$0")/lib/check.sh"

wait_for_log() {  # wait_for_log <file> <text>: up to 10 s
  for _ in $(seq 100); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

stop_and_wait() {  # stop_and_wait <signal>: returns the exit code
  kill -"$1" "$pid"
  local code=0
  wait "$pid" || code=$?
  pid=""
  return $code
}

# 1. Creates a missing data directory (with parents) and stops cleanly on SIGTERM.
"$eventioz" serve --kafka-listen 127.0.0.1:0 --http-listen 127.0.0.1:0 --data-dir "$work/nested/data" >"$work/serve.log" 2>&1 &
pid=$!
check "serve reports it is serving" wait_for_log "$work/serve.log" "eventioz ready"
check "the data directory exists" test -d "$work/nested/data"
check "SIGTERM exits 0" stop_and_wait TERM
check "shutdown is reported clean" grep -q "shutdown complete" "$work/serve.log"

# 2. The environment variable works, and SIGINT (Ctrl-C) also shuts down cleanly.
EVENTIOZ_DATA_DIR="$work/from-env" EVENTIOZ_KAFKA_LISTEN=127.0.0.1:0 EVENTIOZ_HTTP_LISTEN=127.0.0.1:0 "$eventioz" serve >"$work/serve2.log" 2>&1 &
pid=$!
check "serve with EVENTIOZ_DATA_DIR starts" wait_for_log "$work/serve2.log" "eventioz ready"
check "EVENTIOZ_DATA_DIR is used" test -d "$work/from-env"
check "SIGINT exits 0" stop_and_wait INT

# 3. JSON logs are one valid JSON object per line.
"$eventioz" --log-format json serve --kafka-listen 127.0.0.1:0 --http-listen 127.0.0.1:0 --data-dir "$work/json" >"$work/serve3.log" 2>&1 &
pid=$!
check "json serve starts" wait_for_log "$work/serve3.log" "eventioz ready"
check "json serve stops" stop_and_wait TERM
check "every log line is JSON" /usr/bin/python3 -c '
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
assert lines, "no log lines"
for l in lines: json.loads(l)
' "$work/serve3.log"

# 4. Usage errors: exit 2 (CLI11's convention is non-zero) with a message.
check "an unknown flag is refused" bash -c "! '$eventioz' serve --no-such-flag >/dev/null 2>&1"
check "a bad log level is refused" bash -c "! '$eventioz' --log-level loud serve --data-dir '$work/x' >/dev/null 2>&1"
check "--help works" bash -c "'$eventioz' serve --help | grep -q -- --data-dir"

# 5. A data directory that cannot be created is a clear error, not a crash.
touch "$work/a-file"
code=0
"$eventioz" serve --kafka-listen 127.0.0.1:0 --http-listen 127.0.0.1:0 --data-dir "$work/a-file/data" >"$work/serve4.log" 2>&1 || code=$?
check "an impossible data directory exits 1" test "$code" = 1
check "and says why" grep -q "cannot open the data directory" "$work/serve4.log"

# 6. The config file is read; the environment overrides it, and flags override both.
cat >"$work/eventioz.toml" <<TOML
data_dir = "$work/from-file"
[kafka]
listen = "127.0.0.1:0"
default_partitions = 3
[http]
listen = "127.0.0.1:0"
[log]
"retention.ms" = 3600000
TOML
"$eventioz" serve --config "$work/eventioz.toml" >"$work/serve5.log" 2>&1 &
pid=$!
check "serve with a config file starts" wait_for_log "$work/serve5.log" "eventioz ready"
check "the file's data_dir is used" test -d "$work/from-file"
check "config file serve stops" stop_and_wait TERM
EVENTIOZ_DATA_DIR="$work/env-wins" "$eventioz" serve --config "$work/eventioz.toml" \
  >"$work/serve6.log" 2>&1 &
pid=$!
check "EVENTIOZ_DATA_DIR overrides the file" wait_for_log "$work/serve6.log" "data in $work/env-wins"
check "env serve stops" stop_and_wait TERM
printf '[kafka]\nlisten = "nonsense"\n' >"$work/bad.toml"
code=0
"$eventioz" serve --config "$work/bad.toml" >"$work/serve7.log" 2>&1 || code=$?
check "a bad setting in the file exits 2" test "$code" = 2
check "and names the key" grep -q "kafka.listen" "$work/serve7.log"
printf 'this is = not toml [\n' >"$work/broken.toml"
code=0
"$eventioz" serve --config "$work/broken.toml" >"$work/serve8.log" 2>&1 || code=$?
check "a file that is not TOML exits 2 with its line" bash -c "test $code = 2 && grep -q 'broken.toml:1' '$work/serve8.log'"

# 7. A taken port is a clear error.
"$eventioz" serve --kafka-listen 127.0.0.1:0 --http-listen 127.0.0.1:0 --data-dir "$work/one" >"$work/serve9.log" 2>&1 &
pid=$!
wait_for_log "$work/serve9.log" "eventioz ready" || true
port=$(sed -n 's/.*Kafka on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve9.log" | head -1)
code=0
"$eventioz" serve --kafka-listen "127.0.0.1:$port" --data-dir "$work/two" >"$work/serve10.log" 2>&1 || code=$?
check "a port in use exits 1" test "$code" = 1
check "and says so" grep -q "cannot listen for Kafka clients" "$work/serve10.log"
code=0
"$eventioz" serve --kafka-listen 127.0.0.1:0 --http-listen 127.0.0.1:0 --data-dir "$work/one" >"$work/serve11.log" 2>&1 || code=$?
check "a data directory in use by another broker exits 1" test "$code" = 1
check "and says so" grep -q "in use by another eventioz process" "$work/serve11.log"
check "first serve stops" stop_and_wait TERM

# 8. A host name is resolved (what most users type).
"$eventioz" serve --kafka-listen localhost:0 --data-dir "$work/by-name" >"$work/serve12.log" 2>&1 &
pid=$!
check "serve on localhost:0 starts" wait_for_log "$work/serve12.log" "eventioz ready"
check "localhost serve stops" stop_and_wait TERM

finish_checks
