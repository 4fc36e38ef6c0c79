#!/usr/bin/python3
"""kafka-python (Debian's 2.0.2, the `kafka` module) against `eventioz serve`.

Admin: create_topics with a config, list_topics, describe_configs, create_partitions,
delete_topics. Data: KafkaProducer(acks='all') sends 10,000 keyed records with headers; a
KafkaConsumer without a group (group_id=None, assign, seek_to_beginning) reads them back exactly,
with kafka-python checking every batch CRC; beginning_offsets, end_offsets and offsets_for_times
agree with what was written. Groups: two KafkaConsumers (default assignor, range) in one group
share a 4-partition topic, each record consumed once with synchronous commits; the admin client
lists and describes the group and reads its committed offsets (the end of each partition).

    kafka_python_test.py <path to eventioz>
"""

import os
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position

from kafka import KafkaConsumer, KafkaProducer, TopicPartition  # noqa: E402  pylint: disable=C0413
from kafka.admin import (  # noqa: E402  pylint: disable=wrong-import-position
    ConfigResource, ConfigResourceType, KafkaAdminClient, NewPartitions, NewTopic)
from kafka.errors import CommitFailedError, TopicAlreadyExistsError  # noqa: E402  pylint: disable=C0413

RECORDS = 10_000
MAIN_TOPIC = "kafka-python-main"
TIMES_TOPIC = "kafka-python-times"
GROUP_TOPIC = "kafka-python-group"
GROUP = "kafka-python-app"
GROUP_RECORDS = 400
BASE_TIME = 1_600_000_000_000
TIMEOUT_MS = 30_000


