#!/usr/bin/python3
"""confluent_kafka (Debian's 1.7.0 on librdkafka 2.0.2) against `eventioz serve`.

Admin: create_topics with a config, list_topics, describe_configs, alter_configs,
create_partitions, delete_topics. Data: 10,000 keyed records with headers produced with acks=all
across four partitions, every delivery report successful with contiguous offsets, then read back
partition by partition (assign from the beginning, no consumer group) exactly: same records, same
per-partition order, same offsets; watermarks agree. Also a zstd producer without idempotence.

    confluent_kafka_test.py <path to eventioz>
"""

import concurrent.futures
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position

from confluent_kafka import (  # noqa: E402  pylint: disable=wrong-import-position
    OFFSET_BEGINNING, TIMESTAMP_CREATE_TIME, Consumer, KafkaError, KafkaException, Producer,
    TopicPartition)
from confluent_kafka.admin import (  # noqa: E402  pylint: disable=wrong-import-position
    AdminClient, ConfigResource, NewPartitions, NewTopic)

RECORDS = 10_000
MAIN_TOPIC = "confluent-main"
ZSTD_TOPIC = "confluent-zstd"
ZSTD_RECORDS = 2_000
TIMEOUT = 30


def results(futures):
    """{name: result} of an admin call; raises the first error."""
    answers = {}
    for name, future in futures.items():
        try:
            answers[name] = future.result(TIMEOUT)
        except concurrent.futures.TimeoutError:
            raise AssertionError(f"no answer for {name} within {TIMEOUT} s") from None
    return answers


def produce(bootstrap, topic, records, extra_config=None):
    """Produces [(key, value, headers)]; returns the delivery reports in produce order as
    (error, partition, offset)."""
    config = {"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
              "message.timeout.ms": 60000}
    config.update(extra_config or {})
    producer = Producer(config)
    reports = [None] * len(records)

    def on_delivery(index):
        def callback(error, message):
            reports[index] = (error, message.partition(), message.offset())
        return callback

    for index, (key, value, headers) in enumerate(records):
        while True:
            try:
                producer.produce(topic, value=value, key=key, headers=headers,
                                 on_delivery=on_delivery(index))
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
    left = producer.flush(90)
    if left:
        raise AssertionError(f"{left} records still undelivered after 90 s")
    return reports


