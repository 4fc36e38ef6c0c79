#!/usr/bin/python3
"""A confluent-kafka (librdkafka) consumer in a consumer group, for the shell tests.

    group_consumer.py hold BOOTSTRAP GROUP TOPIC COMMITS READY STOP
        joins GROUP, reads TOPIC to the end of every partition, commits COMMITS
        ("PARTITION:OFFSET,..."; empty: nothing), creates the file READY, and stays in the group
        (polling, so it keeps its membership) until the file STOP exists; then leaves it.
    group_consumer.py drain BOOTSTRAP GROUP TOPIC
        joins GROUP, reads from the committed offsets to the end of every partition, prints
        "PARTITION OFFSET" per record, and leaves without committing.
Exits 1 with a message when anything takes longer than 30 s.
"""

import os
import sys
import time

from confluent_kafka import Consumer, KafkaException, TopicPartition

DEADLINE_S = 30


def consumer_for(bootstrap, group):
    return Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "client.id": "group-cli-test",
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "enable.partition.eof": True,
        "session.timeout.ms": 6000,
        "heartbeat.interval.ms": 500,
    })


def read_to_end(consumer, topic, on_record):
    """Polls until every assigned partition has reported its end."""
    partitions = len(consumer.list_topics(topic, timeout=10).topics[topic].partitions)
    at_end = set()
    until = time.monotonic() + DEADLINE_S
    while len(at_end) < partitions:
        if time.monotonic() > until:
            sys.exit(f"timed out reading {topic}: at the end of {sorted(at_end)} of {partitions}")
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error():
            if message.error().code() == -191:  # _PARTITION_EOF
                at_end.add(message.partition())
                continue
            raise KafkaException(message.error())
        at_end.discard(message.partition())
        on_record(message)


def hold(bootstrap, group, topic, commits, ready, stop):
    consumer = consumer_for(bootstrap, group)
    consumer.subscribe([topic])
    read_to_end(consumer, topic, lambda message: None)
    offsets = [TopicPartition(topic, int(p), int(o))
               for p, o in (item.split(":") for item in commits.split(",") if item)]
    if offsets:
        consumer.commit(offsets=offsets, asynchronous=False)
    open(ready, "w").close()
    until = time.monotonic() + 120
    while not os.path.exists(stop):
        if time.monotonic() > until:
            sys.exit("never told to stop")
        consumer.poll(0.2)
    consumer.close()


def drain(bootstrap, group, topic):
    consumer = consumer_for(bootstrap, group)
    consumer.subscribe([topic])
    read_to_end(consumer, topic,
                lambda message: print(message.partition(), message.offset(), flush=True))
    consumer.close()


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "hold" and len(sys.argv) == 8:
        hold(*sys.argv[2:])
    elif mode == "drain" and len(sys.argv) == 5:
        drain(*sys.argv[2:])
    else:
        sys.exit(__doc__)
