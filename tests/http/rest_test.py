#!/usr/bin/python3
"""The REST routes of the HTTP API (cluster, topics, produce, consume) against `eventioz serve`,
driven with http.client, with Kafka clients (confluent-kafka) on the other side of the data:

- every route's success path, checked against the data;
- records produced over HTTP read back over HTTP and over Kafka (same partition, offset, key,
  value, headers), keyed records in the partition confluent-kafka's murmur2 partitioner picks;
- records produced over Kafka read over HTTP;
- per route, the error paths: bad JSON, wrong types, unknown topic/partition, oversized body
  (413 before the body is read), wrong method (405 + Allow), each problem+json with type, title,
  status and detail; a refused produce writes nothing (high watermarks unchanged).

Usage: rest_test.py <path to eventioz>
"""

import base64
import http.client
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kafka"))
import harness  # noqa: E402

from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402

MAX_BODY = 65536


class Api:
    """One keep-alive HTTP connection to the broker."""

    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def call(self, method, path, body=None, headers=None):
        """(status, headers, JSON body or None). `body`: a dict (sent as JSON), str or bytes."""
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        if body is not None:
            headers.setdefault("Content-Type", "application/json")
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            # The server closed the keep-alive connection (after an error it answers with
            # Connection: close): one retry on a fresh connection.
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        parsed = None
        if data:
            try:
                parsed = json.loads(data)
            except ValueError:
                parsed = data
        return response.status, response, parsed


def check_problem(checks, what, answer, status, slug=None):
    """The answer is `status` with an RFC 7807 problem+json body (of kind `slug`)."""
    code, response, body = answer
    checks.equal(f"{what}: status", code, status)
    checks.equal(f"{what}: Content-Type", response.getheader("Content-Type"),
                 "application/problem+json")
    ok = isinstance(body, dict) and all(k in body for k in ("type", "title", "status", "detail"))
    checks.ok(f"{what}: type, title, status and detail", ok, harness.short(body))
    if ok:
        checks.equal(f"{what}: status member", body["status"], status)
        checks.ok(f"{what}: a detail that says something", len(body["detail"]) > 10, body["detail"])
        if slug:
            checks.equal(f"{what}: problem type", body["type"],
                         f"https://eventioz.dev/problems/{slug}")


def high_watermarks(api, topic):
    _, _, body = api.call("GET", f"/v1/topics/{topic}/partitions")
    return [p["high_watermark"] for p in body["partitions"]]


def wait_ready(api):
    """Polls /readyz (the HTTP listener comes up just after the Kafka one the harness waits for)."""
    def ready():
        try:
            return api.call("GET", "/readyz")[0] == 200
        except OSError:
            return False
    if not harness.wait_for(ready):
        raise harness.BrokerError("the HTTP API did not become ready")


def test_cluster(api, broker, checks):
    checks.step("GET /v1/cluster and /v1/brokers")
    code, _, body = api.call("GET", "/v1/cluster")
    checks.equal("cluster: 200", code, 200)
    checks.ok("cluster: a cluster id", isinstance(body.get("cluster_id"), str) and body["cluster_id"])
    checks.equal("cluster: the broker's Kafka port", body["brokers"][0]["kafka_port"], broker.port)
    checks.equal("cluster: the broker's HTTP port", body["brokers"][0]["http_port"],
                 broker.http_port)
    checks.ok("cluster: version and uptime", body["version"] and body["uptime_ms"] >= 0)
    checks.equal("cluster: the data directory", body["storage"]["data_directory"], broker.data_dir)
    code, _, brokers = api.call("GET", "/v1/brokers")
    checks.equal("brokers: 200", code, 200)
    names = {c["name"]: c for c in brokers["brokers"][0]["configs"]}
    checks.ok("brokers: the broker configs (num.partitions, auto.create.topics.enable)",
              "num.partitions" in names and "auto.create.topics.enable" in names, list(names))
    check_problem(checks, "POST /v1/cluster", api.call("POST", "/v1/cluster", {}), 405,
                  "method-not-allowed")


