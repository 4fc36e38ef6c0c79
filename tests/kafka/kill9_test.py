#!/usr/bin/python3
"""Crash safety with a real client: kill -9 under an acks=all confluent_kafka producer.

A producer (acks=all, no idempotence, long message timeout, fast reconnects) writes unique values
to a 3-partition topic at a steady rate while the broker is killed with SIGKILL at random moments
(5 rounds of 1-3 s) and restarted on the same data directory and port. Then everything is read
back, partition by partition from the beginning:
  - every acknowledged record is at the very offset its delivery report gave, with its value;
  - each partition's offsets are contiguous from 0 up to the high watermark;
  - nothing was read that was never produced (retries after a crash may duplicate a record: that
    is allowed without idempotence, and counted);
and after a clean restart (SIGTERM, start) the watermarks are unchanged.

    kill9_test.py <path to eventioz>      (EVENTIOZ_TEST_SEED=N repeats a run's timings)
"""

import os
import random
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position

from confluent_kafka import (  # noqa: E402  pylint: disable=wrong-import-position
    OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition)
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402  pylint: disable=C0413

TOPIC = "kill9"
PARTITIONS = 3
ROUNDS = 5
RATE = 4000  # records per second
TIMEOUT = 30


class Load:
    """The producer side: unique values, and what the delivery reports said about each."""

    def __init__(self, bootstrap):
        self.producer = Producer({
            "bootstrap.servers": bootstrap,
            "acks": "all",
            "enable.idempotence": False,
            "linger.ms": 5,
            "message.timeout.ms": 120000,
            "retry.backoff.ms": 100,
            "reconnect.backoff.ms": 50,
            "reconnect.backoff.max.ms": 500,
            "socket.timeout.ms": 10000,
            "queue.buffering.max.messages": 500000,
            "log.connection.close": False,
        })
        self.sent = 0
        self.acked = {}  # value -> (partition, offset)
        self.failed = []  # (value, error)
        self.started = time.monotonic()

    def _on_delivery(self, error, message):
        if error is not None:
            self.failed.append((message.value(), error))
        else:
            self.acked[message.value()] = (message.partition(), message.offset())

    def run_for(self, seconds):
        """Produces at RATE records/s overall (since the start) for `seconds`."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            due = int((time.monotonic() - self.started) * RATE)
            while self.sent < due:
                value = f"record-{self.sent:09d}".encode()
                try:
                    self.producer.produce(TOPIC, value=value, key=value[-3:],
                                          on_delivery=self._on_delivery)
                except BufferError:
                    break
                self.sent += 1
            self.producer.poll(0.01)

    def flush(self, seconds):
        return self.producer.flush(seconds)


def read_everything(bootstrap):
    """{partition: [(offset, value)]} up to each high watermark, and the watermarks."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "eventioz-e2e-unused",
                         "enable.auto.commit": False, "enable.auto.offset.store": False,
                         "enable.partition.eof": True})
    try:
        watermarks = {p: consumer.get_watermark_offsets(TopicPartition(TOPIC, p), timeout=TIMEOUT)
                      for p in range(PARTITIONS)}
        consumer.assign([TopicPartition(TOPIC, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
        got = {p: [] for p in range(PARTITIONS)}
        done = {p for p in range(PARTITIONS) if watermarks[p][1] == 0}
        deadline = time.monotonic() + 90
        while len(done) < PARTITIONS and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            error = message.error()
            if error is not None:
                if error.code() != KafkaError._PARTITION_EOF:  # pylint: disable=protected-access
                    raise KafkaException(error)
                continue
            partition = message.partition()
            got[partition].append((message.offset(), message.value()))
            if message.offset() >= watermarks[partition][1] - 1:
                done.add(partition)
        return got, watermarks
    finally:
        consumer.close()


def test(broker, checks):
    if broker.external:
        checks.fail("kill9_test needs to start the broker itself (unset EVENTIOZ_KAFKA_BOOTSTRAP)")
        return
    seed = int(os.environ.get("EVENTIOZ_TEST_SEED", random.randrange(1 << 30)))
    harness.say(f"seed {seed} (EVENTIOZ_TEST_SEED={seed} repeats these timings)")
    chance = random.Random(seed)

    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    for future in admin.create_topics([NewTopic(TOPIC, PARTITIONS, 1)]).values():
        future.result(TIMEOUT)

    load = Load(broker.bootstrap)
    load.run_for(1)
    for round_number in range(1, ROUNDS + 1):
        load.run_for(chance.uniform(1, 3))
        broker.kill9()
        down = chance.uniform(0.05, 0.5)
        harness.say(f"round {round_number}: killed after {load.sent} sent, {len(load.acked)} "
                    f"acknowledged; restarting in {down:.2f} s")
        load.run_for(down)
        started = time.monotonic()
        broker.start()
        harness.say(f"round {round_number}: listening again after {time.monotonic() - started:.2f}"
                    " s")
    load.run_for(1)
    left = load.flush(150)
    harness.say(f"produced {load.sent}, acknowledged {len(load.acked)}, failed "
                f"{len(load.failed)}, undelivered {left}")
    checks.equal("every record got a delivery report within 150 s", left, 0)
    checks.ok("no delivery failed (librdkafka retried through every crash)", not load.failed,
              f"{len(load.failed)} failed, first: {harness.short(load.failed[:3])}")
    checks.ok("most records were acknowledged", len(load.acked) > load.sent * 0.9,
              f"{len(load.acked)} of {load.sent}")

    got, watermarks = read_everything(broker.bootstrap)
    for partition in range(PARTITIONS):
        offsets = [offset for offset, _ in got[partition]]
        low, high = watermarks[partition]
        checks.equal(f"partition {partition}: offsets are contiguous from 0 to the high "
                     f"watermark {high}", (low, offsets == list(range(low, high))), (0, True))
    at = {(p, offset): value for p, records in got.items() for offset, value in records}
    missing = [(value, place) for value, place in load.acked.items() if at.get(place) != value]
    checks.ok(f"all {len(load.acked)} acknowledged records are at their acknowledged offsets",
              not missing, f"{len(missing)} missing or different, first: "
              f"{harness.short([(v, p, at.get(p)) for v, p in missing[:5]])}")
    values = [value for records in got.values() for _, value in records]
    produced = {f"record-{n:09d}".encode() for n in range(load.sent)}
    strangers = [v for v in values if v not in produced]
    checks.ok("every record read was produced by this test", not strangers,
              harness.short(strangers[:5]))
    harness.say(f"read {len(values)} records, {len(values) - len(set(values))} duplicates "
                "(retries after a crash; allowed without idempotence)")

    # A clean restart keeps everything.
    code = broker.stop()
    checks.equal("SIGTERM after the crashes exits 0", code, 0)
    broker.start()
    _, again = read_everything(broker.bootstrap)
    checks.equal("watermarks are unchanged after a clean restart", again, watermarks)


if __name__ == "__main__":
    harness.run_test(test)
