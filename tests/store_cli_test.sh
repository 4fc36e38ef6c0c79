#!/usr/bin/env bash
# `eventioz store ...` as a user runs it, against a real `eventioz serve` over its HTTP API:
# creating and listing stores, appends with expected versions (conflicts print the current
# version, nothing written), idempotent retries, multi-event appends from stdin, reads in both
# directions across pages, state now and as of a version, stream ids with awkward characters,
# projections, stream deletion, and the errors and exit codes a user meets.
#   store_cli_test.sh <path to eventioz>
# The harness starts the broker and runs this script again with EVENTIOZ_HTTP_URL set (set
# EVENTIOZ_KAFKA_BOOTSTRAP and EVENTIOZ_HTTP_URL yourself to use a broker that is running).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
eventioz=${1:?usage: store_cli_test.sh <path to eventioz>}
if [ -z "${EVENTIOZ_KAFKA_BOOTSTRAP:-}" ]; then
  exec /usr/bin/python3 "$here/kafka/harness.py" run "$eventioz" -- "$0" "$eventioz"
fi
: "${EVENTIOZ_HTTP_URL:?the harness sets EVENTIOZ_HTTP_URL}"
export EVENTIOZ_BROKERS=$EVENTIOZ_KAFKA_BOOTSTRAP
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$here/lib/check.sh"
. "$here/lib/eventioz_commands.sh"

has() { grep -q -- "$2" "$work/$1.out"; }
err_has() { grep -q -- "$2" "$work/$1.err"; }