def test_topics(api, checks):
    checks.step("topics: create, list, describe, configs, partitions, delete")
    code, response, body = api.call("POST", "/v1/topics",
                                    {"name": "orders", "partitions": 3,
                                     "configs": {"retention.ms": "86400000"}})
    checks.equal("create: 201", code, 201)
    checks.equal("create: Location", response.getheader("Location"), "/v1/topics/orders")
    checks.equal("create: 3 partitions described", len(body["partitions"]), 3)
    configs = {c["name"]: c for c in body["configs"]}
    checks.equal("create: the config override", configs["retention.ms"]["value"], "86400000")
    checks.equal("create: the override's source", configs["retention.ms"]["source"], "topic")

    check_problem(checks, "create an existing topic", api.call("POST", "/v1/topics",
                                                               {"name": "orders"}), 409,
                  "topic-exists")
    check_problem(checks, "create: bad JSON", api.call("POST", "/v1/topics", "{\"name\": "), 400,
                  "bad-json")
    check_problem(checks, "create: partitions as a string",
                  api.call("POST", "/v1/topics", {"name": "x", "partitions": "3"}), 400,
                  "invalid-request")
    check_problem(checks, "create: 0 partitions",
                  api.call("POST", "/v1/topics", {"name": "x", "partitions": 0}), 400,
                  "invalid-request")
    check_problem(checks, "create: an invalid name",
                  api.call("POST", "/v1/topics", {"name": "no spaces!"}), 400,
                  "invalid-topic-name")
    check_problem(checks, "create: an unknown config",
                  api.call("POST", "/v1/topics", {"name": "x", "configs": {"no.such": "1"}}), 400,
                  "invalid-config")
    check_problem(checks, "create: a misspelt member",
                  api.call("POST", "/v1/topics", {"nmae": "x"}), 400, "invalid-request")
    check_problem(checks, "create: an internal topic's name",
                  api.call("POST", "/v1/topics", {"name": "__consumer_offsets"}), 409)
    check_problem(checks, "PUT /v1/topics", api.call("PUT", "/v1/topics", {}), 405,
                  "method-not-allowed")
    _, response, _ = api.call("PUT", "/v1/topics", {})
    checks.equal("PUT /v1/topics: Allow", response.getheader("Allow"), "GET, POST")

    code, _, body = api.call("GET", "/v1/topics")
    listed = {t["name"]: t for t in body["topics"]}
    checks.equal("list: 200", code, 200)
    checks.ok("list: orders, with 3 partitions", listed.get("orders", {}).get("partitions") == 3,
              harness.short(body))
    checks.ok("list: __consumer_offsets marked internal",
              listed.get("__consumer_offsets", {}).get("internal") is True)

    code, _, body = api.call("GET", "/v1/topics/orders")
    checks.equal("describe: 200", code, 200)
    checks.equal("describe: partitions 0..2", [p["partition"] for p in body["partitions"]],
                 [0, 1, 2])
    checks.equal("describe: not internal", body["internal"], False)
    check_problem(checks, "describe an unknown topic", api.call("GET", "/v1/topics/nope"), 404,
                  "unknown-topic")

    code, _, body = api.call("PATCH", "/v1/topics/orders/configs",
                             {"configs": {"retention.ms": None, "segment.ms": "3600000"}})
    configs = {c["name"]: c for c in body["configs"]}
    checks.equal("PATCH configs: 200", code, 200)
    checks.equal("PATCH configs: null back to default", configs["retention.ms"]["default"], True)
    checks.equal("PATCH configs: the new value", configs["segment.ms"]["value"], "3600000")
    _, _, body = api.call("GET", "/v1/topics/orders/configs")
    configs = {c["name"]: c for c in body["configs"]}
    checks.equal("GET configs: the change was kept", configs["segment.ms"]["source"], "topic")
    check_problem(checks, "PATCH configs: an invalid value",
                  api.call("PATCH", "/v1/topics/orders/configs",
                           {"configs": {"retention.ms": "soon"}}), 400, "invalid-config")
    check_problem(checks, "PATCH configs: bad JSON",
                  api.call("PATCH", "/v1/topics/orders/configs", "{"), 400, "bad-json")
    check_problem(checks, "PATCH configs: configs not an object",
                  api.call("PATCH", "/v1/topics/orders/configs", {"configs": [1]}), 400,
                  "invalid-request")
    check_problem(checks, "PATCH configs: unknown topic",
                  api.call("PATCH", "/v1/topics/nope/configs", {"configs": {}}), 404,
                  "unknown-topic")
    check_problem(checks, "PATCH configs: a pinned setting of an internal topic",
                  api.call("PATCH", "/v1/topics/__consumer_offsets/configs",
                           {"configs": {"cleanup.policy": "delete"}}), 403, "internal-topic")
    check_problem(checks, "GET configs: unknown topic", api.call("GET", "/v1/topics/nope/configs"),
                  404, "unknown-topic")
    check_problem(checks, "DELETE configs", api.call("DELETE", "/v1/topics/orders/configs"), 405)

    code, _, body = api.call("GET", "/v1/topics/orders/partitions/1")
    checks.equal("one partition: 200", code, 200)
    checks.equal("one partition: its fields",
                 sorted(body), sorted(["partition", "leader", "log_start_offset", "high_watermark",
                                       "last_stable_offset", "size_bytes"]))
    check_problem(checks, "partition 3 of 3", api.call("GET", "/v1/topics/orders/partitions/3"),
                  404, "unknown-partition")
    check_problem(checks, "partition x", api.call("GET", "/v1/topics/orders/partitions/x"), 400,
                  "invalid-request")
    check_problem(checks, "partitions of an unknown topic",
                  api.call("GET", "/v1/topics/nope/partitions"), 404, "unknown-topic")

    api.call("POST", "/v1/topics", {"name": "grow", "partitions": 2})
    code, _, body = api.call("POST", "/v1/topics/grow/partitions", {"count": 4})
    checks.equal("grow: 200", code, 200)
    checks.equal("grow: 4 partitions", len(body["partitions"]), 4)
    check_problem(checks, "grow: not above the count",
                  api.call("POST", "/v1/topics/grow/partitions", {"count": 2}), 400,
                  "invalid-partitions")
    check_problem(checks, "grow: count missing",
                  api.call("POST", "/v1/topics/grow/partitions", {}), 400, "invalid-request")
    check_problem(checks, "grow: count as text",
                  api.call("POST", "/v1/topics/grow/partitions", {"count": "9"}), 400,
                  "invalid-request")
    check_problem(checks, "grow: an internal topic",
                  api.call("POST", "/v1/topics/__consumer_offsets/partitions", {"count": 99}),
                  403, "internal-topic")

    code, _, _ = api.call("DELETE", "/v1/topics/grow")
    checks.equal("delete: 204", code, 204)
    check_problem(checks, "describe a deleted topic", api.call("GET", "/v1/topics/grow"), 404,
                  "unknown-topic")
    check_problem(checks, "delete again", api.call("DELETE", "/v1/topics/grow"), 404,
                  "unknown-topic")
    check_problem(checks, "delete an internal topic",
                  api.call("DELETE", "/v1/topics/__consumer_offsets"), 403, "internal-topic")