def consume_partitions(bootstrap, topic, expected_counts, seconds=60):
    """Reads every partition of expected_counts {partition: count} from the beginning by
    assignment. Returns ({partition: [message]}, {partition: (low, high) watermarks})."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "eventioz-e2e-unused",  # required by the library; never joined or committed
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "enable.partition.eof": True,
    })
    got = {partition: [] for partition in expected_counts}
    at_end = set()
    try:
        consumer.assign([TopicPartition(topic, partition, OFFSET_BEGINNING)
                         for partition in expected_counts])
        deadline = time.monotonic() + seconds
        while at_end != set(expected_counts) and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            error = message.error()
            if error is None:
                got[message.partition()].append(message)
            elif error.code() == KafkaError._PARTITION_EOF:  # pylint: disable=protected-access
                if len(got[message.partition()]) >= expected_counts[message.partition()]:
                    at_end.add(message.partition())
            else:
                raise KafkaException(error)
        watermarks = {partition: consumer.get_watermark_offsets(
            TopicPartition(topic, partition), timeout=10) for partition in expected_counts}
        return got, watermarks
    finally:
        consumer.close()


def check_round_trip(checks, label, records, reports, consumed, partitions):
    """Delivery reports and consumed messages agree with what was produced."""
    got, watermarks = consumed
    failed = [(index, report) for index, report in enumerate(reports)
              if report is None or report[0] is not None]
    checks.ok(f"{label}: all {len(records)} delivery reports are successful", not failed,
              f"{len(failed)} failed, first: {failed[:3]}")
    expected = {partition: [] for partition in partitions}
    for index, report in enumerate(reports):
        if report is not None and report[0] is None:
            expected.setdefault(report[1], []).append((report[2], index))
    checks.ok(f"{label}: records went to partitions {partitions}",
              set(expected) == set(partitions) and all(expected.values()),
              f"counts {({p: len(v) for p, v in expected.items()})}")
    for partition in sorted(expected):
        offsets = [offset for offset, _ in expected[partition]]
        checks.equal(f"{label}: partition {partition} delivery offsets are 0..n-1 in produce "
                     f"order", offsets, list(range(len(offsets))))
        messages = got.get(partition, [])
        actual = [(m.offset(), m.key(), m.value(), m.headers()) for m in messages]
        wanted = [(offset, records[index][0], records[index][1],
                   records[index][2] or None) for offset, index in expected[partition]]
        if actual != wanted:
            first = next((i for i, (a, w) in enumerate(zip(actual, wanted)) if a != w),
                         min(len(actual), len(wanted)))
            checks.fail(f"{label}: partition {partition} reads back exactly",
                        f"{len(actual)} read, {len(wanted)} expected; first difference at "
                        f"#{first}: read {harness.short(actual[first:first + 2])}, expected "
                        f"{harness.short(wanted[first:first + 2])}")
        else:
            checks.ok(f"{label}: partition {partition} reads back exactly "
                      f"({len(actual)} records, produce order, same offsets)", True)
        checks.equal(f"{label}: partition {partition} watermarks", watermarks.get(partition),
                     (0, len(wanted)))
    now_ms = time.time() * 1000
    stamps = [m.timestamp() for ms in got.values() for m in ms]
    bad = [s for s in stamps if s[0] != TIMESTAMP_CREATE_TIME or not
           now_ms - 600_000 < s[1] <= now_ms + 1000]
    checks.ok(f"{label}: every record has a recent CreateTime timestamp", not bad,
              f"{len(bad)} bad, first {bad[:3]}")


def test(broker, checks):
    bootstrap = broker.bootstrap
    admin = AdminClient({"bootstrap.servers": bootstrap})

    # Topics.
    with checks.step("create_topics"):
        results(admin.create_topics(
            [NewTopic(MAIN_TOPIC, num_partitions=3, replication_factor=1,
                      config={"retention.ms": "3600000"}),
             NewTopic(ZSTD_TOPIC, num_partitions=2, replication_factor=1)],
            operation_timeout=20, request_timeout=TIMEOUT))
        checks.ok("create_topics creates two topics", True)
    with checks.step("create_topics of an existing topic"):
        try:
            results(admin.create_topics([NewTopic(MAIN_TOPIC, 3, 1)], request_timeout=TIMEOUT))
            checks.fail("creating an existing topic fails with TOPIC_ALREADY_EXISTS",
                        "it succeeded")
        except KafkaException as error:
            checks.equal("creating an existing topic fails with TOPIC_ALREADY_EXISTS",
                         error.args[0].code(), KafkaError.TOPIC_ALREADY_EXISTS)
    with checks.step("list_topics"):
        metadata = admin.list_topics(timeout=TIMEOUT)
        brokers = {b.id: f"{b.host}:{b.port}" for b in metadata.brokers.values()}
        checks.equal("list_topics: one broker, at the bootstrap address",
                     list(brokers.values()), [bootstrap])
        checks.ok("list_topics: the controller is that broker", metadata.controller_id in brokers,
                  f"controller {metadata.controller_id}, brokers {brokers}")
        checks.ok("list_topics: a cluster id", bool(metadata.cluster_id), repr(metadata.cluster_id))
        topic = metadata.topics.get(MAIN_TOPIC)
        checks.ok(f"list_topics shows {MAIN_TOPIC}", topic is not None and topic.error is None,
                  f"topics {sorted(metadata.topics)}")
        if topic is not None:
            checks.equal(f"{MAIN_TOPIC} has partitions 0-2", sorted(topic.partitions), [0, 1, 2])
            leaders = {p.id: p.leader for p in topic.partitions.values()}
            checks.ok("every partition is led by the broker",
                      all(leader in brokers for leader in leaders.values()), str(leaders))
        checks.equal(f"{ZSTD_TOPIC} has partitions 0-1",
                     sorted(metadata.topics[ZSTD_TOPIC].partitions), [0, 1])

    # Configs.
    with checks.step("describe_configs"):
        resource = ConfigResource("topic", MAIN_TOPIC)
        configs = results(admin.describe_configs([resource]))[resource]
        entry = configs.get("retention.ms")
        checks.equal("describe_configs returns the retention.ms given at creation",
                     entry.value if entry else None, "3600000")
        checks.ok("and it is not reported as a default", entry is not None and not entry.is_default,
                  repr(entry))
    with checks.step("alter_configs"):
        results(admin.alter_configs([ConfigResource("topic", MAIN_TOPIC,
                                                    set_config={"retention.ms": "7200000"})]))
        resource = ConfigResource("topic", MAIN_TOPIC)
        configs = results(admin.describe_configs([resource]))[resource]
        checks.equal("alter_configs changes retention.ms",
                     configs["retention.ms"].value if "retention.ms" in configs else None,
                     "7200000")

    # Partitions.
    with checks.step("create_partitions"):
        results(admin.create_partitions([NewPartitions(MAIN_TOPIC, 4)],
                                        request_timeout=TIMEOUT))
        count = harness.wait_for(lambda: len(admin.list_topics(MAIN_TOPIC, timeout=TIMEOUT)
                                     .topics[MAIN_TOPIC].partitions) == 4)
        checks.ok(f"create_partitions grows {MAIN_TOPIC} to 4 partitions", count)

    # 10,000 records across the four partitions, then each partition read back.
    with checks.step("produce and consume 10,000 records"):
        records = [(f"key-{i:05d}".encode(), f"value-{i:05d}-".encode() + bytes([i % 251]) * (i % 97),
                    [("index", str(i).encode()), ("kind", b"e2e")]) for i in range(RECORDS)]
        reports = produce(bootstrap, MAIN_TOPIC, records)
        counts = {p: sum(1 for r in reports if r and r[0] is None and r[1] == p) for p in range(4)}
        consumed = consume_partitions(bootstrap, MAIN_TOPIC, counts)
        check_round_trip(checks, MAIN_TOPIC, records, reports, consumed, [0, 1, 2, 3])

    # zstd, explicitly without idempotence.
    with checks.step("zstd produce and consume"):
        records = [(f"z{i}".encode(), (f"zstd record {i} " * 8).encode(), None)
                   for i in range(ZSTD_RECORDS)]
        reports = produce(bootstrap, ZSTD_TOPIC, records,
                          {"compression.type": "zstd", "enable.idempotence": False,
                           "linger.ms": 20})
        counts = {p: sum(1 for r in reports if r and r[0] is None and r[1] == p) for p in range(2)}
        consumed = consume_partitions(bootstrap, ZSTD_TOPIC, counts)
        check_round_trip(checks, ZSTD_TOPIC, records, reports, consumed, [0, 1])

    # Deletion: the topic disappears, and a new topic of the same name starts empty.
    with checks.step("delete_topics"):
        results(admin.delete_topics([MAIN_TOPIC, ZSTD_TOPIC], operation_timeout=20,
                                    request_timeout=TIMEOUT))
        gone = harness.wait_for(lambda: MAIN_TOPIC not in admin.list_topics(timeout=TIMEOUT).topics
                        and ZSTD_TOPIC not in admin.list_topics(timeout=TIMEOUT).topics)
        checks.ok("delete_topics: the topics are gone from list_topics", gone)
        results(admin.create_topics([NewTopic(MAIN_TOPIC, 1, 1)], request_timeout=TIMEOUT))
        consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "eventioz-e2e-unused",
                             "enable.auto.commit": False})
        try:
            checks.equal("a topic recreated under a deleted name starts empty",
                         consumer.get_watermark_offsets(TopicPartition(MAIN_TOPIC, 0),
                                                        timeout=TIMEOUT), (0, 0))
        finally:
            consumer.close()
        results(admin.delete_topics([MAIN_TOPIC], request_timeout=TIMEOUT))


if __name__ == "__main__":
    harness.run_test(test)
