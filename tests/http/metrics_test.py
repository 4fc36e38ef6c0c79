#!/usr/bin/python3
"""/metrics against a real broker: it parses as Prometheus text (strictly: prometheus_parser.py)
and its values move with traffic by the right amounts.

Produces N records with confluent_kafka, consumes them in a group that commits partway, and
checks: records in grew by exactly N for the topic, bytes in by at least N x record size, the
high watermark gauge is N, Produce and Fetch requests were counted with latencies, fsyncs were
timed, records and bytes out moved, the group's lag is what the commit left, connections are
counted, HTTP requests are counted per route template, and (when this build has the route)
records produced over HTTP count in the same topic counters. With --log-format json and
--http-log-requests, each HTTP request is one JSON log line with its fields.

    metrics_test.py <path to eventioz>
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True  # keep the source tree clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "kafka"))
import harness  # noqa: E402  pylint: disable=wrong-import-position
import prometheus_parser as prom  # noqa: E402  pylint: disable=wrong-import-position

from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402  pylint: disable=C0413
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402  pylint: disable=C0413

TOPIC = "metrics-orders"
GROUP = "metrics-app"
RECORDS = 200
VALUE_BYTES = 100
COMMITTED = 80  # the group commits this offset: lag RECORDS - COMMITTED
HTTP_RECORDS = 10


def scrape(broker):
    with urllib.request.urlopen(broker.http_url + "/metrics", timeout=10) as response:
        content_type = response.headers.get("Content-Type")
        return content_type, prom.parse(response.read().decode("utf-8"))


def metric(parsed, name, **labels):
    found = prom.value(parsed, name, **labels)
    return 0 if found is None else found


def test(broker, checks):
    with checks.step("the first scrape parses as Prometheus text"):
        content_type, before = scrape(broker)
        checks.equal("content type", content_type, "text/plain; version=0.0.4; charset=utf-8")
        for family in ("eventioz_kafka_connections", "eventioz_http_connections",
                       "eventioz_push_subscribers", "eventioz_storage_fsync_duration_seconds",
                       "eventioz_kafka_request_duration_seconds",
                       "eventioz_process_resident_memory_bytes",
                       "eventioz_process_cpu_seconds_total", "eventioz_storage_used_bytes"):
            checks.ok(f"{family} is declared from the start", family in before["types"])
        checks.ok("resident memory is reported",
                  metric(before, "eventioz_process_resident_memory_bytes") > 1_000_000)

    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic(TOPIC, num_partitions=1, replication_factor=1)])[TOPIC].result(
        timeout=10)

    with checks.step("producing moves the topic's counters, the watermark and fsyncs"):
        producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5})
        for index in range(RECORDS):
            producer.produce(TOPIC, value=f"{index:0{VALUE_BYTES}d}".encode(), partition=0)
        checks.equal("every record was delivered", producer.flush(10), 0)
        _, after = scrape(broker)
        checks.equal("records in grew by exactly N",
                     metric(after, "eventioz_topic_records_in_total", topic=TOPIC)
                     - metric(before, "eventioz_topic_records_in_total", topic=TOPIC), RECORDS)
        checks.ok("bytes in grew by at least N x record size",
                  metric(after, "eventioz_topic_bytes_in_total", topic=TOPIC)
                  >= RECORDS * VALUE_BYTES)
        checks.equal("the high watermark gauge is N",
                     metric(after, "eventioz_partition_high_watermark", topic=TOPIC,
                            partition="0"), RECORDS)
        checks.ok("the partition's size is reported",
                  metric(after, "eventioz_partition_size_bytes", topic=TOPIC, partition="0")
                  >= RECORDS * VALUE_BYTES)
        checks.ok("storage used covers the partition",
                  metric(after, "eventioz_storage_used_bytes")
                  >= metric(after, "eventioz_partition_size_bytes", topic=TOPIC, partition="0"))
        checks.ok("produce requests were counted",
                  metric(after, "eventioz_kafka_requests_total", api="produce")
                  > metric(before, "eventioz_kafka_requests_total", api="produce"))
        checks.equal("each produce request has a latency",
                     metric(after, "eventioz_kafka_request_duration_seconds_count",
                            api="produce"),
                     metric(after, "eventioz_kafka_requests_total", api="produce"))
        checks.ok("fsyncs were timed",
                  metric(after, "eventioz_storage_fsync_duration_seconds_count")
                  > metric(before, "eventioz_storage_fsync_duration_seconds_count"))
        before = after

    with checks.step("consuming moves records out, counts fetches, and shows the group's lag"):
        consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": GROUP,
                             "auto.offset.reset": "earliest", "enable.auto.commit": False})
        consumer.subscribe([TOPIC])
        received = 0
        deadline = time.monotonic() + 20
        while received < RECORDS and time.monotonic() < deadline:
            message = consumer.poll(0.1)
            if message is not None and not message.error():
                received += 1
        checks.equal("the consumer received every record", received, RECORDS)
        consumer.commit(offsets=[TopicPartition(TOPIC, 0, COMMITTED)], asynchronous=False)
        _, after = scrape(broker)
        checks.ok("the consumer's connections are counted",
                  metric(after, "eventioz_kafka_connections") >= 1)
        checks.ok("records out grew by at least N",
                  metric(after, "eventioz_topic_records_out_total", topic=TOPIC)
                  - metric(before, "eventioz_topic_records_out_total", topic=TOPIC) >= RECORDS)
        checks.ok("bytes out grew by at least N x record size",
                  metric(after, "eventioz_topic_bytes_out_total", topic=TOPIC)
                  >= RECORDS * VALUE_BYTES)
        checks.ok("fetch requests were counted",
                  metric(after, "eventioz_kafka_requests_total", api="fetch")
                  > metric(before, "eventioz_kafka_requests_total", api="fetch"))
        checks.equal("the group's lag is what the commit left",
                     prom.value(after, "eventioz_group_lag", group=GROUP, topic=TOPIC,
                                partition="0"), RECORDS - COMMITTED)
        checks.equal("the group has one member",
                     prom.value(after, "eventioz_group_members", group=GROUP), 1)
        consumer.close()

    with checks.step("HTTP requests are counted per route template"):
        _, first = scrape(broker)
        try:
            urllib.request.urlopen(broker.http_url + "/no/such/route/42", timeout=10)
        except urllib.error.HTTPError as error:
            checks.equal("an unknown route answers 404", error.code, 404)
        _, second = scrape(broker)
        checks.equal("the scrape between counted once",
                     metric(second, "eventioz_http_requests_total", route="/metrics",
                            method="GET", code="200")
                     - metric(first, "eventioz_http_requests_total", route="/metrics",
                              method="GET", code="200"), 1)
        checks.equal("the 404 counted under (unmatched), not its raw path",
                     metric(second, "eventioz_http_requests_total", route="(unmatched)",
                            method="GET", code="404")
                     - metric(first, "eventioz_http_requests_total", route="(unmatched)",
                              method="GET", code="404"), 1)
        checks.ok("no series carries the raw path",
                  not any("/no/such/route" in str(labels) for _, labels in second["samples"]))
        checks.ok("the /metrics latency is observed",
                  metric(second, "eventioz_http_request_duration_seconds_count",
                         route="/metrics") >= 2)

    with checks.step("HTTP produce counts in the same topic counters"):
        _, first = scrape(broker)
        body = json.dumps({"records": [{"value": f"http-{i}", "partition": 0}
                                       for i in range(HTTP_RECORDS)],
                           "value_format": "text"}).encode()
        request = urllib.request.Request(f"{broker.http_url}/v1/topics/{TOPIC}/records",
                                         data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
            problem = json.loads(error.read() or b"{}")
        if status == 404 and problem.get("type", "").endswith("/no-such-route"):
            harness.say("skipped: this build has no HTTP produce route (Kafka produce is checked)")
        else:
            checks.equal("HTTP produce answers 200", status, 200)
            _, second = scrape(broker)
            checks.equal("records in grew by exactly the records posted",
                         metric(second, "eventioz_topic_records_in_total", topic=TOPIC)
                         - metric(first, "eventioz_topic_records_in_total", topic=TOPIC),
                         HTTP_RECORDS)
            checks.equal("the request counted under its route template",
                         metric(second, "eventioz_http_requests_total",
                                route="/v1/topics/{topic}/records", method="POST", code="200")
                         - metric(first, "eventioz_http_requests_total",
                                  route="/v1/topics/{topic}/records", method="POST",
                                  code="200"), 1)

    with checks.step("request logs are JSON lines with fields"):
        def logged_request():
            with open(broker.log_path, encoding="utf-8", errors="replace") as log:
                for line in log:
                    if line.startswith("{") and '"http request"' in line:
                        entry = json.loads(line)
                        if entry.get("route") == "(unmatched)":
                            return entry
            return None
        entry = harness.wait_for(logged_request, seconds=5)
        checks.ok("the 404 was logged", entry is not None)
        if entry:
            checks.equal("its fields", {key: entry.get(key) for key in
                                        ("level", "method", "path", "status")},
                         {"level": "info", "method": "GET", "path": "/no/such/route/42",
                          "status": 404})
            checks.ok("with a duration and a size",
                      isinstance(entry.get("duration_ms"), (int, float))
                      and entry.get("bytes", 0) > 0)


if __name__ == "__main__":
    os.environ["EVENTIOZ_LOG_FORMAT"] = "json"
    harness.run_test(test, extra_args=["--http-log-requests", "true"])
