#!/usr/bin/python3
"""The consumer-group routes of the HTTP API against a group a real Kafka consumer uses.

A confluent-kafka consumer in group G reads part of a 3-partition topic and commits. Then:
  - GET /v1/groups lists G; GET /v1/groups/G shows the member with its decoded assignment and,
    per partition, the committed offset and lag = high watermark - committed;
  - while the member is in the group, reset-offsets, POST offsets, consuming as G and DELETE
    are refused (409 group-not-empty);
  - after it closes: reset to earliest with dry_run (nothing changes), then for real (the
    committed offsets, read back with confluent-kafka's committed(), are the log start);
  - consuming as G over HTTP with commit=true returns the next records, spread over the
    partitions, and advances the committed offsets; commit=false returns records and does not;
  - POST offsets commits; DELETE removes the group;
  - every error path answers the right status with application/problem+json.

    groups_test.py <path to eventioz>
"""

import http.client
import json
import os
import sys
import urllib.parse

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kafka"))
import harness  # noqa: E402  pylint: disable=wrong-import-position

from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402 pylint: disable=C0413
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402  pylint: disable=C0413

TOPIC = "http-groups"
OTHER_TOPIC = "http-groups-other"
GROUP = "http-groups-app"
PARTITIONS = 3
PER_PARTITION = 10
TIMEOUT = 20


def call(broker, method, path, body=None, raw=None):
    """(status, headers, parsed JSON body or None)."""
    url = urllib.parse.urlparse(broker.http_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=TIMEOUT)
    try:
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        headers = {"Content-Type": "application/json"} if data is not None else {}
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read()
        parsed = json.loads(text) if text else None
        return response.status, dict(response.getheaders()), parsed
    finally:
        connection.close()


def expect_problem(checks, description, answer, status, slug):
    code, headers, body = answer
    checks.equal(f"{description}: status", code, status)
    checks.equal(f"{description}: problem+json", headers.get("Content-Type"),
                 "application/problem+json")
    checks.ok(f"{description}: type {slug} with a detail",
              isinstance(body, dict) and body.get("type", "").endswith("/" + slug)
              and body.get("detail") and body.get("status") == status, body)


def committed(broker, group, partitions=range(PARTITIONS), topic=TOPIC):
    """The group's committed offsets as Kafka's OffsetFetch answers them (-1001: none)."""
    reader = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group})
    try:
        answer = reader.committed([TopicPartition(topic, p) for p in partitions], timeout=TIMEOUT)
        return {tp.partition: tp.offset for tp in answer}
    finally:
        reader.close()


def produce(broker):
    """PER_PARTITION JSON records into each partition: {"p": partition, "n": index}."""
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5})
    for partition in range(PARTITIONS):
        for index in range(PER_PARTITION):
            producer.produce(TOPIC, json.dumps({"p": partition, "n": index}).encode(),
                             partition=partition)
    if producer.flush(TIMEOUT) != 0:
        raise RuntimeError("records were not delivered")


def consume_some(consumer, count):
    """Polls until `count` records were consumed; commits synchronously."""
    seen = 0
    deadline = harness.time.monotonic() + TIMEOUT
    while seen < count and harness.time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is not None and not message.error():
            seen += 1
    consumer.commit(asynchronous=False)
    return seen


def check_described(broker, checks, consumer):
    status, _, group = call(broker, "GET", f"/v1/groups/{GROUP}")
    checks.equal("describe: 200", status, 200)
    checks.equal("describe: state Stable", group["state"], "Stable")
    checks.equal("describe: protocol type", group["protocol_type"], "consumer")
    checks.equal("describe: one member", len(group["members"]), 1)
    member = group["members"][0]
    checks.equal("describe: the member's client id", member["client_id"], "http-groups-test")
    checks.equal("describe: the member's decoded assignment", member["assignments"],
                 [{"topic": TOPIC, "partitions": list(range(PARTITIONS))}])
    positions = consumer.committed([TopicPartition(TOPIC, p) for p in range(PARTITIONS)],
                                   timeout=TIMEOUT)
    expected = {tp.partition: tp.offset for tp in positions if tp.offset >= 0}
    rows = {row["partition"]: row for row in group["offsets"] if row["topic"] == TOPIC}
    checks.equal("describe: committed offsets as Kafka's OffsetFetch",
                 {p: row["committed_offset"] for p, row in rows.items()}, expected)
    checks.ok("describe: lag = high watermark - committed",
              rows and all(row["high_watermark"] == PER_PARTITION
                           and row["lag"] == PER_PARTITION - row["committed_offset"]
                           for row in rows.values()), rows)
    checks.equal("describe: total lag", group["total_lag"],
                 sum(PER_PARTITION - offset for offset in expected.values()))


