#!/usr/bin/env bash
# kcat (librdkafka 2.0.2) against `eventioz serve`: metadata, a produce/consume round trip with
# keys, headers and null keys and values, every compression codec, and offsets for timestamps.
#   kcat_test.sh <path to eventioz>
# The harness starts the broker and runs this script again with EVENTIOZ_KAFKA_BOOTSTRAP set
# (set it yourself to run against a broker that is already running).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${EVENTIOZ_KAFKA_BOOTSTRAP:-}" ]; then
  exec /usr/bin/python3 "$here/harness.py" run "${1:?usage: kcat_test.sh <path to eventioz>}" -- "$0" "$1"
fi
bootstrap=$EVENTIOZ_KAFKA_BOOTSTRAP
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$here/../lib/check.sh"

same_file() {  # same_file <expected> <actual>: shows the difference when they differ
  if cmp -s "$1" "$2"; then return 0; fi
  diff -u "$1" "$2" | head -40 | sed 's/^/    /'
  return 1
}

# Every kcat run is bounded, quiet on success and keeps its stderr for the report.
kc() {
  local status=0
  timeout 60 kcat -b "$bootstrap" -m 15 -X socket.timeout.ms=15000 "$@" 2>"$work/kcat.err" \
    || status=$?
  if [ "$status" != 0 ]; then
    echo "    kcat $* exited with status $status:"
    sed 's/^/    /' "$work/kcat.err" | tail -20
  fi
  return $status
}

produce() {  # produce <topic> <kcat producer options...> < input: all to partition 0
  local topic=$1
  shift
  kc -P -t "$topic" -p 0 -X acks=all -X message.timeout.ms=30000 "$@"
}

consume() {  # consume <topic> <format> [start offset]: partition 0 to its end, then exit
  kc -C -t "$1" -p 0 -o "${3:-beginning}" -e -f "$2"
}

to_file() {  # to_file <file> <command...>: the command's standard output into the file
  local file=$1
  shift
  "$@" >"$file"
}

# 1. Metadata: the broker itself, and a topic created on first use (one partition by default).
printf 'first\n' >"$work/first.in"
check "produce to a new topic (auto-created)" produce kcat-auto <"$work/first.in"
check "kcat -L -J answers" to_file "$work/metadata.json" kc -L -J -t kcat-auto
check "metadata lists this broker and the auto-created topic with 1 partition" \
  /usr/bin/python3 - "$work/metadata.json" "$bootstrap" <<'EOF'
import json, sys
metadata = json.load(open(sys.argv[1]))
bootstrap = sys.argv[2]
brokers = [b["name"] for b in metadata["brokers"]]
assert brokers == [bootstrap], f"brokers {brokers}, expected [{bootstrap!r}]"
ids = [b["id"] for b in metadata["brokers"]]
topics = {t["topic"]: t for t in metadata["topics"]}
topic = topics.get("kcat-auto")
assert topic is not None, f"no kcat-auto in {list(topics)}"
assert "error" not in topic, topic["error"]
assert len(topic["partitions"]) == 1, topic["partitions"]
partition = topic["partitions"][0]
assert partition["partition"] == 0 and partition["leader"] == ids[0], partition
EOF
kc -L -t kcat-auto >"$work/metadata.txt" || true
check "plain kcat -L shows the broker" grep -q "broker [0-9]* at $bootstrap" "$work/metadata.txt"
check "plain kcat -L shows the topic" grep -q 'topic "kcat-auto" with 1 partitions' "$work/metadata.txt"
printf 'first\n' >"$work/first.expected"
consume kcat-auto '%s\n' >"$work/first.out" || true
check "the first record reads back" same_file "$work/first.expected" "$work/first.out"

# 2. Keys (-K:), headers (-H, on every record), null keys and null values (-Z).
cat >"$work/keyed.in" <<'EOF'
k1:v1
k2:hello world
k3:
:v4
k5:v5:with:colons
k6:héllo ünïcode
EOF
check "produce keyed records with headers and nulls" \
  produce kcat-keyed -K: -Z -H trace=abc -H kind=kcat-test <"$work/keyed.in"
