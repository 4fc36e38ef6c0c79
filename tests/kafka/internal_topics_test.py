#!/usr/bin/python3
"""The broker's internal topics (__consumer_offsets, __transaction_state) are out of clients'
reach, with real clients (confluent-kafka; DeleteRecords and InitProducerId by hand, as
confluent-kafka 1.7 has no DeleteRecords and never sends an empty transactional id):

  - Produce to either topic fails with INVALID_TOPIC_EXCEPTION (17), and nothing is written;
  - DeleteRecords, DeleteTopics and CreatePartitions on them: INVALID_TOPIC_EXCEPTION;
  - AlterConfigs changing flush.messages or cleanup.policy: INVALID_TOPIC_EXCEPTION; other
    settings (segment.bytes) may be tuned;
  - with broker-wide defaults relaxed (log.flush.messages=10000, log.cleanup.policy=delete),
    both topics still show flush.messages=1 and cleanup.policy=compact;
  - InitProducerId with an empty transactional id: INVALID_REQUEST (42);
  - afterwards the broker restarts, and a group's committed offset is still there.

    internal_topics_test.py <path to eventioz>
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position
from kafka_wire import (  # noqa: E402  pylint: disable=wrong-import-position
    Connection, Reader, array, i16, i32, i64, string)

from confluent_kafka import (  # noqa: E402  pylint: disable=wrong-import-position
    Consumer, KafkaException, Producer, TopicPartition)
from confluent_kafka.admin import (  # noqa: E402  pylint: disable=wrong-import-position
    AdminClient, ConfigResource, NewPartitions, NewTopic)

INTERNAL = ("__consumer_offsets", "__transaction_state")
INVALID_TOPIC_EXCEPTION = 17
INVALID_REQUEST = 42
API_DELETE_RECORDS, API_INIT_PRODUCER_ID = 21, 22
GROUP = "internal-topics-group"


def error_code_of(future):
    """The Kafka error code an admin future failed with, or 0."""
    try:
        future.result(timeout=10)
        return 0
    except KafkaException as failure:
        return failure.args[0].code()


def delete_records_v0(port, topic, partition, offset):
    connection = Connection(port)
    try:
        body = array([string(topic) + array([i32(partition) + i64(offset)])]) + i32(5000)
        reader = Reader(connection.call(API_DELETE_RECORDS, 0, body))
        reader.i32()  # throttle_time_ms
        topics = reader.array(lambda r: (r.string(), r.array(
            lambda p: (p.i32(), p.i64(), p.i16()))))
        return topics[0][1][0][2]
    finally:
        connection.close()


def init_producer_id_v0(port, transactional_id):
    connection = Connection(port)
    try:
        reader = Reader(connection.call(API_INIT_PRODUCER_ID, 0,
                                        string(transactional_id) + i32(10000)))
        reader.i32()  # throttle_time_ms
        return reader.i16(), reader.i64()
    finally:
        connection.close()


def produce_errors(bootstrap, topic):
    """The delivery error codes of one record produced to `topic`."""
    errors = []
    producer = Producer({"bootstrap.servers": bootstrap, "message.timeout.ms": 10000,
                         "retries": 0, "enable.idempotence": False})
    producer.produce(topic, key=b"\x00\x09garbage", value=b"not a coordinator record",
                     partition=0,
                     on_delivery=lambda err, _msg: errors.append(err.code() if err else 0))
    producer.flush(15)
    return errors


def high_watermarks(bootstrap, topic, partitions):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "watermark-reader",
                         "enable.auto.commit": False})
    try:
        return [consumer.get_watermark_offsets(TopicPartition(topic, index), timeout=10)[1]
                for index in range(partitions)]
    finally:
        consumer.close()


def topic_configs(admin, topic):
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
    described = admin.describe_configs([resource])[resource].result(timeout=10)
    return {name: entry.value for name, entry in described.items()}


def commit_offset(bootstrap, offset):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": GROUP,
                         "enable.auto.commit": False})
    try:
        consumer.commit(offsets=[TopicPartition("events", 0, offset)], asynchronous=False)
    finally:
        consumer.close()


def committed_offset(bootstrap):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": GROUP,
                         "enable.auto.commit": False})
    try:
        return consumer.committed([TopicPartition("events", 0)], timeout=10)[0].offset
    finally:
        consumer.close()


def test(broker, checks):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic("events", 1, 1)])["events"].result(timeout=10)
    commit_offset(broker.bootstrap, 42)
    metadata = admin.list_topics(timeout=10).topics
    for name in INTERNAL:
        checks.ok(f"{name} exists", name in metadata, sorted(metadata))
    counts = {name: len(metadata[name].partitions) for name in INTERNAL}
    before = {name: high_watermarks(broker.bootstrap, name, counts[name]) for name in INTERNAL}

    checks.step("writes and changes by clients are refused")
    for name in INTERNAL:
        checks.equal(f"produce to {name}", produce_errors(broker.bootstrap, name),
                     [INVALID_TOPIC_EXCEPTION])
        checks.equal(f"DeleteRecords on {name}", delete_records_v0(broker.port, name, 0, -1),
                     INVALID_TOPIC_EXCEPTION)
        checks.equal(f"DeleteTopics {name}",
                     error_code_of(admin.delete_topics([name])[name]), INVALID_TOPIC_EXCEPTION)
        checks.equal(f"CreatePartitions {name} to 12",
                     error_code_of(admin.create_partitions([NewPartitions(name, 12)])[name]),
                     INVALID_TOPIC_EXCEPTION)
        for config in ({"flush.messages": "10000"}, {"cleanup.policy": "delete"}):
            resource = ConfigResource(ConfigResource.Type.TOPIC, name, set_config=config)
            checks.equal(f"AlterConfigs {name} {config}",
                         error_code_of(admin.alter_configs([resource])[resource]),
                         INVALID_TOPIC_EXCEPTION)
        tuned = ConfigResource(ConfigResource.Type.TOPIC, name,
                               set_config={"segment.bytes": "52428800"})
        checks.equal(f"AlterConfigs {name} segment.bytes (allowed)",
                     error_code_of(admin.alter_configs([tuned])[tuned]), 0)
    after = {name: high_watermarks(broker.bootstrap, name, counts[name]) for name in INTERNAL}
    checks.equal("nothing was written to the internal topics", after, before)
    refreshed = admin.list_topics(timeout=10).topics
    checks.equal("their partition counts are unchanged",
                 {name: len(refreshed[name].partitions) for name in INTERNAL}, counts)

    checks.step("durability and compaction are pinned whatever the broker defaults")
    broker_resource = ConfigResource(ConfigResource.Type.BROKER, "0", set_config={
        "log.flush.messages": "10000", "log.cleanup.policy": "delete"})
    checks.equal("relaxing the broker-wide defaults",
                 error_code_of(admin.alter_configs([broker_resource])[broker_resource]), 0)
    for name in INTERNAL:
        configs = topic_configs(admin, name)
        checks.equal(f"{name} flush.messages", configs.get("flush.messages"), "1")
        checks.equal(f"{name} cleanup.policy", configs.get("cleanup.policy"), "compact")
    checks.equal("events follows the relaxed defaults",
                 topic_configs(admin, "events").get("cleanup.policy"), "delete")

    checks.step("an empty transactional id is an invalid request")
    code, producer_id = init_producer_id_v0(broker.port, "")
    checks.equal("InitProducerId('') error", code, INVALID_REQUEST)
    checks.equal("InitProducerId('') producer id", producer_id, -1)
    checks.equal("InitProducerId(null) still works", init_producer_id_v0(broker.port, None)[0], 0)

    checks.step("the broker restarts with its state")
    broker.stop()
    broker.start()
    checks.equal("the committed offset survived", committed_offset(broker.bootstrap), 42)
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    for name in INTERNAL:
        checks.equal(f"{name} flush.messages after the restart",
                     topic_configs(admin, name).get("flush.messages"), "1")


if __name__ == "__main__":
    harness.run_test(test)