def check_refused_while_active(broker, checks):
    reset = {"topic": TOPIC, "to": "earliest"}
    expect_problem(checks, "reset-offsets while a member is in the group",
                   call(broker, "POST", f"/v1/groups/{GROUP}/reset-offsets", reset),
                   409, "group-not-empty")
    expect_problem(checks, "reset-offsets dry run while a member is in the group",
                   call(broker, "POST", f"/v1/groups/{GROUP}/reset-offsets",
                        dict(reset, dry_run=True)), 409, "group-not-empty")
    expect_problem(checks, "POST offsets while a member is in the group",
                   call(broker, "POST", f"/v1/groups/{GROUP}/offsets",
                        {"offsets": [{"topic": TOPIC, "partition": 0, "offset": 0}]}),
                   409, "group-not-empty")
    expect_problem(checks, "consuming as a group with members",
                   call(broker, "GET", f"/v1/groups/{GROUP}/topics/{TOPIC}/records"),
                   409, "group-not-empty")
    expect_problem(checks, "DELETE a group with members",
                   call(broker, "DELETE", f"/v1/groups/{GROUP}"), 409, "group-not-empty")


def check_reset(broker, checks, before):
    path = f"/v1/groups/{GROUP}/reset-offsets"
    status, _, plan = call(broker, "POST", path,
                           {"topic": TOPIC, "to": "earliest", "dry_run": True})
    checks.equal("reset dry run: 200", status, 200)
    checks.equal("reset dry run: not executed", plan and plan["executed"], False)
    checks.equal("reset dry run: the plan", plan and plan["offsets"],
                 [{"topic": TOPIC, "partition": p, "from": before.get(p), "to": 0}
                  for p in range(PARTITIONS)])
    checks.equal("reset dry run: nothing changed", committed(broker, GROUP),
                 {p: before.get(p, -1001) for p in range(PARTITIONS)})

    status, _, plan = call(broker, "POST", path, {"topic": TOPIC, "to": {"offset": 1000},
                                                  "partitions": [1], "dry_run": True})
    checks.equal("reset to an offset past the end stops at the end",
                 (status, plan and plan["offsets"]),
                 (200, [{"topic": TOPIC, "partition": 1, "from": before.get(1),
                         "to": PER_PARTITION}]))
    status, _, plan = call(broker, "POST", path, {"topic": TOPIC, "to": {"timestamp": 0},
                                                  "dry_run": True})
    checks.equal("reset to a time before every record: the first offsets",
                 (status, [row["to"] for row in plan["offsets"]]), (200, [0] * PARTITIONS))

    status, _, plan = call(broker, "POST", path, {"topic": TOPIC, "to": "earliest"})
    checks.equal("reset: 200, executed", (status, plan and plan["executed"]), (200, True))
    checks.equal("reset: committed offsets are the log start (OffsetFetch)",
                 committed(broker, GROUP), {p: 0 for p in range(PARTITIONS)})
    status, _, plan = call(broker, "POST", path, {"topic": TOPIC, "to": {"shift_by": 2},
                                                  "partitions": [0]})
    checks.equal("reset by shift_by +2", (status, committed(broker, GROUP, [0])), (200, {0: 2}))
    call(broker, "POST", path, {"topic": TOPIC, "to": "earliest"})


