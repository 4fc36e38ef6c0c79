#!/usr/bin/python3
"""The event store's HTTP routes (docs/http-api.md#event-store) against `eventioz serve`, with a
Kafka producer on the side:

- a store is created, listed and described; appends, reads (forwards, backwards, paged) and
  state (now, as of a version, as of a time) agree with what was appended;
- eight threads race appends with expected versions on one stream: every version is won by
  exactly one append, no gaps, no duplicates, successes == the stream's length;
- an idempotent retry (same event ids) returns the original versions and writes nothing;
- bad input (unknown store, a topic that is not a store, malformed JSON, a missing type, an
  unknown member, "latest" as expected version, 2000 events, ...) is refused with problem+json
  and writes nothing (the store's high watermarks and the stream's length unchanged);
- a deleted stream reads and appends as 410;
- a Kafka producer's record with `eventioz-expected-version` is refused (INVALID_RECORD; over
  Produce v8 with an error message stating the actual version) when stale, and accepted when
  right, then readable over HTTP with the next version;
- the whole store in log order, paged, filtered by type;
- projections: create, status (caught up), a key, keys by prefix, delete.

Usage: store_test.py <path to eventioz>
"""

import json
import os
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kafka"))
import harness  # noqa: E402
import kafka_wire  # noqa: E402
from rest_test import Api, check_problem, wait_ready  # noqa: E402

from confluent_kafka import KafkaError, Producer  # noqa: E402

STORE = "accounts"
RACE_THREADS = 8
RACE_APPENDS_PER_THREAD = 15


def stream_path(stream, store=STORE):
    return f"/v1/stores/{store}/streams/{urllib.parse.quote(stream, safe='')}"


def current_version(api, stream):
    """The stream's current version (-1: no events) from a one-event backward read."""
    status, _, body = api.call("GET", stream_path(stream) + "?direction=backward&limit=1")
    if status == 404:
        return -1
    if status != 200:
        raise RuntimeError(f"reading {stream}: {status} {harness.short(body)}")
    return body["current_version"]


def read_stream(api, stream):
    """Every event of the stream, paging forwards with limit=7 (next_version)."""
    events, version = [], 0
    while version is not None:
        status, _, body = api.call("GET", stream_path(stream) + f"?from_version={version}&limit=7")
        if status != 200:
            raise RuntimeError(f"reading {stream}: {status} {harness.short(body)}")
        events += body["events"]
        version = body["next_version"]
    return events


def store_high_watermarks(api):
    _, _, body = api.call("GET", f"/v1/stores/{STORE}")
    return [p["high_watermark"] for p in body["index"]]


def append(api, stream, events, expected=None):
    body = {"events": events}
    if expected is not None:
        body["expected_version"] = expected
    return api.call("POST", stream_path(stream), body)


def check_stores(api, checks):
    status, response, body = api.call("POST", "/v1/stores",
                                      {"name": STORE, "partitions": 2, "snapshot_interval": 4})
    checks.equal("create store: 201", status, 201)
    checks.equal("create store: the store", body,
                 {"name": STORE, "partitions": 2, "reducer": "merge-patch", "snapshot_interval": 4})
    checks.equal("create store: Location", response.getheader("Location"), f"/v1/stores/{STORE}")
    check_problem(checks, "create store again", api.call("POST", "/v1/stores", {"name": STORE}),
                  409, "topic-exists")
    check_problem(checks, "create store: unknown member",
                  api.call("POST", "/v1/stores", {"name": "x", "partitons": 2}), 400,
                  "invalid-request")
    _, _, body = api.call("GET", "/v1/stores")
    checks.ok("list stores: the store is listed",
              any(s["name"] == STORE for s in body["stores"]), harness.short(body))
    status, _, body = api.call("GET", f"/v1/stores/{STORE}")
    checks.equal("describe store: 200", status, 200)
    checks.equal("describe store: index per partition",
                 [p["partition"] for p in body.get("index", [])], [0, 1])
    check_problem(checks, "describe unknown store", api.call("GET", "/v1/stores/nope"), 404,
                  "unknown-store")
    api.call("POST", "/v1/topics", {"name": "plain", "partitions": 1})
    check_problem(checks, "describe a topic that is not a store",
                  api.call("GET", "/v1/stores/plain"), 404, "not-a-store")


