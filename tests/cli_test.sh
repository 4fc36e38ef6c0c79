#!/usr/bin/env bash
# The client commands as a user runs them, against a real `eventioz serve`: topic
# create/list/describe/alter/delete, produce with keys and headers, consume back as JSON,
# cluster info, bench produce/consume, and the errors a user meets.
#   cli_test.sh <path to eventioz>
# Set EVENTIOZ_KAFKA_BOOTSTRAP=HOST:PORT to run against a broker that is already running.
set -euo pipefail
eventioz=${1:?usage: cli_test.sh <path to eventioz>}
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

if [ -n "${EVENTIOZ_KAFKA_BOOTSTRAP:-}" ]; then
  brokers=$EVENTIOZ_KAFKA_BOOTSTRAP
else
  port=$(free_port)
  brokers="127.0.0.1:$port"
  "$eventioz" serve --data-dir "$work/data" --kafka-listen "$brokers" --http-listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 150); do  # up to 15 s
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "eventioz serve exited; its log:" >&2
      cat "$work/serve.log" >&2
      exit 1
    fi
    sleep 0.1
  done
fi
export EVENTIOZ_BROKERS=$brokers

. "$(dirname "$0")/lib/check.sh"

. "$(dirname "$0")/lib/eventioz_commands.sh"

has() { grep -q -- "$2" "$work/$1.out"; }

# 1. The cluster.
check "cluster info answers" run cluster cluster info
check "cluster info shows one broker" has cluster "^brokers *1"
check "cluster info shows the cluster id" has cluster "^cluster id"

# 2. Topics: create, refuse a duplicate, list, describe with configs.
check "topic create" run create topic create cli-orders --partitions 3 --config retention.ms=86400000
check "a duplicate is refused with TOPIC_ALREADY_EXISTS" \
  fails_with 1 duplicate TOPIC_ALREADY_EXISTS topic create cli-orders
check "--if-not-exists accepts it" run duplicate-ok topic create cli-orders --if-not-exists
check "a bad --config is a usage error" fails_with 2 bad-config KEY=VALUE topic create x --config oops
check "topic list" run list topic list
check "the list has the topic" has list "^cli-orders$"
check "topic describe" run describe topic describe cli-orders
check "describe shows 3 partitions" has describe "^partitions 3"
check "describe shows the config set at creation" has describe "retention.ms=86400000"
check "describing a missing topic fails" \
  fails_with 1 describe-missing UNKNOWN_TOPIC_OR_PARTITION topic describe no-such-topic

# 3. Alter: set, delete, grow.
check "topic alter sets configs" \
  run alter topic alter cli-orders --config retention.ms=3600000 --config max.message.bytes=2000000
check "describe shows the new values" bash -c "
  '$eventioz' topic describe cli-orders | grep -q 'retention.ms=3600000' &&
  '$eventioz' topic describe cli-orders | grep -q 'max.message.bytes=2000000'"
check "topic alter --delete-config" run alter2 topic alter cli-orders --delete-config max.message.bytes
check "the deleted config is back to its default" bash -c "
  ! '$eventioz' topic describe cli-orders | grep -q 'max.message.bytes=2000000' &&
  '$eventioz' topic describe cli-orders | grep -q 'retention.ms=3600000'"
check "topic alter --partitions grows the topic" run grow topic alter cli-orders --partitions 4
check "describe shows 4 partitions" bash -c "'$eventioz' topic describe cli-orders | grep -q '^partitions 4'"
check "alter with nothing to change is a usage error" \
  fails_with 2 alter-nothing "nothing to change" topic alter cli-orders

# 4. Produce lines with keys and headers, consume them back as JSON.
printf 'k1:v1\nk2:v2\nk1:v3\n:empty key\nno key here\n' >"$work/lines.in"
check "produce with keys and headers" bash -c "
  timeout 60 '$eventioz' produce cli-orders --key-separator : --header source=cli --header n=1 \
    --acks all <'$work/lines.in' 2>'$work/produce.err'"
check "produce reports its count" grep -q "produced 5 of 5 records" "$work/produce.err"
check "consume --from-beginning --exit-at-end --format json" \
  run consumed consume cli-orders --from-beginning --exit-at-end --format json
check "every record came back with its key, value, headers and partition" \
  /usr/bin/python3 - "$work/consumed.out" <<'EOF'
import json, sys
from kafka.partitioner.default import murmur2  # kafka-python: an independent murmur2
records = [json.loads(line) for line in open(sys.argv[1])]
assert len(records) == 5, records
by_value = {r["value"]: r for r in records}
expected = {"v1": "k1", "v2": "k2", "v3": "k1", "empty key": "", "no key here": None}
for value, key in expected.items():
    record = by_value[value]
    assert record["key"] == key, record
    assert record["topic"] == "cli-orders", record
    assert record["headers"] == [{"key": "n", "value": "1"}, {"key": "source", "value": "cli"}], record
    assert record["timestamp"] > 1_600_000_000_000, record
    if key is not None:  # keyed records go where Kafka's default partitioner puts them
        partition = (murmur2(key.encode()) & 0x7fffffff) % 4
        assert record["partition"] == partition, (record, partition)
