#!/usr/bin/env bash
# `eventioz group list|describe|reset-offsets|delete` against a group a real consumer
# (confluent-kafka, i.e. librdkafka) joined and committed in: listing, members and their
# partitions, committed offsets and lag, the refusals while the group has members, each kind of
# reset (and that a consumer then resumes where the reset put it), and deletion.
#   group_cli_test.sh <path to eventioz>
# The harness starts the broker and runs this script again with EVENTIOZ_KAFKA_BOOTSTRAP set
# (set it yourself to run against a broker that is already running).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
eventioz=${1:?usage: group_cli_test.sh <path to eventioz>}
if [ -z "${EVENTIOZ_KAFKA_BOOTSTRAP:-}" ]; then
  exec /usr/bin/python3 "$here/kafka/harness.py" run "$eventioz" -- "$0" "$eventioz"
fi
export EVENTIOZ_BROKERS=$EVENTIOZ_KAFKA_BOOTSTRAP
work=$(mktemp -d)
member=""
cleanup() {
  if [ -n "$member" ]; then kill "$member" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

. "$here/lib/check.sh"
consumer() { timeout 90 /usr/bin/python3 "$here/lib/group_consumer.py" "$@"; }

. "$here/lib/eventioz_commands.sh"

# partitions <describe --json output>: "PARTITION COMMITTED LOG-END LAG MEMBER?" per partition,
# with "-" for nulls and "member"/"-" for whether a member owns it.
partitions() {
  /usr/bin/python3 -c '
import json, sys
group = json.load(open(sys.argv[1]))
for p in group["partitions"]:
    cells = [p["partition"], p["committed_offset"], p["log_end_offset"], p["lag"]]
    cells = ["-" if c is None else str(c) for c in cells]
    print(" ".join(cells + ["member" if p["member_id"] else "-"]))
' "$work/$1.out"
}

expect_partitions() {  # expect_partitions <name> <expected lines...>
  local name=$1
  shift
  printf '%s\n' "$@" >"$work/$name.expected"
  partitions "$name" >"$work/$name.actual"
  if cmp -s "$work/$name.expected" "$work/$name.actual"; then return 0; fi
  diff -u "$work/$name.expected" "$work/$name.actual" | sed 's/^/    /'
  return 1
}

# 1. Ten records in each of three partitions; a member reads them all, commits 10 for
#    partition 0 and 4 for partition 1 (nothing for 2), and stays in the group.
topic=group-cli-orders
group=group-cli-app
check "topic create" run create topic create "$topic" --partitions 3
for partition in 0 1 2; do
  check "produce 10 records to partition $partition" bash -c "
    seq 1 10 | timeout 60 '$eventioz' produce $topic --partition $partition 2>/dev/null"
done
# (timeout itself in the background, so $! is a process that passes a kill on to the consumer)
timeout 90 /usr/bin/python3 "$here/lib/group_consumer.py" hold "$EVENTIOZ_BROKERS" "$group" \
  "$topic" "0:10,1:4" "$work/ready" "$work/stop" >"$work/member.log" 2>&1 &
member=$!
for _ in $(seq 300); do  # up to 30 s, less if the consumer gave up
  [ -e "$work/ready" ] || ! kill -0 "$member" 2>/dev/null && break
  sleep 0.1
done
check "the consumer joined the group and committed" test -e "$work/ready"

# 2. Listing and describing the group while its member is in it.
check "group list" run list group list
check "the list shows the group, Stable, of the consumer protocol" \
  grep -Eq "^$group +Stable +consumer$" "$work/list.out"
check "group list --json" run list-json group list --json
check "the JSON list has the group" /usr/bin/python3 -c "
import json, sys
groups = {g['group_id']: g for g in json.load(open(sys.argv[1]))}
expected = {'group_id': '$group', 'state': 'Stable', 'protocol_type': 'consumer'}
assert groups['$group'] == expected, groups
" "$work/list-json.out"
check "group describe" run describe group describe "$group"
check "describe shows the state and the chosen assignor" \
  bash -c "grep -q '^state *Stable$' '$work/describe.out' &&
    grep -Eq '^protocol *consumer \((range|roundrobin|cooperative-sticky)\)$' '$work/describe.out'"
check "describe shows the member with its client id and partitions" \
  grep -Eq "^  [^ ]+ +group-cli-test +[^ ]+ +$topic:0,1,2$" "$work/describe.out"
check "describe shows per-partition lag, '-' where nothing is committed" \
  bash -c "grep -Eq '^  $topic +1 +4 +10 +6 ' '$work/describe.out' &&
           grep -Eq '^  $topic +2 +- +10 +- ' '$work/describe.out'"
check "group describe --json" run describe-json group describe "$group" --json
check "committed 10 and 4, nothing for partition 2; every partition owned" \
  expect_partitions describe-json "0 10 10 0 member" "1 4 10 6 member" "2 - 10 - member"

# 3. Refusals while the member is in the group.
check "reset-offsets refuses while the group has a member" \
  fails_with 1 reset-active "active member" group reset-offsets "$group" --topic "$topic" \
  --to-earliest --execute
check "delete refuses a group with members: NON_EMPTY_GROUP, explained" \
  fails_with 1 delete-active "NON_EMPTY_GROUP.*stop its consumers" group delete "$group"
check "reset-offsets needs exactly one target (usage, exit 2)" \
  fails_with 2 reset-two "exactly one" group reset-offsets "$group" --topic "$topic" \
  --to-earliest --to-latest
check "a bad --to-datetime is a usage error" \
  fails_with 2 reset-date "YYYY-MM-DD" group reset-offsets "$group" --topic "$topic" \
  --to-datetime yesterday

# 4. The member leaves: the group is Empty and keeps its offsets.
touch "$work/stop"
check "the consumer left the group" wait "$member"
member=""
check "describe after the member left" run empty group describe "$group" --json
check "the group is Empty with its offsets, no owners" /usr/bin/python3 -c "
import json, sys
group = json.load(open(sys.argv[1]))
assert group['state'] == 'Empty' and group['members'] == [], group
" "$work/empty.out"
check "its partitions" expect_partitions empty "0 10 10 0 -" "1 4 10 6 -"

# 5. Resets: the plan alone changes nothing; --execute does.
check "reset-offsets --to-earliest (plan only)" \
  run plan group reset-offsets "$group" --topic "$topic" --to-earliest
check "the plan lists every partition from its current offset to 0" bash -c "
  grep -Eq '^$topic +0 +10 +0$' '$work/plan.out' && grep -Eq '^$topic +1 +4 +0$' '$work/plan.out' &&
  grep -Eq '^$topic +2 +- +0$' '$work/plan.out' && grep -q 'add --execute' '$work/plan.err'"
check "nothing changed" run after-plan group describe "$group" --json
check "the offsets are as before" expect_partitions after-plan "0 10 10 0 -" "1 4 10 6 -"
check "reset --to-offset 2 on partition 1" \
  run to-offset group reset-offsets "$group" --topic "$topic" --partition 1 --to-offset 2 --execute
check "reset --shift-by -3 on partition 0" \
  run shift group reset-offsets "$group" --topic "$topic" --partition 0 --shift-by -3 --execute
check "reset --to-datetime in the future on partition 2 goes to the end" \
  run future group reset-offsets "$group" --topic "$topic" --partition 2 \
  --to-datetime 2999-01-01T00:00:00Z --execute
check "describe after the resets" run reset group describe "$group" --json
check "offsets 7, 2 and 10" expect_partitions reset "0 7 10 3 -" "1 2 10 8 -" "2 10 10 0 -"
check "--to-offset past the end stops at the end" \
  run past group reset-offsets "$group" --topic "$topic" --partition 1 --to-offset 1000
check "the plan says 10" grep -Eq "^$topic +1 +2 +10$" "$work/past.out"
check "--to-datetime long ago goes to the start" \
  run past-time group reset-offsets "$group" --topic "$topic" --to-datetime 2000-01-01T00:00:00Z
check "the plan says 0 everywhere" \
  test "$(grep -Ec "^$topic +[0-2] +[0-9-]+ +0$" "$work/past-time.out")" = 3
check "a partition the topic lacks is refused" \
  fails_with 1 no-partition "no partition 7" group reset-offsets "$group" --topic "$topic" \
  --partition 7 --to-earliest

# 6. A consumer resumes where the reset put it: partition 1 from 5, the others at their end.
check "reset partition 1 to 5" run resume group reset-offsets "$group" --topic "$topic" \
  --partition 1 --to-offset 5 --execute
check "reset partition 0 to the end" run resume-0 group reset-offsets "$group" --topic "$topic" \
  --partition 0 --to-latest --execute
drain() {
  consumer drain "$EVENTIOZ_BROKERS" "$group" "$topic" >"$work/drain.out" 2>"$work/drain.err"
}
check "a consumer in the group reads" drain
check "it read exactly partition 1's offsets 5 to 9" \
  test "$(tr '\n' ' ' <"$work/drain.out")" = "1 5 1 6 1 7 1 8 1 9 "

# 7. Delete.
check "group delete" run delete group delete "$group"
check "it says so" grep -q "deleted group $group" "$work/delete.err"
check "the group is gone from the list" bash -c "
  timeout 60 '$eventioz' group list >'$work/list-after.out' 2>/dev/null &&
  ! grep -q '^$group ' '$work/list-after.out'"
check "describing it fails: it does not exist" \
  fails_with 1 describe-gone "$group" group describe "$group"
check "deleting it again fails with GROUP_ID_NOT_FOUND" \
  fails_with 1 delete-again GROUP_ID_NOT_FOUND group delete "$group"

for command in "group list" "group describe" "group reset-offsets" "group delete"; do
  # shellcheck disable=SC2086
  check "$command --help shows --brokers" \
    bash -c "'$eventioz' $command --help | grep -q -- --brokers"
done
finish_checks