def kafka_partitions_for(broker, topic, keys):
    """The partition confluent-kafka's murmur2 partitioner (Java's default) picks per key."""
    producer = Producer({"bootstrap.servers": broker.bootstrap, "partitioner": "murmur2_random"})
    chosen = {}

    def delivered(err, message):
        if err is None:
            chosen[message.key().decode()] = message.partition()

    for key in keys:
        producer.produce(topic, key=key.encode(), value=b"x", on_delivery=delivered)
    producer.flush(30)
    return chosen


def kafka_read(broker, topic, partition, start, count):
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "rest-test",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    consumer.assign([TopicPartition(topic, partition, start)])
    messages = []
    deadline = time.monotonic() + 20
    while len(messages) < count and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is not None and message.error() is None:
            messages.append(message)
    consumer.close()
    return messages


def test_produce(api, broker, checks):
    checks.step("produce over HTTP: read back over HTTP and over Kafka")
    keys = [f"customer-{i}" for i in range(20)]
    records = [{"key": k, "value": {"n": i, "name": k}, "headers": {"source": "rest-test"}}
               for i, k in enumerate(keys)]
    records.append({"value": "aGVsbG8=", "value_format": "base64", "partition": 2,
                    "headers": [{"key": "bin", "value": "/wA=", "value_format": "base64"}]})
    records.append({"key": "plain", "value": "just text", "value_format": "text",
                    "timestamp": 1732480000000})
    before = high_watermarks(api, "orders")
    code, _, body = api.call("POST", "/v1/topics/orders/records", {"records": records})
    checks.equal("produce: 200", code, 200)
    results = body["results"]
    checks.equal("produce: one result per record", len(results), len(records))
    checks.ok("produce: every record has an offset", all("offset" in r for r in results),
              harness.short(results))
    after = high_watermarks(api, "orders")
    checks.equal("produce: the high watermarks moved by the records per partition",
                 [a - b for a, b in zip(after, before)],
                 [sum(1 for r in results if r["partition"] == p) for p in range(3)])

    kafka_topic = "orders-kafka"
    api.call("POST", "/v1/topics", {"name": kafka_topic, "partitions": 3})
    chosen = kafka_partitions_for(broker, kafka_topic, keys + ["plain"])
    checks.equal("murmur2: HTTP picks confluent-kafka's partition for every key",
                 {k: r["partition"] for k, r in zip(keys + ["plain"], results[:20] + results[21:])},
                 chosen)
    checks.equal("explicit partition kept", results[20]["partition"], 2)

    for i, result in enumerate(results):
        code, _, read = api.call(
            "GET", f"/v1/topics/orders/records?partition={result['partition']}"
                   f"&offset={result['offset']}&limit=1")
        got = read["records"][0] if code == 200 and read["records"] else {}
        checks.equal(f"HTTP read of record {i}: offset", got.get("offset"), result["offset"])
        if i < 20:
            checks.equal(f"HTTP read of record {i}: key", got.get("key"), keys[i])
            checks.equal(f"HTTP read of record {i}: JSON value", got.get("value"), records[i]["value"])
            checks.equal(f"HTTP read of record {i}: headers", got.get("headers"),
                         [{"key": "source", "value": "rest-test"}])
    _, _, read = api.call("GET", f"/v1/topics/orders/records?partition=2&offset={results[20]['offset']}&limit=1")
    got = read["records"][0]
    checks.equal("HTTP read: base64 value rendered as text (it is UTF-8)", got["value"], "hello")
    checks.equal("HTTP read: a binary header value stays base64", got["headers"],
                 [{"key": "bin", "value": "/wA=", "value_format": "base64"}])
    _, _, read = api.call("GET", f"/v1/topics/orders/records?partition={results[21]['partition']}"
                                 f"&offset={results[21]['offset']}&limit=1")
    checks.equal("HTTP read: the given timestamp", read["records"][0]["timestamp"], 1732480000000)

    # The same records over Kafka.
    for i in (0, 7, 20, 21):
        result = results[i]
        messages = kafka_read(broker, "orders", result["partition"], result["offset"], 1)
        checks.equal(f"Kafka read of record {i}", len(messages), 1)
        if not messages:
            continue
        message = messages[0]
        checks.equal(f"Kafka read of record {i}: offset", message.offset(), result["offset"])
        if i == 0:
            checks.equal("Kafka read: key", message.key(), keys[0].encode())
            checks.equal("Kafka read: the JSON value as compact text",
                         json.loads(message.value()), records[0]["value"])
            checks.equal("Kafka read: headers", message.headers(), [("source", b"rest-test")])
        if i == 20:
            checks.equal("Kafka read: base64 decoded", message.value(), b"hello")
            checks.equal("Kafka read: binary header", message.headers(), [("bin", b"\xff\x00")])
        if i == 21:
            checks.equal("Kafka read: text value", message.value(), b"just text")
            checks.equal("Kafka read: timestamp", message.timestamp()[1], 1732480000000)

    checks.step("produce without keys: one partition per request")
    code, _, body = api.call("POST", "/v1/topics/orders/records",
                             {"records": [{"value": i} for i in range(5)]})
    partitions = {r["partition"] for r in body["results"]}
    offsets = [r["offset"] for r in body["results"]]
    checks.equal("unkeyed: one partition", len(partitions), 1)
    checks.equal("unkeyed: consecutive offsets", offsets, list(range(offsets[0], offsets[0] + 5)))

    checks.step("produce: auto-creation of an unknown topic")
    code, _, body = api.call("POST", "/v1/topics/auto-made/records", {"records": [{"value": 1}]})
    checks.equal("auto-create: 200", code, 200)
    code, _, _ = api.call("GET", "/v1/topics/auto-made")
    checks.equal("auto-create: the topic exists", code, 200)