# Within a partition, offsets follow the order the lines were written.
assert by_value["v1"]["offset"] < by_value["v3"]["offset"], (by_value["v1"], by_value["v3"])
EOF
check "consume --count stops early" run count consume cli-orders --from-beginning --count 2
check "and printed two values" test "$(wc -l <"$work/count.out")" = 2
partition=$(/usr/bin/python3 -c "
from kafka.partitioner.default import murmur2
print((murmur2(b'k1') & 0x7fffffff) % 4)")
check "consume --partition --offset --format kv" \
  run kv consume cli-orders --partition "$partition" --offset 1 --exit-at-end --format kv --key-separator =
check "kv shows the second k1 record" has kv "^k1=v3$"

# 5. Every codec round-trips through the broker.
for codec in none gzip snappy lz4 zstd; do
  check "create cli-$codec" run "create-$codec" topic create "cli-$codec"
  seq 1 500 | sed "s/^/$codec-/" >"$work/$codec.in"
  check "produce with $codec" bash -c "
    timeout 60 '$eventioz' produce cli-$codec --compression $codec --linger-ms 50 <'$work/$codec.in' 2>/dev/null"
  check "consume what $codec wrote" \
    run "consume-$codec" consume "cli-$codec" --from-beginning --exit-at-end
  check "the $codec records are all there, in order" cmp "$work/$codec.in" "$work/consume-$codec.out"
done

# 6. Timestamps: --from-timestamp after every record starts at the end.
check "consume --from-timestamp in the future finds nothing" \
  run future consume cli-none --from-timestamp 99999999999999 --exit-at-end
check "and prints nothing" test ! -s "$work/future.out"

# 7. Bench.
check "bench produce --count 2000" \
  run bench-produce bench produce --topic cli-bench --partitions 2 --count 2000 --message-size 200 --json
check "bench produce reports 2000 records, no failures, latencies" \
  /usr/bin/python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
assert r['records'] == 2000 and r['failed'] == 0 and r['partitions'] == 2, r
assert 0 < r['latency_ms']['p50'] <= r['latency_ms']['p99'] <= r['latency_ms']['p99_9'], r
assert r['msgs_per_s'] > 0 and r['mb_per_s'] > 0, r
" "$work/bench-produce.out"
check "bench consume --count 2000" run bench-consume bench consume --topic cli-bench --count 2000 --json
check "bench consume read 2000 records" /usr/bin/python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
assert r['records'] == 2000 and r['bytes'] == 2000 * 200, r
" "$work/bench-consume.out"
check "bench produce with acks 0, lz4, 2 producers (text output)" \
  run bench-text bench produce --topic cli-bench --count 2000 --acks 0 --compression lz4 --concurrency 2
check "the text report has throughput" has bench-text "msgs/s"

# 8. Errors a user meets.
check "producing to a missing topic fails and says so" bash -c "
  echo x | timeout 60 '$eventioz' produce no-such-topic 2>'$work/missing.err'; test \$? = 1 &&
  grep -q UNKNOWN_TOPIC_OR_PARTITION '$work/missing.err'"
closed_port=$(free_port)
check "no broker: exit 1 with a hint" fails_with 1 refused "eventioz serve" \
  topic list --brokers "127.0.0.1:$closed_port"
check "a bad --acks is a usage error" fails_with 2 acks "use 0" produce cli-orders --acks 2
check "an unknown flag is a usage error" fails_with 2 unknown-flag "no-such-flag" produce cli-orders --no-such-flag
check "a partition out of range is refused" fails_with 1 partition "no partition 9" \
  consume cli-orders --partition 9
for command in "topic create" "topic list" "topic describe" "topic alter" "topic delete" \
  produce consume "cluster info" "bench produce" "bench consume"; do
  # shellcheck disable=SC2086
  check "$command --help shows --brokers" bash -c "'$eventioz' $command --help | grep -q -- --brokers"
done

# 9. Delete.
check "topic delete" run delete topic delete cli-orders
check "the topic is gone from the list" bash -c "! '$eventioz' topic list | grep -q '^cli-orders$'"
check "deleting it again fails" fails_with 1 delete-again UNKNOWN_TOPIC_OR_PARTITION topic delete cli-orders
check "--if-exists accepts it" run delete-ok topic delete cli-orders --if-exists

if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
  echo "FAILED: the broker died during the test; its log:"
  tail -30 "$work/serve.log"
  failures=$((failures + 1))
fi
finish_checks