def check_consume_as_group(broker, checks):
    path = f"/v1/groups/{GROUP}/topics/{TOPIC}/records"
    status, headers, answer = call(broker, "GET", path + "?limit=9&commit=true")
    checks.equal("consume as group: 200 JSON", (status, headers.get("Content-Type")),
                 (200, "application/json"))
    records = answer["records"]
    by_partition = {p: [r["offset"] for r in records if r["partition"] == p]
                    for p in range(PARTITIONS)}
    checks.equal("consume as group: 9 records spread fairly from the committed offsets",
                 by_partition, {p: [0, 1, 2] for p in range(PARTITIONS)})
    checks.ok("consume as group: the records' values are what was produced",
              all(r["value"] == {"p": r["partition"], "n": r["offset"]}
                  and r["value_format"] == "json" for r in records), records[:3])
    checks.equal("consume as group: next offsets", answer["next_offsets"],
                 {str(p): 3 for p in range(PARTITIONS)})
    checks.equal("consume as group with commit=true: committed offsets advanced",
                 committed(broker, GROUP), {p: 3 for p in range(PARTITIONS)})

    # Regression: HEAD was served by this GET route and committed records it never returned.
    status, headers, _ = call(broker, "HEAD", path + "?limit=3")
    checks.equal("HEAD on consume-as-group is refused (405)", status, 405)
    checks.equal("HEAD committed nothing", committed(broker, GROUP),
                 {p: 3 for p in range(PARTITIONS)})

    status, _, answer = call(broker, "GET", path + "?limit=3&commit=false")
    checks.equal("consume with commit=false: the next records",
                 (status, sorted((r["partition"], r["offset"]) for r in answer["records"])),
                 (200, [(p, 3) for p in range(PARTITIONS)]))
    checks.equal("consume with commit=false: committed offsets unchanged",
                 committed(broker, GROUP), {p: 3 for p in range(PARTITIONS)})

    status, _, answer = call(broker, "GET", path + "?limit=10000")
    checks.equal("consume the rest", (status, len(answer["records"])),
                 (200, PARTITIONS * (PER_PARTITION - 3)))
    status, _, answer = call(broker, "GET", path)
    checks.equal("consume at the end: no records", (status, answer["records"]), (200, []))

    # A group that never committed reads from the reset policy and commits where it stopped.
    fresh = f"/v1/groups/{GROUP}-fresh/topics/{TOPIC}/records"
    status, _, answer = call(broker, "GET", fresh + "?reset=latest")
    checks.equal("a new group with reset=latest: nothing, positioned at the end",
                 (status, answer["records"], committed(broker, GROUP + "-fresh")),
                 (200, [], {p: PER_PARTITION for p in range(PARTITIONS)}))


def check_commit(broker, checks):
    path = f"/v1/groups/{GROUP}/offsets"
    status, _, answer = call(broker, "POST", path, {
        "offsets": [{"topic": TOPIC, "partition": 0, "offset": 7, "metadata": "by-http"}]})
    checks.equal("POST offsets: 200", status, 200)
    checks.equal("POST offsets: committed (OffsetFetch)", committed(broker, GROUP, [0]), {0: 7})
    _, _, group = call(broker, "GET", f"/v1/groups/{GROUP}")
    row = [r for r in group["offsets"] if r["topic"] == TOPIC and r["partition"] == 0][0]
    checks.equal("POST offsets: described with its metadata and lag",
                 (row["committed_offset"], row["metadata"], row["lag"]),
                 (7, "by-http", PER_PARTITION - 7))
    _, _, listed = call(broker, "GET", "/v1/groups")
    entry = [g for g in listed["groups"] if g["group_id"] == GROUP]
    checks.equal("GET /v1/groups: the group, Empty, no members",
                 entry and (entry[0]["state"], entry[0]["members"]), ("Empty", 0))