def test_produce_errors(api, checks):
    checks.step("produce: refused requests write nothing")
    before = high_watermarks(api, "orders")
    path = "/v1/topics/orders/records"
    check_problem(checks, "produce: bad JSON", api.call("POST", path, "{\"records\": [1,"), 400,
                  "bad-json")
    check_problem(checks, "produce: records not an array",
                  api.call("POST", path, {"records": {"value": 1}}), 400, "invalid-request")
    check_problem(checks, "produce: the second record's base64 is bad",
                  api.call("POST", path, {"records": [{"value": 1},
                                                      {"value": "%%", "value_format": "base64"}]}),
                  400, "invalid-request")
    _, _, body = api.call("POST", path, {"records": [{"value": 1}, {"value": 5,
                                                                    "value_format": "text"}]})
    checks.ok("produce: the detail names the record", "records[1].value" in body["detail"],
              body["detail"])
    check_problem(checks, "produce: headers as a string",
                  api.call("POST", path, {"records": [{"value": 1, "headers": "h"}]}), 400,
                  "invalid-request")
    check_problem(checks, "produce: a non-integer partition",
                  api.call("POST", path, {"records": [{"partition": "0"}]}), 400,
                  "invalid-request")
    check_problem(checks, "produce: an unknown partition",
                  api.call("POST", path, {"records": [{"value": 1}, {"value": 2, "partition": 3}]}),
                  404, "unknown-partition")
    check_problem(checks, "produce: more than 10,000 records",
                  api.call("POST", path, {"records": [{}] * 10001}), 413, "too-many-records")
    api.call("POST", "/v1/topics", {"name": "small", "configs": {"max.message.bytes": "2000"}})
    check_problem(checks, "produce: a batch over the topic's max.message.bytes",
                  api.call("POST", "/v1/topics/small/records",
                           {"records": [{"value": "x" * 5000, "value_format": "text"}]}), 413,
                  "batch-too-large")
    checks.equal("produce: nothing written to the small topic", high_watermarks(api, "small"), [0])
    check_problem(checks, "produce: to an internal topic",
                  api.call("POST", "/v1/topics/__consumer_offsets/records",
                           {"records": [{"value": 1}]}), 403, "internal-topic")
    check_problem(checks, "produce: an invalid topic name",
                  api.call("POST", "/v1/topics/bad%20name/records", {"records": [{"value": 1}]}),
                  400, "invalid-topic-name")
    check_problem(checks, "PUT records", api.call("PUT", path, {}), 405, "method-not-allowed")

    checks.step("produce: a body over http.max_body_bytes is refused before it is read")
    connection = http.client.HTTPConnection(api.host, api.port, timeout=10)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(MAX_BODY * 4))
    connection.endheaders()  # no body sent: the answer must come anyway
    response = connection.getresponse()
    data = response.read()
    connection.close()
    check_problem(checks, "oversized body (only headers sent)",
                  (response.status, response, json.loads(data)), 413, "body-too-large")
    big = json.dumps({"records": [{"value": "y" * (MAX_BODY + 100), "value_format": "text"}]})
    check_problem(checks, "oversized body (sent)", api.call("POST", path, big), 413,
                  "body-too-large")
    checks.equal("refused requests wrote nothing (high watermarks unchanged)",
                 high_watermarks(api, "orders"), before)