def check_append_read_state(api, checks):
    opened = {"id": "acct-1-open", "type": "Opened", "data": {"owner": "ada", "balance": 0},
              "source": "/tests", "correlation_id": "c-1"}
    status, _, first = append(api, "acct-1", [opened], "no_stream")
    checks.equal("append: 201", status, 201)
    checks.equal("append: versions", (first.get("first_version"), first.get("last_version"),
                                      first.get("duplicate")), (0, 0, False))
    checks.equal("append: the event's id and version",
                 [(e["id"], e["version"]) for e in first.get("events", [])],
                 [("acct-1-open", 0)])
    first_timestamp = read_stream(api, "acct-1")[0]["timestamp"]
    # Distinct record timestamps for as_of_time: wait (bounded) for the clock to pass the first.
    harness.wait_for(lambda: time.time() * 1000 > first_timestamp + 2, seconds=2)
    deposits = [{"id": f"acct-1-dep-{i}", "type": "Deposited", "data": {"balance": 100 * i}}
                for i in (1, 2)]
    status, _, second = append(api, "acct-1", deposits, 0)
    checks.equal("append two at expected version 0: 201", status, 201)
    checks.equal("append two: versions 1 and 2",
                 [e["version"] for e in second.get("events", [])], [1, 2])
    checks.equal("append two: consecutive offsets",
                 [e["offset"] for e in second.get("events", [])],
                 [second["events"][0]["offset"], second["events"][0]["offset"] + 1])

    events = read_stream(api, "acct-1")
    checks.equal("read: versions", [e["version"] for e in events], [0, 1, 2])
    checks.equal("read: types", [e["type"] for e in events], ["Opened", "Deposited", "Deposited"])
    checks.equal("read: data as JSON", [e["data"] for e in events],
                 [{"owner": "ada", "balance": 0}, {"balance": 100}, {"balance": 200}])
    checks.equal("read: attributes", (events[0]["id"], events[0].get("source"),
                                      events[0].get("correlation_id"),
                                      events[0].get("content_type")),
                 ("acct-1-open", "/tests", "c-1", "application/json"))
    checks.equal("read: the partition the append named", {e["partition"] for e in events},
                 {first["partition"]})
    status, _, body = api.call("GET", stream_path("acct-1") + "?direction=backward&limit=2")
    checks.equal("read backward: the last two, newest first",
                 [e["version"] for e in body["events"]], [2, 1])
    checks.equal("read backward: next_version", body["next_version"], 0)
    checks.equal("read backward: current_version", body["current_version"], 2)

    status, _, state = api.call("GET", stream_path("acct-1") + "/state")
    checks.equal("state: 200", status, 200)
    checks.equal("state: merge-patch fold", (state.get("version"), state.get("state")),
                 (2, {"owner": "ada", "balance": 200}))
    _, _, state = api.call("GET", stream_path("acct-1") + "/state?as_of_version=0")
    checks.equal("state as of version 0", (state.get("version"), state.get("state")),
                 (0, {"owner": "ada", "balance": 0}))
    _, _, state = api.call("GET", stream_path("acct-1") + f"/state?as_of_time={first_timestamp}")
    checks.equal("state as of the first event's time (ms)",
                 (state.get("version"), state.get("state")), (0, {"owner": "ada", "balance": 0}))
    later = datetime.fromtimestamp(time.time() + 60, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    _, _, state = api.call("GET", stream_path("acct-1") + f"/state?as_of_time={later}")
    checks.equal("state as of a later RFC 3339 time", state.get("version"), 2)
    reducer = urllib.parse.quote(json.dumps(
        {"type": "rules", "on": {"Deposited": [{"increment": "/deposits", "by": 1}]}}))
    status, _, state = api.call("GET", stream_path("acct-1") + f"/state?reducer={reducer}")
    checks.equal("state with a reducer given in the query", (status, state.get("state")),
                 (200, {"deposits": 2}))
    check_problem(checks, "state as of a version past the end",
                  api.call("GET", stream_path("acct-1") + "/state?as_of_version=3"), 416,
                  "version-out-of-range")
    check_problem(checks, "state of a stream without events",
                  api.call("GET", stream_path("nobody") + "/state"), 404, "stream-not-found")

    # The idempotent retry: the same append again answers its first result, writes nothing.
    before = store_high_watermarks(api)
    status, _, retry = append(api, "acct-1", deposits, 0)
    checks.equal("retry: 200", status, 200)
    checks.equal("retry: the original versions, duplicate",
                 (retry.get("first_version"), retry.get("last_version"), retry.get("duplicate"),
                  [e["offset"] for e in retry.get("events", [])]),
                 (1, 2, True, [e["offset"] for e in second["events"]]))
    checks.equal("retry: nothing written (store high watermarks)", store_high_watermarks(api),
                 before)
    checks.equal("retry: stream length unchanged", current_version(api, "acct-1"), 2)


def race(broker, checks):
    """RACE_THREADS writers on one stream, each appending RACE_APPENDS_PER_THREAD events with
    the expected version it just read, retrying on 409."""
    stream = "race"
    results = []  # (thread, seq, version) of each 201
    errors = []
    conflicts = [0]
    lock = threading.Lock()

    def writer(thread):
        api = Api(broker.http_url)
        for seq in range(RACE_APPENDS_PER_THREAD):
            event = {"id": f"race-{thread}-{seq}", "type": "Raced",
                     "data": {"thread": thread, "seq": seq}}
            for _attempt in range(500):
                seen = current_version(api, stream)
                expected = "no_stream" if seen < 0 else seen
                status, _, body = append(api, stream, [event], expected)
                if status == 201:
                    with lock:
                        results.append((thread, seq, body["first_version"]))
                    break
                if status == 409 and body.get("type", "").endswith("/wrong-expected-version"):
                    with lock:
                        conflicts[0] += 1
                    if body.get("current_version", -2) < seen:
                        errors.append(f"409 current_version {body.get('current_version')} "
                                      f"< the version read before, {seen}")
                    continue
                errors.append(f"thread {thread} seq {seq}: {status} {harness.short(body)}")
                return
            else:
                errors.append(f"thread {thread} seq {seq}: no success in 500 attempts")
                return

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(RACE_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    checks.equal("race: no unexpected answers", errors, [])
    api = Api(broker.http_url)
    events = read_stream(api, stream)
    total = RACE_THREADS * RACE_APPENDS_PER_THREAD
    harness.say(f"race: {total} appends, {conflicts[0]} conflicts retried")
    checks.equal("race: every append succeeded once", len(results), total)
    checks.equal("race: successes == stream length", len(events), len(results))
    checks.equal("race: versions 0..N-1, no gaps, no duplicates",
                 [e["version"] for e in events], list(range(len(events))))
    checks.equal("race: each success's version is unique",
                 len({version for _, _, version in results}), len(results))
    by_version = {e["version"]: e for e in events}
    mismatched = [(t, s, v) for t, s, v in results
                  if by_version.get(v, {}).get("id") != f"race-{t}-{s}"]
    checks.equal("race: each version holds the event its append was told", mismatched, [])
    per_thread = {}
    for event in events:
        per_thread.setdefault(event["data"]["thread"], []).append(event["data"]["seq"])
    checks.ok("race: each writer's events in its order",
              all(seqs == list(range(RACE_APPENDS_PER_THREAD)) for seqs in per_thread.values())
              and len(per_thread) == RACE_THREADS)
    # A retry of one of the race's appends (same id, same expected version) answers its version.
    thread, seq, version = results[len(results) // 2]
    before = store_high_watermarks(api)
    status, _, body = append(api, stream, [{"id": f"race-{thread}-{seq}", "type": "Raced",
                                            "data": {"thread": thread, "seq": seq}}],
                             "no_stream" if version == 0 else version - 1)
    checks.equal("race retry: 200 with the original version",
                 (status, body.get("first_version"), body.get("duplicate")), (200, version, True))
    checks.equal("race retry: nothing written", store_high_watermarks(api), before)
    checks.equal("race retry: stream length unchanged", current_version(api, stream),
                 len(events) - 1)


def check_bad_input(api, checks):
    good = [{"type": "Deposited", "data": {"balance": 1}}]
    path = stream_path("acct-1")
    table = [
        ("unknown store", "POST", stream_path("x", "nope"), {"events": good}, 404,
         "unknown-store"),
        ("a topic that is not a store", "POST", stream_path("x", "plain"), {"events": good}, 404,
         "not-a-store"),
        ("malformed JSON", "POST", path, '{"events": [', 400, "bad-json"),
        ("empty body", "POST", path, "", 400, "bad-json"),
        ("missing type", "POST", path, {"events": [{"data": {}}]}, 400, "invalid-request"),
        ("empty type", "POST", path, {"events": [{"type": "", "data": {}}]}, 400,
         "invalid-request"),
        ("missing data", "POST", path, {"events": [{"type": "T"}]}, 400, "invalid-request"),
        ("expected version 'latest'", "POST", path,
         {"expected_version": "latest", "events": good}, 400, "invalid-expected-version"),
        ("expected version -1", "POST", path, {"expected_version": -1, "events": good}, 400,
         "invalid-expected-version"),
        ("2000 events", "POST", path,
         {"events": [{"type": "T", "data": i} for i in range(2000)]}, 400, "invalid-request"),
        ("no events", "POST", path, {"events": []}, 400, "invalid-request"),
        ("unknown member", "POST", path, {"events": good, "expectedVersion": 2}, 400,
         "invalid-request"),
        ("unknown event member", "POST", path,
         {"events": [{"type": "T", "data": 1, "payload": 2}]}, 400, "invalid-request"),
        ("an id of 257 bytes", "POST", path, {"events": [{"type": "T", "data": 1,
                                                          "id": "i" * 257}]}, 400,
         "invalid-request"),
        ("a stream id of 1025 bytes", "POST", stream_path("s" * 1025), {"events": good}, 400,
         "invalid-request"),
        ("a bad time", "POST", path, {"events": [{"type": "T", "data": 1, "time": "noon"}]},
         400, "invalid-request"),
        ("read: limit 0", "GET", path + "?limit=0", None, 400, "invalid-request"),
        ("read: direction sideways", "GET", path + "?direction=sideways", None, 400,
         "invalid-request"),
        ("read: unknown parameter", "GET", path + "?from=3", None, 400, "invalid-request"),
        ("read: unknown store", "GET", stream_path("x", "nope"), None, 404, "unknown-store"),
        ("read: stream without events", "GET", stream_path("nobody"), None, 404,
         "stream-not-found"),
        ("state: bad as_of_time", "GET", path + "/state?as_of_time=yesterday", None, 400,
         "invalid-request"),
        ("state: bad reducer", "GET", path + "/state?reducer=" + urllib.parse.quote('{"type":1}'),
         None, 400, "invalid-reducer"),
        ("all: bad offsets", "GET", f"/v1/stores/{STORE}/all?offsets=zero", None, 400,
         "invalid-request"),
    ]
    for what, method, target, body, status, slug in table:
        before = (store_high_watermarks(api), current_version(api, "acct-1"))
        check_problem(checks, what, api.call(method, target, body), status, slug)
        checks.equal(f"{what}: nothing written",
                     (store_high_watermarks(api), current_version(api, "acct-1")), before)
    # A wrong expected version: 409 with both versions, nothing written.
    before = store_high_watermarks(api)
    answer = append(api, "acct-1", good, 1)
    check_problem(checks, "wrong expected version", answer, 409, "wrong-expected-version")
    checks.equal("wrong expected version: current_version and expected_version members",
                 (answer[2].get("current_version"), answer[2].get("expected_version")), (2, 1))
    answer = append(api, "acct-1", good, "no_stream")
    check_problem(checks, "no_stream on an existing stream", answer, 409,
                  "wrong-expected-version")
    answer = append(api, "fresh", good, "exists")
    checks.equal("exists on a new stream: current_version -1",
                 (answer[0], answer[2].get("current_version")), (409, -1))
    checks.equal("conflicts: nothing written", store_high_watermarks(api), before)


def check_delete(api, checks):
    append(api, "acct-del", [{"type": "Opened", "data": {"owner": "bob"}}], "no_stream")
    status, _, body = api.call("DELETE", stream_path("acct-del"))
    checks.equal("delete: 200 deleted", (status, body.get("stream"), body.get("deleted")),
                 (200, "acct-del", True))
    checks.ok("delete: the tombstone's offset", isinstance(body.get("offset"), int),
              harness.short(body))
    check_problem(checks, "read a deleted stream", api.call("GET", stream_path("acct-del")), 410,
                  "stream-deleted")
    before = store_high_watermarks(api)
    check_problem(checks, "append to a deleted stream",
                  append(api, "acct-del", [{"type": "T", "data": 1}]), 410, "stream-deleted")
    checks.equal("append to a deleted stream: nothing written", store_high_watermarks(api),
                 before)
    check_problem(checks, "delete a stream without events",
                  api.call("DELETE", stream_path("nobody")), 404, "stream-not-found")


def produce_v8(broker, topic, partition, key, value, headers):
    """One record produced with a hand-made Produce v8 request (kafka_wire.py), whose response
    carries the broker's error_message (KIP-467; librdkafka 2.0 reads only the code): (error
    code, error_message, base offset)."""
    port = int(broker.bootstrap.rsplit(":", 1)[1])
    batch = kafka_wire.record_batch(
        [(key, value)], int(time.time() * 1000),
        raw_records=kafka_wire.record(0, key, value, headers=headers))
    connection = kafka_wire.Connection(port)
    try:
        body = connection.call(kafka_wire.API_PRODUCE, 8,
                               kafka_wire.produce_v3_body(topic, partition, batch))
    finally:
        connection.close()
    reader = kafka_wire.Reader(body)
    answers = reader.array(lambda r: (r.string(), r.array(lambda p: {
        "partition": p.i32(), "error": p.i16(), "base_offset": p.i64(),
        "log_append_time": p.i64(), "log_start_offset": p.i64(),
        "record_errors": p.array(lambda e: (e.i32(), e.string())),
        "error_message": p.string()})))
    answer = answers[0][1][0]
    return answer["error"], answer["error_message"], answer["base_offset"]


def event_headers(event_id, expected):
    return [(b"ce_specversion", b"1.0"), (b"ce_id", event_id.encode()),
            (b"ce_type", b"Deposited"), (b"content-type", b"application/json"),
            (b"eventioz-expected-version", str(expected).encode())]


def check_kafka_append(broker, api, checks):
    """A Kafka producer's records pass the same guard: header eventioz-expected-version."""
    stream = "acct-1"
    version = current_version(api, stream)
    partition = read_stream(api, stream)[0]["partition"]
    producer = Producer({"bootstrap.servers": broker.bootstrap, "partitioner": "murmur2_random",
                         "linger.ms": 0, "message.send.max.retries": 0})
    reports = []

    def produce(expected, event_id):
        headers = [(name.decode(), value) for name, value in event_headers(event_id, expected)]
        producer.produce(STORE, key=stream, value=json.dumps({"balance": 777}), headers=headers,
                         on_delivery=lambda err, msg: reports.append((err, msg)))
        producer.flush(30)
        return reports.pop() if reports else (None, None)

    before = store_high_watermarks(api)
    err, _ = produce(version - 1, "kafka-stale")
    checks.ok("kafka: a stale expected version fails (confluent-kafka)", err is not None)
    if err is not None:
        checks.equal("kafka: INVALID_RECORD", err.code(), KafkaError.INVALID_RECORD)
    code, message, _ = produce_v8(broker, STORE, partition, stream.encode(), b'{"balance":1}',
                                  event_headers("kafka-stale-v8", version - 1))
    checks.equal("kafka: Produce v8: INVALID_RECORD (87)", code, 87)
    checks.ok("kafka: Produce v8: the error message states the actual version",
              message is not None and f"version {version}" in message, repr(message))
    checks.equal("kafka: nothing written by the stale appends", store_high_watermarks(api), before)
    err, msg = produce(version, "kafka-right")
    checks.ok("kafka: the right expected version succeeds", err is None and msg is not None,
              str(err))
    status, _, body = api.call("GET", stream_path(stream) + f"?from_version={version + 1}")
    checks.equal("kafka: readable over HTTP with the next version",
                 (status, [(e["version"], e.get("id"), e["data"]) for e in body.get("events", [])]),
                 (200, [(version + 1, "kafka-right", {"balance": 777})]))
    if msg is not None and body.get("events"):
        checks.equal("kafka: the partition and offset Kafka reported",
                     (body["events"][0]["partition"], body["events"][0]["offset"]),
                     (msg.partition(), msg.offset()))


def check_read_all(api, checks):
    def page_all(types, limit):
        events, offsets = [], None
        for _ in range(1000):
            target = f"/v1/stores/{STORE}/all?limit={limit}" + (f"&types={types}" if types else "")
            if offsets:
                target += f"&offsets={offsets}"
            status, _, body = api.call("GET", target)
            if status != 200:
                raise RuntimeError(f"{target}: {status} {harness.short(body)}")
            events += body["events"]
            if not body["events"] or body["next_offsets"] == offsets:
                return events
            offsets = body["next_offsets"]
        raise RuntimeError("read_all did not end")

    everything = page_all(None, 10000)
    paged = page_all(None, 7)
    key = [(e["partition"], e["offset"]) for e in everything]
    checks.equal("all: paged by 7 == one page", [(e["partition"], e["offset"]) for e in paged],
                 key)
    checks.equal("all: no event twice", len(set(key)), len(key))
    for partition in {p for p, _ in key}:
        offsets = [o for p, o in key if p == partition]
        checks.ok(f"all: partition {partition} in offset order", offsets == sorted(offsets))
    races = len([e for e in everything if e.get("type") == "Raced"])
    checks.equal("all: every raced event", races, RACE_THREADS * RACE_APPENDS_PER_THREAD)
    opened = page_all("Opened", 3)
    checks.ok("all: types=Opened gives only Opened events, acct-1's among them",
              opened and all(e["type"] == "Opened" for e in opened)
              and any(e["stream"] == "acct-1" and e["version"] == 0 for e in opened),
              harness.short(opened))


def check_projections(api, checks):
    base = f"/v1/stores/{STORE}/projections"
    definition = {"reducer": "merge-patch", "key": "/owner", "types": ["Opened"]}
    status, _, body = api.call("PUT", f"{base}/owners", definition)
    checks.equal("projection: created 201", status, 201)
    checks.equal("projection: its definition",
                 (body.get("name"), body.get("key"), body.get("types")),
                 ("owners", "/owner", ["Opened"]))
    check_problem(checks, "projection: create again", api.call("PUT", f"{base}/owners",
                                                               definition), 409,
                  "projection-exists")
    check_problem(checks, "projection: unknown member",
                  api.call("PUT", f"{base}/other", {"reducer": "merge-patch", "kye": "/x"}), 400,
                  "invalid-request")

    def caught_up():
        status, _, body = api.call("GET", f"{base}/owners")
        return body if status == 200 and body.get("lag") == 0 and body.get("keys", 0) >= 1 else None
    status_body = harness.wait_for(caught_up, 20)
    checks.ok("projection: catches up (lag 0)", status_body, harness.short(status_body))
    _, _, listed = api.call("GET", base)
    checks.equal("projection: listed", [p["name"] for p in listed.get("projections", [])],
                 ["owners"])
    status, _, entry = api.call("GET", f"{base}/owners/keys/ada")
    checks.equal("projection: key ada", (status, entry.get("key"), entry.get("state")),
                 (200, "ada", {"owner": "ada", "balance": 0}))
    status, _, page = api.call("GET", f"{base}/owners/keys?prefix=a&limit=10")
    checks.equal("projection: keys by prefix",
                 (status, [e["key"] for e in page.get("entries", [])], page.get("next_after")),
                 (200, ["ada"], None))
    check_problem(checks, "projection: unknown key", api.call("GET", f"{base}/owners/keys/zed"),
                  404, "projection-not-found")
    status, _, _ = api.call("DELETE", f"{base}/owners")
    checks.equal("projection: delete 204", status, 204)
    check_problem(checks, "projection: gone", api.call("GET", f"{base}/owners"), 404,
                  "projection-not-found")


def test(broker, checks):
    api = Api(broker.http_url)
    wait_ready(api)
    with checks.step("stores"):
        check_stores(api, checks)
    with checks.step("append, read, state"):
        check_append_read_state(api, checks)
    with checks.step("eight writers racing on one stream"):
        race(broker, checks)
    with checks.step("bad input"):
        check_bad_input(api, checks)
    with checks.step("delete"):
        check_delete(api, checks)
    with checks.step("Kafka appends with expected versions"):
        check_kafka_append(broker, api, checks)
    with checks.step("the whole store in log order"):
        check_read_all(api, checks)
    if os.environ.get("EVENTIOZ_TEST_SKIP_PROJECTIONS"):
        harness.say("projections: skipped (EVENTIOZ_TEST_SKIP_PROJECTIONS)")
    else:
        with checks.step("projections"):
            check_projections(api, checks)


if __name__ == "__main__":
    harness.run_test(test)