def send_all(bootstrap, topic, records):
    """records: [(key, value, headers, partition, timestamp_ms)]; returns, in send order,
    RecordMetadata or the exception."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5,
                             request_timeout_ms=TIMEOUT_MS, client_id="eventioz-e2e-producer")
    try:
        futures = [producer.send(topic, key=key, value=value, headers=headers,
                                 partition=partition, timestamp_ms=timestamp)
                   for key, value, headers, partition, timestamp in records]
        producer.flush(timeout=90)
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.get(timeout=1))
            except Exception as error:  # pylint: disable=broad-except
                outcomes.append(error)
        return outcomes
    finally:
        producer.close(timeout=10)


def new_consumer(bootstrap):
    return KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                         auto_offset_reset="earliest", fetch_max_wait_ms=100,
                         request_timeout_ms=TIMEOUT_MS + 5000, client_id="eventioz-e2e-consumer")


def read_all(consumer, partitions, expected_counts, seconds=60):
    """Assigns the partitions, seeks to the beginning and polls until every partition has at
    least its expected count; returns {TopicPartition: [ConsumerRecord]}."""
    consumer.assign(partitions)
    consumer.seek_to_beginning()
    got = {tp: [] for tp in partitions}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(
            len(got[tp]) < expected_counts.get(tp, 0) for tp in partitions):
        for tp, records in consumer.poll(timeout_ms=500, max_records=5000).items():
            got[tp].extend(records)
    # A little more polling: nothing beyond what was written may show up.
    for _ in range(2):
        for tp, records in consumer.poll(timeout_ms=200).items():
            got[tp].extend(records)
    return got


def config_value(response, name):
    """The value of config `name` in the first resource of a DescribeConfigsResponse."""
    for resource in response.resources:
        error_code, error_message, _type, _name, entries = resource[:5]
        if error_code != 0:
            raise AssertionError(f"describe_configs error {error_code}: {error_message}")
        for entry in entries:
            if entry[0] == name:
                return entry[1]
    return None


def test(broker, checks):
    bootstrap = broker.bootstrap
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="eventioz-e2e-admin",
                             request_timeout_ms=TIMEOUT_MS)
    try:
        admin_steps(admin, bootstrap, checks)
        with checks.step("produce and consume 10,000 records"):
            round_trip(bootstrap, checks)
        with checks.step("offsets for times"):
            offsets_for_times(bootstrap, checks)
        with checks.step("a consumer group"):
            group_consumers(admin, bootstrap, checks)
        with checks.step("delete_topics"):
            admin.delete_topics([MAIN_TOPIC, TIMES_TOPIC], timeout_ms=TIMEOUT_MS)
            gone = harness.wait_for(lambda: not {MAIN_TOPIC, TIMES_TOPIC} & set(admin.list_topics()))
            checks.ok("delete_topics: the topics are gone from list_topics", gone,
                      f"topics {admin.list_topics()}")
    finally:
        admin.close()


def admin_steps(admin, bootstrap, checks):
    with checks.step("create_topics"):
        admin.create_topics([
            NewTopic(MAIN_TOPIC, num_partitions=3, replication_factor=1,
                     topic_configs={"retention.ms": "3600000"}),
            NewTopic(TIMES_TOPIC, num_partitions=1, replication_factor=1)],
            timeout_ms=TIMEOUT_MS)
        checks.ok("create_topics creates two topics", True)
    with checks.step("create_topics of an existing topic"):
        try:
            admin.create_topics([NewTopic(MAIN_TOPIC, 3, 1)], timeout_ms=TIMEOUT_MS)
            checks.fail("creating an existing topic raises TopicAlreadyExistsError",
                        "it succeeded")
        except TopicAlreadyExistsError:
            checks.ok("creating an existing topic raises TopicAlreadyExistsError", True)
    with checks.step("list_topics"):
        topics = admin.list_topics()
        checks.ok("list_topics shows both topics", {MAIN_TOPIC, TIMES_TOPIC} <= set(topics),
                  f"topics {topics}")
        cluster = admin.describe_cluster()
        brokers = [f"{b['host']}:{b['port']}" for b in cluster["brokers"]]
        checks.equal("describe_cluster: one broker, at the bootstrap address", brokers,
                     [bootstrap])
        checks.ok("describe_cluster: the controller is that broker",
                  cluster.get("controller_id") in [b["node_id"] for b in cluster["brokers"]],
                  harness.short(cluster))
        described = admin.describe_topics([MAIN_TOPIC])
        partitions = sorted(p["partition"] for p in described[0]["partitions"])
        checks.equal(f"describe_topics: {MAIN_TOPIC} has partitions 0-2", partitions, [0, 1, 2])
    with checks.step("describe_configs"):
        responses = admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, MAIN_TOPIC)])
        checks.equal("describe_configs returns the retention.ms given at creation",
                     config_value(responses[0], "retention.ms"), "3600000")
    with checks.step("create_partitions"):
        admin.create_partitions({MAIN_TOPIC: NewPartitions(total_count=4)},
                                timeout_ms=TIMEOUT_MS)
        grown = harness.wait_for(lambda: len(admin.describe_topics([MAIN_TOPIC])[0]["partitions"]) == 4)
        checks.ok(f"create_partitions grows {MAIN_TOPIC} to 4 partitions", grown)


def round_trip(bootstrap, checks):
    records = [(f"key-{i:05d}".encode(), f"value-{i:05d}".encode() * (1 + i % 5),
                [("index", str(i).encode())], None, None) for i in range(RECORDS)]
    outcomes = send_all(bootstrap, MAIN_TOPIC, records)
    errors = [(i, o) for i, o in enumerate(outcomes) if isinstance(o, Exception)]
    checks.ok(f"all {RECORDS} sends are acknowledged", not errors,
              f"{len(errors)} failed, first {errors[:3]}")
    expected = {}
    for index, outcome in enumerate(outcomes):
        if not isinstance(outcome, Exception):
            expected.setdefault(outcome.partition, []).append((outcome.offset, index))
    checks.ok("records went to all 4 partitions", sorted(expected) == [0, 1, 2, 3],
              f"partitions {sorted(expected)}")
    partitions = [TopicPartition(MAIN_TOPIC, p) for p in range(4)]
    consumer = new_consumer(bootstrap)
    try:
        checks.equal("partitions_for_topic", consumer.partitions_for_topic(MAIN_TOPIC),
                     {0, 1, 2, 3})
        counts = {TopicPartition(MAIN_TOPIC, p): len(v) for p, v in expected.items()}
        got = read_all(consumer, partitions, counts)
        for tp in partitions:
            sent = expected.get(tp.partition, [])
            checks.equal(f"partition {tp.partition}: acknowledged offsets are 0..n-1 in send "
                         "order", [offset for offset, _ in sent], list(range(len(sent))))
            wanted = [(offset, records[index][0], records[index][1], records[index][2])
                      for offset, index in sent]
            actual = [(r.offset, r.key, r.value, list(r.headers)) for r in got[tp]]
            if actual == wanted:
                checks.ok(f"partition {tp.partition} reads back exactly ({len(actual)} records)",
                          True)
            else:
                first = next((i for i, (a, w) in enumerate(zip(actual, wanted)) if a != w),
                             min(len(actual), len(wanted)))
                checks.fail(f"partition {tp.partition} reads back exactly",
                            f"{len(actual)} read, {len(wanted)} expected; first difference at "
                            f"#{first}: read {harness.short(actual[first:first + 2])}, "
                            f"expected {harness.short(wanted[first:first + 2])}")
        checks.equal("beginning_offsets are 0", consumer.beginning_offsets(partitions),
                     {tp: 0 for tp in partitions})
        checks.equal("end_offsets are the record counts", consumer.end_offsets(partitions),
                     {tp: len(expected.get(tp.partition, [])) for tp in partitions})
    finally:
        consumer.close()


def offsets_for_times(bootstrap, checks):
    records = [(f"t{i}".encode(), f"at {i}".encode(), [], 0, BASE_TIME + i * 1000)
               for i in range(5)]
    # One send at a time, so each record is its own batch.
    outcomes = [send_all(bootstrap, TIMES_TOPIC, [record])[0] for record in records]
    checks.equal("five timestamped records are acknowledged at offsets 0-4",
                 [getattr(o, "offset", o) for o in outcomes], [0, 1, 2, 3, 4])
    tp = TopicPartition(TIMES_TOPIC, 0)
    consumer = new_consumer(bootstrap)
    try:
        got = read_all(consumer, [tp], {tp: 5})[tp]
        checks.equal("timestamps read back", [(r.timestamp, r.timestamp_type) for r in got],
                     [(BASE_TIME + i * 1000, 0) for i in range(5)])

        def offset_at(timestamp):
            answer = consumer.offsets_for_times({tp: timestamp})[tp]
            return None if answer is None else (answer.offset, answer.timestamp)

        checks.equal("offsets_for_times between records 1 and 2 finds record 2",
                     offset_at(BASE_TIME + 1500), (2, BASE_TIME + 2000))
        checks.equal("offsets_for_times at record 3's timestamp finds record 3",
                     offset_at(BASE_TIME + 3000), (3, BASE_TIME + 3000))
        checks.equal("offsets_for_times before every record finds record 0",
                     offset_at(BASE_TIME - 60_000), (0, BASE_TIME))
        checks.equal("offsets_for_times after every record finds nothing",
                     offset_at(BASE_TIME + 60_000), None)
        checks.equal("beginning_offsets", consumer.beginning_offsets([tp]), {tp: 0})
        checks.equal("end_offsets", consumer.end_offsets([tp]), {tp: 5})
    finally:
        consumer.close()


def group_consumers(admin, bootstrap, checks):
    admin.create_topics([NewTopic(GROUP_TOPIC, 4, 1)], timeout_ms=TIMEOUT_MS)
    send_all(bootstrap, GROUP_TOPIC,
             [(None, f"g{i}".encode(), [], i % 4, None) for i in range(GROUP_RECORDS)])
    consumed = {}  # value -> consumer names
    assigned = {}
    commit_failures = []
    lock = threading.Lock()
    stop = threading.Event()

    def run(name):
        consumer = KafkaConsumer(GROUP_TOPIC, bootstrap_servers=bootstrap, group_id=GROUP,
                                 enable_auto_commit=False, auto_offset_reset="earliest",
                                 session_timeout_ms=6000, heartbeat_interval_ms=500,
                                 max_poll_records=20)
        try:
            while not stop.is_set():
                batches = consumer.poll(timeout_ms=200)
                with lock:
                    assigned[name] = assigned.get(name, set()) | consumer.assignment()
                    for records in batches.values():
                        for record in records:
                            consumed.setdefault(record.value.decode(), []).append(name)
                if batches:
                    try:
                        consumer.commit()
                    except CommitFailedError as error:
                        commit_failures.append(str(error))
                    time.sleep(0.05)  # leave the other member time to join
        finally:
            consumer.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    complete = harness.wait_for(lambda: len(consumed) >= GROUP_RECORDS, 40)
    harness.wait_for(lambda: all(assigned.get(n) for n in ("one", "two")), 10)
    stop.set()
    for thread in threads:
        thread.join(30)
    checks.ok("group: every record consumed", complete, f"{len(consumed)} of {GROUP_RECORDS}")
    checks.ok("group: both members got partitions",
              assigned.get("one") and assigned.get("two"), f"{assigned}")
    repeated = {value: names for value, names in consumed.items() if len(names) > 1}
    checks.ok("group: no record consumed twice (no commit failed)",
              not repeated and not commit_failures, f"{list(repeated.items())[:5]} {commit_failures}")
    listed = [group[0] for group in admin.list_consumer_groups()]
    checks.ok("list_consumer_groups shows the group", GROUP in listed, f"{listed}")
    described = admin.describe_consumer_groups([GROUP])[0]
    checks.equal("describe_consumer_groups: empty after both left, consumer protocol",
                 (described.group, described.state, described.protocol_type),
                 (GROUP, "Empty", "consumer"))
    offsets = admin.list_consumer_group_offsets(GROUP)
    checks.equal("list_consumer_group_offsets: the end of each partition",
                 {tp.partition: meta.offset for tp, meta in offsets.items()},
                 {p: GROUP_RECORDS // 4 for p in range(4)})


if __name__ == "__main__":
    harness.run_test(test)