# json <name> <python expression over `v`, the parsed stdout>: prints the value.
json() {
  /usr/bin/python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
print(json.dumps(eval(sys.argv[2]), sort_keys=True))
' "$work/$1.out" "$2"
}
json_is() {  # json_is <name> <expression> <expected JSON text>
  local actual
  actual=$(json "$1" "$2") || return 1
  if [ "$actual" = "$3" ]; then return 0; fi
  echo "    $2 is $actual, expected $3"
  return 1
}
# lines_json <name> <python expression over `events`, the list of one JSON object per line>.
lines_is() {
  local actual
  actual=$(/usr/bin/python3 -c '
import json, sys
events = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print(json.dumps(eval(sys.argv[2]), sort_keys=True))
' "$work/$1.out" "$2") || return 1
  if [ "$actual" = "$3" ]; then return 0; fi
  echo "    $2 is $actual, expected $3"
  return 1
}

# 1. A bank store with a rules reducer from a file and snapshots every 2 events.
cat >"$work/account.json" <<'JSON'
{"type": "rules", "initial": {"balance": 0},
 "on": {"Opened":    [{"set": "/owner", "from": "/owner"}],
        "Deposited": [{"increment": "/balance", "by": "/amount"}],
        "Withdrawn": [{"decrement": "/balance", "by": "/amount"}]}}
JSON
check "store create with a reducer file" \
  run create store create bank --partitions 2 --reducer "@$work/account.json" --snapshot-interval 2
check "a second create is refused (topic-exists)" \
  fails_with 1 create-again topic-exists store create bank
check "store list" run list store list --json
check "the list has bank with 2 partitions" \
  json_is list '[s["partitions"] for s in v["stores"] if s["name"] == "bank"]' '[2]'
check "store describe" run describe store describe bank --json
check "describe shows the snapshot interval" json_is describe 'v["snapshot_interval"]' '2'
check "describe shows the index of both partitions" json_is describe 'len(v["index"])' '2'
check "a plain topic is not a store" bash -c "
  '$eventioz' topic create plain-topic >/dev/null 2>&1 || exit 1
  '$eventioz' store describe plain-topic >'$work/plain.out' 2>'$work/plain.err'
  [ \$? = 1 ] && grep -q 'HTTP 404' '$work/plain.err'"

# 2. Appends with expected versions.
check "append Opened with no_stream" run open store append bank account-1 --type Opened \
  --data '{"owner":"alice"}' --expected-version no_stream
check "it got version 0" has open "versions 0..0"
check "no_stream again is refused" \
  fails_with 1 open-again "current version: 0" store append bank account-1 --type Opened \
  --data '{"owner":"mallory"}' --expected-version no_stream
check "append Deposited at expected version 0" run deposit store append bank account-1 \
  --type Deposited --data '{"amount":100}' --expected-version 0 --id deposit-1
check "append Withdrawn at expected version 1 (JSON)" run withdraw store append bank account-1 \
  --type Withdrawn --data '{"amount":30}' --expected-version 1 --json
check "the answer names version 2" json_is withdraw '[v["first_version"], v["last_version"], v["duplicate"]]' '[2, 2, false]'
check "a stale expected version exits 1 with the current version" \
  fails_with 1 stale "current version: 2" store append bank account-1 --type Withdrawn \
  --data '{"amount":500}' --expected-version 1
check "and names the conflict" err_has stale "wrong-expected-version"
check "a retry of the deposit returns its original version" run retry store append bank \
  account-1 --type Deposited --data '{"amount":100}' --id deposit-1 --json
check "the retry is a duplicate at version 1" json_is retry '[v["duplicate"], v["first_version"]]' '[true, 1]'
check "the stream holds exactly 3 events" run read3 store read bank account-1 --json
check "versions 0, 1, 2 with their types" \
  lines_is read3 '[[e["version"], e["type"]] for e in events]' '[[0, "Opened"], [1, "Deposited"], [2, "Withdrawn"]]'
check "data comes back as JSON" lines_is read3 'events[1]["data"]' '{"amount": 100}'
check "the human table lists the events" run read3-text store read bank account-1
check "the table has a header and the Deposited row" bash -c "
  grep -q '^VERSION *TYPE' '$work/read3-text.out' && grep -q '^1 *Deposited' '$work/read3-text.out'"

# 3. State now, in the past, and with another reducer.
check "store state" run state store state bank account-1
check "the balance is 70" bash -c "/usr/bin/python3 -c '
import json, sys; s = json.load(open(sys.argv[1])); sys.exit(s != {\"balance\": 70, \"owner\": \"alice\"})
' '$work/state.out'"
check "state as of version 1" run state1 store state bank account-1 --as-of-version 1 --json
check "the balance was 100" json_is state1 '[v["version"], v["state"]["balance"]]' '[1, 100]'
check "state with a merge-patch reducer" run state-mp store state bank account-1 --reducer merge-patch --json
check "merge-patch merges the data" json_is state-mp 'v["state"]' '{"amount": 30, "owner": "alice"}'
check "state as of a time after every event" run state-time store state bank account-1 \
  --as-of-time "$(date -u -d '+1 hour' '+%Y-%m-%dT%H:%M:%SZ')" --json
check "is the current state" json_is state-time 'v["state"]["balance"]' '70'
check "state past the end is refused" fails_with 1 state-past "HTTP 416" \
  store state bank account-1 --as-of-version 99

# 4. Many events from stdin in one atomic append, and reads across pages.
/usr/bin/python3 -c '
for i in range(700): print("{\"type\":\"Deposited\",\"data\":{\"amount\":1},\"id\":\"big-a-%d\"}" % i)' >"$work/big-a.jsonl"
/usr/bin/python3 -c '
for i in range(700): print("{\"type\":\"Deposited\",\"data\":{\"amount\":1},\"id\":\"big-b-%d\"}" % i)' >"$work/big-b.jsonl"
check "append 700 events from stdin" bash -c "
  '$eventioz' store append bank big --expected-version no_stream --events-from - --json \
    <'$work/big-a.jsonl' >'$work/big-a.out'"
check "they got versions 0..699" json_is big-a '[v["first_version"], v["last_version"], len(v["events"])]' '[0, 699, 700]'
check "append 700 more from a file" run big-b store append bank big --expected-version 699 \
  --events-from "$work/big-b.jsonl"
check "read 1200 of them (two pages)" run big-read store read bank big --limit 1200 --json
check "versions 0..1199 in order" lines_is big-read '[e["version"] for e in events] == list(range(1200))' 'true'
check "read backwards from version 1000, 5 events" run big-back store read bank big \
  --backward --from-version 1000 --limit 5 --json
check "versions 1000 down to 996" lines_is big-back '[e["version"] for e in events]' '[1000, 999, 998, 997, 996]'
check "read backwards from the end" run big-last store read bank big --backward --limit 1 --json
check "the last event is version 1399" lines_is big-last '[e["version"] for e in events]' '[1399]'
check "its state folds all 1400 (snapshots every 2)" run big-state store state bank big --json
check "the balance is 1400" json_is big-state 'v["state"]["balance"]' '1400'
check "1001 events in one append are refused before sending" bash -c "
  cat '$work/big-a.jsonl' '$work/big-b.jsonl' | head -1001 |
    '$eventioz' store append bank big2 --events-from - >'$work/big2.out' 2>'$work/big2.err'
  [ \$? = 2 ] && grep -q 'at most 1000' '$work/big2.err'"

# 5. Stream ids with characters that need encoding in a URL.
odd='order 7?x=1&y=%41+é#frag'
check "append to a stream with an awkward id" run odd store append bank "$odd" --type Opened \
  --data '{"owner":"odd"}' --json
check "the answer names the same stream" json_is odd 'v["stream"]' "$(/usr/bin/python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$odd")"
check "it reads back" run odd-read store read bank "$odd" --json
check "with its own event only" lines_is odd-read '[(e["stream"], e["data"]["owner"]) for e in events]' \
  "$(/usr/bin/python3 -c 'import json,sys; print(json.dumps([[sys.argv[1], "odd"]]))' "$odd")"
check "a stream id with a slash is one stream" run slash store append bank 'tenant/a' \
  --type Opened --data '{"owner":"slash"}' --json
check "its name keeps the slash" json_is slash 'v["stream"]' '"tenant/a"'

# 6. A cart from stdin and a projection over the store.
check "store create carts (inline reducer)" run carts store create carts --reducer \
  '{"type":"rules","initial":{"items":[]},"on":{"ItemAdded":[{"append":"/items","from":""}],"ItemRemoved":[{"remove":"/items","where":{"sku":"/sku"}}]}}'
check "three cart events at once" bash -c "
  printf '%s\n' '{\"type\":\"ItemAdded\",\"data\":{\"sku\":\"tea\",\"customer\":\"bob\"}}' '' \
    '{\"type\":\"ItemAdded\",\"data\":{\"sku\":\"mug\",\"customer\":\"bob\"}}' \
    '{\"type\":\"ItemRemoved\",\"data\":{\"sku\":\"tea\",\"customer\":\"bob\"}}' |
    '$eventioz' store append carts cart-42 --events-from - >'$work/cart.out'"
check "versions 0..2" has cart "versions 0..2"
check "the cart holds the mug" run cart-state store state carts cart-42 --json
check "only the mug" json_is cart-state 'v["state"]["items"]' '[{"customer": "bob", "sku": "mug"}]'

check "projection create" run proj store projection create bank balances \
  --reducer "@$work/account.json" --types Opened,Deposited,Withdrawn
check "a second one with the name is refused" fails_with 1 proj-again projection-exists \
  store projection create bank balances --reducer merge-patch
check "projection list" run proj-list store projection list bank
check "lists balances" has proj-list "^balances "
caught_up() {
  for _ in $(seq 100); do  # up to 10 s
    if "$eventioz" store projection get bank balances account-1 --json >"$work/proj-get.out" 2>/dev/null &&
      [ "$(json proj-get 'v["state"]["balance"]')" = 70 ]; then
      return 0
    fi
    sleep 0.1
  done
  echo "    projection get: $(cat "$work/proj-get.out")"
  return 1
}
check "the projection reaches account-1's balance of 70" caught_up
check "projection status" run proj-status store projection status bank balances --json
check "status has no failure" json_is proj-status 'v["failure"]' 'null'
check "projection keys with a prefix" run proj-keys store projection keys bank balances --prefix acc --json
check "lists account-1 only" lines_is proj-keys '[e["key"] for e in events]' '["account-1"]'
check "an unknown key is a 404" fails_with 1 proj-missing "HTTP 404" \
  store projection get bank balances no-such-account
check "projection delete" run proj-delete store projection delete bank balances
check "it is gone" fails_with 1 proj-gone "HTTP 404" store projection status bank balances

# 7. Deleting a stream.
check "delete-stream" run delete store delete-stream bank account-1
check "reading it says it was deleted" fails_with 1 deleted-read "HTTP 410" store read bank account-1
check "appending to it is refused" fails_with 1 deleted-append "stream-deleted" \
  store append bank account-1 --type Deposited --data '{"amount":1}'

# 8. The errors a user meets.
check "an unknown store exits 1 with a 404" fails_with 1 no-store "HTTP 404" store read nope s1
check "an unknown stream exits 1" fails_with 1 no-stream "stream-not-found" store read bank nobody
check "a bad expected version is a usage error" fails_with 2 bad-ev "no_stream" \
  store append bank s --type T --data '{}' --expected-version 1.5
check "bad --data JSON is a usage error" fails_with 2 bad-data "not valid JSON" \
  store append bank s --type T --data '{oops'
check "a bad --reducer is a usage error" fails_with 2 bad-reducer "merge-patch" \
  store state bank big --reducer '[1,2]'
check "the server's refusal of a malformed event exits 1 with its detail" bash -c "
  echo '{\"data\":{}}' | '$eventioz' store append bank s --events-from - >'$work/no-type.out' 2>'$work/no-type.err'
  [ \$? = 1 ] && grep -q 'HTTP 400' '$work/no-type.err'"
check "nothing was written by the refusals" fails_with 1 s-empty "stream-not-found" store read bank s
check "a bad --http URL is a usage error" fails_with 2 bad-url "http://HOST:PORT" \
  store list --http localhost:8080
closed_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
check "no server says how to start one" fails_with 1 unreachable "eventioz serve" \
  store list --http "http://127.0.0.1:$closed_port"

finish_checks