def test_kafka_to_http(api, broker, checks):
    checks.step("produce over Kafka, read over HTTP")
    api.call("POST", "/v1/topics", {"name": "from-kafka", "partitions": 1})
    producer = Producer({"bootstrap.servers": broker.bootstrap})
    sent = [(b"k-json", b'{"a": [1, 2]}', [("h", b"v")]), (None, b"plain text", []),
            (b"k-bin", bytes([0, 255, 7]), [("b", b"\xff")]), (b"k-tomb", None, [])]
    for key, value, headers in sent:
        producer.produce("from-kafka", key=key, value=value, headers=headers, partition=0)
    producer.flush(30)
    code, _, body = api.call("GET", "/v1/topics/from-kafka/records?partition=0&offset=earliest")
    checks.equal("read: 200", code, 200)
    got = body["records"]
    checks.equal("read: every record in order", [r["offset"] for r in got], [0, 1, 2, 3])
    checks.equal("read: JSON value", (got[0]["key"], got[0]["value"], got[0]["value_format"]),
                 ("k-json", {"a": [1, 2]}, "json"))
    checks.equal("read: header", got[0]["headers"], [{"key": "h", "value": "v"}])
    checks.equal("read: text value, null key", (got[1]["key_format"], got[1]["value"],
                                                got[1]["value_format"]),
                 ("null", "plain text", "text"))
    checks.equal("read: binary value as base64", (got[2]["value"], got[2]["value_format"]),
                 (base64.b64encode(bytes([0, 255, 7])).decode(), "base64"))
    checks.equal("read: tombstone", (got[3]["value"], got[3]["value_format"]), (None, "null"))
    checks.equal("read: next offset", body["next_offsets"], {"0": 4})
    checks.equal("read: high watermark", body["high_watermarks"], {"0": 4})


def test_consume(api, checks):
    checks.step("consume: offsets, timestamps, limits, keys, every partition")
    api.call("POST", "/v1/topics", {"name": "events", "partitions": 2})
    records = [{"key": f"k{i % 3}", "value": i, "partition": i % 2, "timestamp": 1000 + i}
               for i in range(40)]
    api.call("POST", "/v1/topics/events/records", {"records": records})
    path = "/v1/topics/events/records"
    _, _, body = api.call("GET", f"{path}?partition=0&offset=5&limit=3")
    checks.equal("offset + limit", [r["offset"] for r in body["records"]], [5, 6, 7])
    checks.equal("next offset", body["next_offsets"], {"0": 8})
    _, _, body = api.call("GET", f"{path}?partition=1&offset=latest")
    checks.equal("latest: nothing yet", body["records"], [])
    checks.equal("latest: next offset is the end", body["next_offsets"], {"1": 20})
    _, _, body = api.call("GET", f"{path}?partition=0&timestamp=1030&limit=100")
    checks.equal("timestamp: from the first record at or after it",
                 [r["value"] for r in body["records"]], [30, 32, 34, 36, 38])
    _, _, body = api.call("GET", f"{path}?limit=6")
    checks.equal("every partition merged by timestamp", [r["value"] for r in body["records"]],
                 [0, 1, 2, 3, 4, 5])
    checks.equal("every partition: next offsets", body["next_offsets"], {"0": 3, "1": 3})
    _, _, body = api.call("GET", f"{path}?key=k1&limit=100")
    checks.equal("key filter", sorted(r["value"] for r in body["records"]),
                 [i for i in range(40) if i % 3 == 1])
    _, _, body = api.call("GET", f"{path}?partition=0&key=k1&limit=2")
    checks.equal("key filter with a limit", [r["value"] for r in body["records"]], [4, 10])
    checks.equal("key filter: continue at the next match (what was scanned is not scanned again)",
                 body["next_offsets"], {"0": 8})
    check_problem(checks, "offset past the end", api.call("GET", f"{path}?partition=0&offset=99"),
                  416, "offset-out-of-range")
    check_problem(checks, "limit 0", api.call("GET", f"{path}?limit=0"), 400, "invalid-request")
    check_problem(checks, "limit 10001", api.call("GET", f"{path}?limit=10001"), 400,
                  "invalid-request")
    check_problem(checks, "offset and timestamp", api.call("GET", f"{path}?offset=1&timestamp=1"),
                  400, "invalid-request")
    check_problem(checks, "offset=soon", api.call("GET", f"{path}?offset=soon"), 400,
                  "invalid-request")
    check_problem(checks, "unknown partition", api.call("GET", f"{path}?partition=2"), 404,
                  "unknown-partition")
    check_problem(checks, "unknown topic", api.call("GET", "/v1/topics/nope/records"), 404,
                  "unknown-topic")
    check_problem(checks, "DELETE records", api.call("DELETE", path), 405, "method-not-allowed")