def check_errors(broker, checks):
    offsets = f"/v1/groups/{GROUP}/offsets"
    reset = f"/v1/groups/{GROUP}/reset-offsets"
    before = committed(broker, GROUP)
    expect_problem(checks, "unknown group", call(broker, "GET", "/v1/groups/no-such-group"),
                   404, "unknown-group")
    expect_problem(checks, "DELETE an unknown group",
                   call(broker, "DELETE", "/v1/groups/no-such-group"), 404, "unknown-group")
    expect_problem(checks, "POST offsets: bad JSON", call(broker, "POST", offsets, raw="{"),
                   400, "bad-json")
    expect_problem(checks, "POST offsets: no body", call(broker, "POST", offsets, raw=""),
                   400, "bad-json")
    expect_problem(checks, "POST offsets: a string partition",
                   call(broker, "POST", offsets, {"offsets": [
                       {"topic": TOPIC, "partition": "0", "offset": 1}]}),
                   400, "invalid-request")
    expect_problem(checks, "POST offsets: a negative offset",
                   call(broker, "POST", offsets, {"offsets": [
                       {"topic": TOPIC, "partition": 0, "offset": -4}]}),
                   400, "invalid-request")
    expect_problem(checks, "POST offsets: not an array",
                   call(broker, "POST", offsets, {"offsets": {}}), 400, "invalid-request")
    expect_problem(checks, "POST offsets: an unknown topic",
                   call(broker, "POST", offsets, {"offsets": [
                       {"topic": TOPIC, "partition": 1, "offset": 9},
                       {"topic": "no-such-topic", "partition": 0, "offset": 1}]}),
                   404, "unknown-topic")
    expect_problem(checks, "POST offsets: an unknown partition",
                   call(broker, "POST", offsets, {"offsets": [
                       {"topic": TOPIC, "partition": 1, "offset": 9},
                       {"topic": TOPIC, "partition": PARTITIONS, "offset": 1}]}),
                   404, "unknown-partition")
    checks.equal("refused commits wrote nothing", committed(broker, GROUP), before)
    expect_problem(checks, "reset: bad JSON", call(broker, "POST", reset, raw="[1,"),
                   400, "bad-json")
    expect_problem(checks, "reset: an unknown target",
                   call(broker, "POST", reset, {"topic": TOPIC, "to": "newest"}),
                   400, "invalid-request")
    expect_problem(checks, "reset: no target", call(broker, "POST", reset, {"topic": TOPIC}),
                   400, "invalid-request")
    expect_problem(checks, "reset: dry_run not a boolean",
                   call(broker, "POST", reset, {"topic": TOPIC, "to": "latest",
                                                "dry_run": "yes"}), 400, "invalid-request")
    expect_problem(checks, "reset: an unknown topic",
                   call(broker, "POST", reset, {"topic": "no-such-topic", "to": "latest"}),
                   404, "unknown-topic")
    expect_problem(checks, "reset: an unknown partition",
                   call(broker, "POST", reset, {"topic": TOPIC, "to": "latest",
                                                "partitions": [0, 9]}), 404, "unknown-partition")
    expect_problem(checks, "reset: shift_by where nothing is committed",
                   call(broker, "POST", reset, {"topic": OTHER_TOPIC, "to": {"shift_by": 1}}),
                   400, "invalid-request")
    checks.equal("refused resets wrote nothing", committed(broker, GROUP), before)
    records = f"/v1/groups/{GROUP}/topics/{TOPIC}/records"
    expect_problem(checks, "consume: limit 0", call(broker, "GET", records + "?limit=0"),
                   400, "invalid-request")
    expect_problem(checks, "consume: commit=maybe",
                   call(broker, "GET", records + "?commit=maybe"), 400, "invalid-request")
    expect_problem(checks, "consume: reset=middle",
                   call(broker, "GET", records + "?reset=middle"), 400, "invalid-request")
    expect_problem(checks, "consume: an unknown topic",
                   call(broker, "GET", f"/v1/groups/{GROUP}/topics/no-such-topic/records"),
                   404, "unknown-topic")
    answer = call(broker, "PUT", f"/v1/groups/{GROUP}")
    expect_problem(checks, "wrong method", answer, 405, "method-not-allowed")
    checks.ok("wrong method: Allow lists GET and DELETE",
              "GET" in answer[1].get("Allow", "") and "DELETE" in answer[1].get("Allow", ""),
              answer[1])
    checks.equal("refused consumes wrote nothing", committed(broker, GROUP), before)