# %K and %S are -1 for a null key or value; %h is name=value,... in produce order.
cat >"$work/keyed.expected" <<'EOF'
0 2|k1|2|v1|trace=abc,kind=kcat-test
1 2|k2|11|hello world|trace=abc,kind=kcat-test
2 2|k3|-1||trace=abc,kind=kcat-test
3 -1||2|v4|trace=abc,kind=kcat-test
4 2|k5|14|v5:with:colons|trace=abc,kind=kcat-test
5 2|k6|16|héllo ünïcode|trace=abc,kind=kcat-test
EOF
consume kcat-keyed '%o %K|%k|%S|%s|%h\n' >"$work/keyed.out" || true
check "keys, values, nulls, headers and offsets read back exactly" \
  same_file "$work/keyed.expected" "$work/keyed.out"

# 3. Every compression codec, one topic each: 500 compressible records in a few batches.
for codec in none gzip snappy lz4 zstd; do
  for i in $(seq 0 499); do
    printf 'key-%04d:%s value %d of the %s topic, repeated to compress well\n' \
      "$i" "$codec" "$i" "$codec"
  done >"$work/$codec.in"
  sed 's/^\([^:]*\):\(.*\)$/\1=\2/' "$work/$codec.in" >"$work/$codec.expected"
  check "produce 500 records with compression.codec=$codec" \
    produce "kcat-codec-$codec" -K: -X compression.codec="$codec" -X linger.ms=20 \
    -X batch.num.messages=200 <"$work/$codec.in"
  consume "kcat-codec-$codec" '%k=%s\n' >"$work/$codec.out" || true
  check "the $codec records read back exactly, in order" \
    same_file "$work/$codec.expected" "$work/$codec.out"
done

# 4. Offsets for times: five records with explicit timestamps (kcat cannot set them; the
#    confluent_kafka producer can), then kcat -Q and a consume from a timestamp.
base=1600000000000
check "produce five records with explicit timestamps (confluent_kafka)" \
  /usr/bin/python3 - "$bootstrap" "$base" <<'EOF'
import sys
from confluent_kafka import Producer
bootstrap, base = sys.argv[1], int(sys.argv[2])
errors = []
producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0})
for i in range(5):
    producer.produce("kcat-times", value=f"at {i}".encode(), partition=0,
                     timestamp=base + i * 1000,
                     on_delivery=lambda err, msg: errors.append(err) if err else None)
    producer.flush(30)  # one batch per record
left = producer.flush(30)
assert left == 0 and not errors, f"{left} undelivered, errors {errors}"
EOF
cat >"$work/times.expected" <<EOF
$base at 0
$((base + 1000)) at 1
$((base + 2000)) at 2
$((base + 3000)) at 3
$((base + 4000)) at 4
EOF
consume kcat-times '%T %s\n' >"$work/times.out" || true
check "the timestamps read back" same_file "$work/times.expected" "$work/times.out"
query_offset() {  # query_offset <timestamp>: the offset kcat -Q reports for partition 0
  kc -Q -t "kcat-times:0:$1" | sed -n 's/.*\[0\] offset \(-\{0,1\}[0-9]*\).*/\1/p'
}
check "offset for a timestamp between records 1 and 2 is 2" \
  test "$(query_offset $((base + 1500)))" = 2
check "offset for the exact timestamp of record 3 is 3" \
  test "$(query_offset $((base + 3000)))" = 3
check "offset for a timestamp before every record is 0" \
  test "$(query_offset $((base - 60000)))" = 0
check "offset for a timestamp after every record is -1 (the end)" \
  test "$(query_offset $((base + 60000)))" = -1
printf '%s at 2\n%s at 3\n%s at 4\n' $((base + 2000)) $((base + 3000)) $((base + 4000)) \
  >"$work/from-time.expected"
consume kcat-times '%T %s\n' "s@$((base + 1500))" >"$work/from-time.out" || true
check "consume from a timestamp (-o s@...) starts at the right record" \
  same_file "$work/from-time.expected" "$work/from-time.out"

finish_checks