def page_all(api, topic, limit, partitions, extra=""):
    """Pages through every partition of `topic` from the start, each answer continuing from the
    previous answer's next_offsets (`offsets=`): [(partition, offset, value)] in answer order."""
    seen, offsets = [], {str(p): 0 for p in range(partitions)}
    for _ in range(10000):
        cursor = ",".join(f"{p}:{o}" for p, o in sorted(offsets.items(), key=lambda i: int(i[0])))
        code, _, body = api.call("GET", f"/v1/topics/{topic}/records?offsets={cursor}"
                                 f"&limit={limit}{extra}")
        if code != 200:
            raise AssertionError(f"paging {topic}: {code} {harness.short(body)}")
        seen += [(r["partition"], r["offset"], r["value"]) for r in body["records"]]
        if body["next_offsets"] == offsets and not body["records"]:
            break
        offsets = body["next_offsets"]
    return seen


def check_each_once_in_offset_order(checks, what, seen, expected):
    checks.equal(f"{what}: every record exactly once", sorted(seen), sorted(expected))
    for partition in {p for p, _, _ in expected}:
        offsets = [o for p, o, _ in seen if p == partition]
        checks.equal(f"{what}: partition {partition} in offset order", offsets, sorted(offsets))


def test_consume_timestamps_out_of_offset_order(api, checks):
    checks.step("consume: timestamps out of offset order neither skip nor repeat records")
    api.call("POST", "/v1/topics", {"name": "skewed", "partitions": 2})
    api.call("POST", "/v1/topics/skewed/records", {"records": [
        {"value": "r0", "partition": 0, "timestamp": 100},
        {"value": "r1", "partition": 0, "timestamp": 1},
        {"value": "s0", "partition": 1, "timestamp": 50}]})
    path = "/v1/topics/skewed/records"
    _, _, body = api.call("GET", f"{path}?offset=earliest&limit=2")
    checks.equal("merged by the partitions' next records: s0 (50) before r0 (100), r1 waits",
                 [(r["partition"], r["offset"], r["value"]) for r in body["records"]],
                 [(1, 0, "s0"), (0, 0, "r0")])
    checks.equal("next offsets past exactly what was returned", body["next_offsets"],
                 {"0": 1, "1": 1})
    _, _, body = api.call("GET", f"{path}?offsets=0:1,1:1&limit=2")
    checks.equal("offsets= continues every partition: r1 is returned once",
                 [(r["partition"], r["offset"], r["value"]) for r in body["records"]],
                 [(0, 1, "r1")])
    checks.equal("and then nothing is left", body["next_offsets"], {"0": 2, "1": 1})
    _, _, body = api.call("GET", f"{path}?offsets=1:1&offset=latest")
    checks.equal("partitions missing from offsets= start at offset/timestamp",
                 body["next_offsets"], {"0": 2, "1": 1})

    # Three partitions, timestamps scrambled within each: paging with any limit returns every
    # record once, each partition in offset order.
    api.call("POST", "/v1/topics", {"name": "scrambled", "partitions": 3})
    records = [{"value": f"v{i}", "partition": i % 3, "timestamp": (i * 7919) % 31}
               for i in range(30)]
    api.call("POST", "/v1/topics/scrambled/records", {"records": records})
    expected = [(i % 3, i // 3, f"v{i}") for i in range(30)]
    for limit in (1, 2, 7):
        seen = page_all(api, "scrambled", limit, 3)
        check_each_once_in_offset_order(checks, f"scrambled, limit {limit}", seen, expected)
    seen = page_all(api, "scrambled", 2, 3, "&key=")
    checks.equal("a key filter that matches nothing pages to the end", seen, [])

    check_problem(checks, "offsets= not partition:offset",
                  api.call("GET", f"{path}?offsets=0-1"), 400, "invalid-request")
    check_problem(checks, "offsets= a partition twice",
                  api.call("GET", f"{path}?offsets=0:1,0:2"), 400, "invalid-request")
    check_problem(checks, "offsets= with partition=",
                  api.call("GET", f"{path}?partition=0&offsets=0:1"), 400, "invalid-request")
    check_problem(checks, "offsets= an unknown partition",
                  api.call("GET", f"{path}?offsets=2:0"), 404, "unknown-partition")
    check_problem(checks, "offsets= past the end",
                  api.call("GET", f"{path}?offsets=0:3"), 416, "offset-out-of-range")


def metric_value(api, name, topic):
    _, _, text = api.call("GET", "/metrics")
    text = text.decode() if isinstance(text, bytes) else str(text)
    for line in text.splitlines():
        if line.startswith(f'{name}{{topic="{topic}"}} '):
            return float(line.split()[-1])
    return 0.0


def test_consume_many_partitions_bounded(api, broker, checks):
    checks.step("consume: many partitions, bounded reads, records out counts what is returned")
    api.call("POST", "/v1/topics", {"name": "wide", "partitions": 64})
    for first in range(0, 64 * 10, 160):
        api.call("POST", "/v1/topics/wide/records", {"records": [
            {"value": i, "partition": i % 64, "timestamp": 5000 - i}
            for i in range(first, first + 160)]})
    records_out = metric_value(api, "eventioz_topic_records_out_total", "wide")
    bytes_out = metric_value(api, "eventioz_topic_bytes_out_total", "wide")
    started = time.monotonic()
    code, _, body = api.call("GET", "/v1/topics/wide/records?limit=3")
    checks.equal("64 partitions, limit 3: 200", code, 200)
    # Timestamps fall with the offsets: the smallest next record is partition 63's, and each
    # record it takes there has a smaller one behind it.
    checks.equal("exactly limit records, each partition in offset order",
                 [r["value"] for r in body["records"]], [63, 127, 191])
    checks.equal("next offsets: past the records taken, the other partitions at their start",
                 body["next_offsets"], {str(p): 3 if p == 63 else 0 for p in range(64)})
    checks.ok("answered promptly", time.monotonic() - started < 10)
    checks.equal("records out moved by exactly the records returned",
                 metric_value(api, "eventioz_topic_records_out_total", "wide") - records_out, 3)
    checks.ok("bytes out moved", metric_value(api, "eventioz_topic_bytes_out_total", "wide")
              > bytes_out)
    seen = page_all(api, "wide", 100, 64)
    check_each_once_in_offset_order(checks, "64 partitions, limit 100", seen,
                                    [(i % 64, i // 64, i) for i in range(640)])

    # More than an answer may read (16 MiB): the answer stops early, paging still gets all.
    api.call("POST", "/v1/topics", {"name": "heavy", "partitions": 8})
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 0,
                         "message.max.bytes": 2 << 20})
    value = "x" * 300_000
    for i in range(80):
        producer.produce("heavy", value=f"{i}:{value}".encode(), partition=i % 8,
                         timestamp=1000 + i)
    producer.flush(30)
    code, _, body = api.call("GET", "/v1/topics/heavy/records?limit=10000")
    checks.equal("24 MB of records: 200", code, 200)
    count = len(body["records"])
    checks.ok("the answer holds some records, fewer than all (about 16 MiB read at most)",
              0 < count < 80, count)
    checks.equal("next offsets past exactly the records returned",
                 sum(body["next_offsets"].values()), count)
    seen = page_all(api, "heavy", 10000, 8)
    checks.equal("paging through a budget-bound topic: each record once",
                 sorted((p, o) for p, o, _ in seen), sorted((i % 8, i // 8) for i in range(80)))


def test_bad_json_is_answered_alike_by_every_route(api, checks):
    checks.step("bad JSON: one problem (slug, title, detail with the byte) on every route")
    api.call("POST", "/v1/topics", {"name": "badjson", "partitions": 1})
    routes = [("POST", "/v1/topics"), ("PATCH", "/v1/topics/badjson/configs"),
              ("POST", "/v1/topics/badjson/partitions"), ("POST", "/v1/topics/badjson/records"),
              ("POST", "/v1/groups/g-badjson/offsets"),
              ("POST", "/v1/groups/g-badjson/reset-offsets")]
    titles = set()
    for method, path in routes:
        answer = api.call(method, path, '{"a":}')
        check_problem(checks, f"{method} {path} with bad JSON", answer, 400, "bad-json")
        detail = answer[2].get("detail", "") if isinstance(answer[2], dict) else ""
        titles.add(answer[2].get("title") if isinstance(answer[2], dict) else None)
        checks.equal(f"{method} {path}: the detail says what and where", detail,
                     "the body is not JSON: unexpected '}' where a value was expected (byte 6)")
        empty = api.call(method, path, "")
        check_problem(checks, f"{method} {path} with an empty body", empty, 400, "bad-json")
        detail = empty[2].get("detail", "") if isinstance(empty[2], dict) else ""
        checks.ok(f"{method} {path}: an empty body is named as such",
                  detail.startswith("the body is empty; send a JSON object like {"), detail)
    checks.equal("one title for every bad-json answer", titles, {"The body is not JSON"})


def test_query_parameters_are_checked(api, checks):
    checks.step("query parameters: a repeated or unknown one is refused, never ignored")
    api.call("POST", "/v1/topics", {"name": "query-checks", "partitions": 2})
    api.call("POST", "/v1/topics/query-checks/records",
             {"records": [{"key": f"k{i}", "value": i, "partition": 0} for i in range(3)]})
    path = "/v1/topics/query-checks/records"
    for query, name in (("key=k1&key=k0", "key"), ("partition=0&partition=1", "partition")):
        answer = api.call("GET", f"{path}?{query}")
        check_problem(checks, f"repeated {name}", answer, 400, "invalid-request")
        checks.equal(f"repeated {name}: named", answer[2].get("detail"),
                     f"query parameter '{name}' is given twice; give it once")
    answer = api.call("GET", "/v1/topics/query-checks/events?header=a:b&header=c:d")
    check_problem(checks, "events: repeated header", answer, 400, "invalid-request")
    answer = api.call("GET", f"{path}?limt=1")
    check_problem(checks, "consume: misspelt limit", answer, 400, "invalid-request")
    detail = answer[2].get("detail", "") if isinstance(answer[2], dict) else ""
    checks.ok("consume: the unknown parameter and the known ones are named",
              "'limt'" in detail and "limit" in detail and "max_scan" in detail, detail)
    answer = api.call("GET", "/v1/topics/query-checks/events?ofset=earliest")
    check_problem(checks, "events: misspelt offset", answer, 400, "invalid-request")
    check_problem(checks, "a route without query parameters",
                  api.call("GET", "/v1/topics?verbose=1"), 400, "invalid-request")
    checks.equal("known parameters still work",
                 len(api.call("GET", f"{path}?partition=0&offset=1&limit=5")[2]["records"]), 2)


def test_consume_offset_past_a_short_partition(api, checks):
    checks.step("consume offset=N over every partition: a shorter partition starts at its end")
    api.call("POST", "/v1/topics", {"name": "uneven", "partitions": 2})
    records = [{"value": i, "partition": 0 if i < 3 else 1, "timestamp": 1000 + i}
               for i in range(10)]
    api.call("POST", "/v1/topics/uneven/records", {"records": records})
    checks.equal("high watermarks 3 and 7", high_watermarks(api, "uneven"), [3, 7])
    status, _, body = api.call("GET", "/v1/topics/uneven/records?offset=5")
    checks.equal("offset=5 without partition: 200", status, 200)
    if status == 200:
        checks.equal("only partition 1 contributes from 5",
                     [(r["partition"], r["offset"]) for r in body["records"]], [(1, 5), (1, 6)])
        checks.equal("partition 0 continues at its end", body["next_offsets"], {"0": 3, "1": 7})
    check_problem(checks, "partition=0&offset=5 is still past its end",
                  api.call("GET", "/v1/topics/uneven/records?partition=0&offset=5"), 416,
                  "offset-out-of-range")
    check_problem(checks, "offsets=0:5 is still past its end",
                  api.call("GET", "/v1/topics/uneven/records?offsets=0:5"), 416,
                  "offset-out-of-range")


def test(broker, checks):
    api = Api(broker.http_url)
    wait_ready(api)
    test_cluster(api, broker, checks)
    test_topics(api, checks)
    test_produce(api, broker, checks)
    test_produce_errors(api, checks)
    test_kafka_to_http(api, broker, checks)
    test_consume(api, checks)
    test_consume_timestamps_out_of_offset_order(api, checks)
    test_consume_many_partitions_bounded(api, broker, checks)
    test_bad_json_is_answered_alike_by_every_route(api, checks)
    test_query_parameters_are_checked(api, checks)
    test_consume_offset_past_a_short_partition(api, checks)

    checks.step("auto-creation off: produce to an unknown topic is 404")
    other = harness.make_broker(sys.argv[1], ["--auto-create-topics", "false"])
    try:
        other.start()
        other_api = Api(other.http_url)
        wait_ready(other_api)
        check_problem(checks, "produce to an unknown topic",
                      other_api.call("POST", "/v1/topics/nope/records",
                                     {"records": [{"value": 1}]}), 404, "unknown-topic")
        checks.equal("and it was not created", other_api.call("GET", "/v1/topics/nope")[0], 404)
    finally:
        harness.stop_broker(other, checks)


if __name__ == "__main__":
    harness.run_test(test, ["--http-max-body-bytes", str(MAX_BODY)])