def check_unknown_members_refused(broker, checks):
    """A misspelt member must not run a reset for real or on every partition."""
    offsets = f"/v1/groups/{GROUP}/offsets"
    reset = f"/v1/groups/{GROUP}/reset-offsets"
    before = committed(broker, GROUP)
    cases = [
        ("reset: dryrun instead of dry_run", reset,
         {"topic": TOPIC, "to": "earliest", "dryrun": True}, "dryrun"),
        ("reset: partiton instead of partitions", reset,
         {"topic": TOPIC, "to": "earliest", "partiton": [3]}, "partiton"),
        ("reset: ofset inside to", reset, {"topic": TOPIC, "to": {"ofset": 1}}, "ofset"),
        ("reset: an extra member inside to", reset,
         {"topic": TOPIC, "to": {"offset": 1, "shift": 2}}, "shift"),
        ("commit: metdata instead of metadata", offsets,
         {"offsets": [{"topic": TOPIC, "partition": 0, "offset": 1, "metdata": "x"}]}, "metdata"),
        ("commit: ofset instead of offset", offsets,
         {"offsets": [{"topic": TOPIC, "partition": 0, "ofset": 1}]}, "ofset"),
        ("commit: an unknown top-level member", offsets,
         {"offsets": [{"topic": TOPIC, "partition": 0, "offset": 1}], "force": True}, "force"),
    ]
    for description, path, body, member in cases:
        answer = call(broker, "POST", path, body)
        expect_problem(checks, description, answer, 400, "invalid-request")
        detail = answer[2].get("detail", "") if isinstance(answer[2], dict) else ""
        checks.ok(f"{description}: names the member and the known ones",
                  f'"{member}"' in detail and "known:" in detail, detail)
    checks.equal("refused bodies wrote nothing", committed(broker, GROUP), before)
    answer = call(broker, "POST", reset, raw='{"topic": }')
    expect_problem(checks, "reset: bad JSON", answer, 400, "bad-json")
    checks.equal("reset: bad JSON says what and where", answer[2].get("detail"),
                 "the body is not JSON: unexpected '}' where a value was expected (byte 11)")
    answer = call(broker, "POST", offsets, raw="")
    checks.ok("commit: an empty body is named",
              answer[2].get("detail", "").startswith("the body is empty; send a JSON object like"),
              answer[2])


def check_delete(broker, checks):
    status, _, _ = call(broker, "DELETE", f"/v1/groups/{GROUP}")
    checks.equal("DELETE an empty group: 204", status, 204)
    expect_problem(checks, "the deleted group is unknown",
                   call(broker, "GET", f"/v1/groups/{GROUP}"), 404, "unknown-group")
    _, _, listed = call(broker, "GET", "/v1/groups")
    checks.ok("the deleted group is not listed",
              all(g["group_id"] != GROUP for g in listed["groups"]), listed)
    checks.equal("its offsets are gone (OffsetFetch)", committed(broker, GROUP),
                 {p: -1001 for p in range(PARTITIONS)})


def test(broker, checks):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    for future in admin.create_topics([NewTopic(TOPIC, PARTITIONS, 1),
                                       NewTopic(OTHER_TOPIC, 1, 1)]).values():
        future.result(TIMEOUT)
    produce(broker)

    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": GROUP,
                         "client.id": "http-groups-test", "enable.auto.commit": False,
                         "auto.offset.reset": "earliest", "session.timeout.ms": 6000,
                         "heartbeat.interval.ms": 300})
    consumer.subscribe([TOPIC])
    try:
        with checks.step("a Kafka consumer reads part of the topic and commits"):
            checks.ok("consumed 12 records", consume_some(consumer, 12) == 12)
        with checks.step("GET /v1/groups while the consumer is in the group"):
            status, headers, listed = call(broker, "GET", "/v1/groups")
            entry = [g for g in listed["groups"] if g["group_id"] == GROUP]
            checks.equal("list: 200 JSON", (status, headers.get("Content-Type")),
                         (200, "application/json"))
            checks.equal("list: the group, Stable, one member, consumer protocol",
                         entry, [{"group_id": GROUP, "state": "Stable",
                                  "protocol_type": "consumer", "members": 1}])
        with checks.step("GET /v1/groups/G"):
            check_described(broker, checks, consumer)
        with checks.step("refusals while the member is in the group"):
            check_refused_while_active(broker, checks)
        before = {tp.partition: tp.offset for tp in consumer.committed(
            [TopicPartition(TOPIC, p) for p in range(PARTITIONS)], timeout=TIMEOUT)
            if tp.offset >= 0}
    finally:
        consumer.close()
    status, _, group = call(broker, "GET", f"/v1/groups/{GROUP}")
    checks.equal("after close: Empty, no members", (status, group["state"], group["members"]),
                 (200, "Empty", []))
    with checks.step("reset-offsets"):
        check_reset(broker, checks, before)
    with checks.step("consume as a group"):
        check_consume_as_group(broker, checks)
    with checks.step("POST offsets"):
        check_commit(broker, checks)
    with checks.step("errors"):
        check_errors(broker, checks)
    with checks.step("unknown members in group bodies are refused"):
        check_unknown_members_refused(broker, checks)
    with checks.step("DELETE"):
        check_delete(broker, checks)


if __name__ == "__main__":
    harness.run_test(test)
