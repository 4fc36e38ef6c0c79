#!/usr/bin/python3
"""Consumer groups with confluent_kafka (librdkafka 2.0.2): rebalances and committed offsets.

Three consumer processes share one group over a 6-partition topic while a producer keeps
writing. Each consumer processes a record (appends "P partition offset value" to its own log
file), then commits it synchronously and logs "C partition offset" (or "F ... error" when the
commit failed). During the run: consumer C joins (a rebalance), consumer B closes gracefully
(SIGTERM: close() leaves the group), and consumer A is killed with SIGKILL (found by its
session timeout). Checked afterwards:
  - no record is lost: every produced value was processed;
  - a record is processed again only when its earlier processing had no confirmed commit that
    covers it (at-least-once, the true guarantee of commit-after-processing): so duplicates can
    come only from A's uncommitted tail, never from the join or the graceful leave;
  - the group's committed offsets are the end of each partition, and they survive a broker
    restart (stop, start on the same data directory): committed() returns them and a new member
    of the group reads nothing again.
Also static membership (group.instance.id): a static consumer that restarts gets its partitions
back without the other member being rebalanced.

    groups_test.py <path to eventioz>
    groups_test.py consume <bootstrap> <topic> <group> <log file>   (one consumer process)
"""

import os
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position

from confluent_kafka import (  # noqa: E402  pylint: disable=wrong-import-position
    Consumer, KafkaException, Producer, TopicPartition)
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402  pylint: disable=C0413

TOPIC = "group-orders"
GROUP = "group-orders-app"
PARTITIONS = 6
RECORDS = 3000
RATE = 250  # records per second, so each phase sees traffic
TIMEOUT = 30


def consumer_config(bootstrap, group):
    return {
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "session.timeout.ms": 6000,
        "heartbeat.interval.ms": 300,
        "log.connection.close": False,
    }


def consume(bootstrap, topic, group, log_path):
    """One consumer process: process, then commit synchronously, until SIGTERM."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    consumer = Consumer(consumer_config(bootstrap, group))
    consumer.subscribe([topic])
    with open(log_path, "a", buffering=1, encoding="utf-8") as log:
        while not stopping:
            message = consumer.poll(0.2)
            if message is None or message.error():
                continue
            partition, offset = message.partition(), message.offset()
            log.write(f"P {partition} {offset} {message.value().decode()}\n")
            try:
                consumer.commit(message=message, asynchronous=False)
                log.write(f"C {partition} {offset}\n")
            except KafkaException as error:
                log.write(f"F {partition} {offset} {error}\n")
        consumer.close()
        log.write("closed\n")
    return 0


class Member:
    def __init__(self, name, broker, work_dir):
        self.name = name
        self.log_path = os.path.join(work_dir, f"consumer-{name}.log")
        command = [sys.executable, os.path.abspath(__file__), "consume", broker.bootstrap, TOPIC,
                   GROUP, self.log_path]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)

    def processed(self):
        if not os.path.exists(self.log_path):
            return 0
        with open(self.log_path, encoding="utf-8") as log:
            return sum(1 for line in log if line.startswith("P "))

    def entries(self):
        with open(self.log_path, encoding="utf-8") as log:
            return [line.split(" ", 3) for line in log.read().splitlines()]

    def stop(self, timeout=20):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return "killed after timeout"

    def kill9(self):
        self.process.kill()
        self.process.wait()


def produce_steadily(bootstrap, done):
    """RECORDS values "v<n>" spread over the partitions at RATE per second."""
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 2})
    failures = []
    for index in range(RECORDS):
        producer.produce(TOPIC, value=f"v{index}".encode(), partition=index % PARTITIONS,
                         on_delivery=lambda error, _m: failures.append(error) if error else None)
        producer.poll(0)
        time.sleep(1.0 / RATE)
    left = producer.flush(60)
    done.append((left, failures))


def covered_by_confirmed_commit(entries, partition, offset):
    """Whether this consumer's log shows a successful commit of `partition` at or past
    `offset` (a commit of offset o stores o + 1, which covers every record before it)."""
    return any(entry[0] == "C" and int(entry[1]) == partition and int(entry[2]) >= offset
               for entry in entries)


def check_processing(checks, members):
    """No loss; every repeat follows a processing whose commit was never confirmed."""
    seen = {}  # value -> [member name]
    logs = {member.name: member.entries() for member in members}
    for member in members:
        for entry in logs[member.name]:
            if entry[0] == "P":
                seen.setdefault(entry[3], []).append((member.name, int(entry[1]), int(entry[2])))
    expected = {f"v{index}" for index in range(RECORDS)}
    missing = sorted(expected - set(seen), key=lambda v: int(v[1:]))
    checks.equal("no record is lost: every produced record was processed", missing[:10], [])
    unexpected = []
    repeats_by = {}
    for value, processings in seen.items():
        for earlier in processings[:-1]:
            name, partition, offset = earlier
            repeats_by[name] = repeats_by.get(name, 0) + 1
            if covered_by_confirmed_commit(logs[name], partition, offset):
                unexpected.append((value, processings))
    harness.say(f"records processed again after a crash or failed commit: {repeats_by}")
    checks.equal("a record whose commit was confirmed is never processed again", unexpected[:5],
                 [])
    checks.ok("repeats come only from the killed consumer",
              set(repeats_by) <= {"A"}, f"repeats by {repeats_by}")
    return logs


def committed_offsets(bootstrap):
    consumer = Consumer(consumer_config(bootstrap, GROUP))
    try:
        partitions = [TopicPartition(TOPIC, index) for index in range(PARTITIONS)]
        return {each.partition: each.offset for each in consumer.committed(partitions, TIMEOUT)}
    finally:
        consumer.close()


def end_offsets(bootstrap):
    consumer = Consumer(consumer_config(bootstrap, "group-watermarks"))
    try:
        return {index: consumer.get_watermark_offsets(TopicPartition(TOPIC, index), TIMEOUT)[1]
                for index in range(PARTITIONS)}
    finally:
        consumer.close()


def static_membership(broker, checks):
    topic, group = "group-static", "group-static-app"
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic(topic, 4, 1)])[topic].result(TIMEOUT)
    assignments = {}

    def member(name, instance):
        config = dict(consumer_config(broker.bootstrap, group), **{"group.instance.id": instance})
        consumer = Consumer(config)
        consumer.subscribe([topic], on_assign=lambda _c, parts: assignments.setdefault(
            name, []).append(sorted(p.partition for p in parts)))
        return consumer

    def poll_until(consumers, predicate, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not predicate():
            for consumer in consumers:
                consumer.poll(0.05)
        return predicate()

    first, second = member("first", "static-1"), member("second", "static-2")
    try:
        both = poll_until([first, second], lambda: len(first.assignment()) == 2
                          and len(second.assignment()) == 2, 20)
        checks.ok("static members share the partitions", both, f"{assignments}")
        first_assignments = len(assignments.get("first", []))
        second_partitions = sorted(p.partition for p in second.assignment())
        second.close()  # a static member does not leave the group on close
        second = member("second again", "static-2")
        back = poll_until([first, second], lambda: assignments.get("second again"), 10)
        checks.equal("a restarted static member gets its partitions back",
                     back and back[-1], second_partitions)
        poll_until([first, second], lambda: False, 1)
        checks.equal("without a rebalance of the other member",
                     len(assignments.get("first", [])), first_assignments)
    finally:
        first.close()
        second.close()


def test(broker, checks):
    with checks.step("static membership"):
        static_membership(broker, checks)
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic(TOPIC, PARTITIONS, 1)])[TOPIC].result(TIMEOUT)
    produced = []
    producer = threading.Thread(target=produce_steadily, args=(broker.bootstrap, produced))
    producer.start()

    work_dir = broker.work_dir
    a = Member("A", broker, work_dir)
    b = Member("B", broker, work_dir)
    members = [a, b]
    try:
        checks.ok("consumers A and B start consuming",
                  harness.wait_for(lambda: a.processed() > 0 and b.processed() > 0, 20),
                  f"A {a.processed()}, B {b.processed()}")
        c = Member("C", broker, work_dir)
        members.append(c)
        checks.ok("C joins the group and gets partitions",
                  harness.wait_for(lambda: c.processed() > 0, 20))
        before = a.processed()
        checks.equal("B closes gracefully (leaves the group)", b.stop(), 0)
        checks.ok("A keeps consuming after B left",
                  harness.wait_for(lambda: a.processed() > before + 20, 20))
        a.kill9()
        harness.say(f"killed A after {a.processed()} records")
        producer.join(RECORDS / RATE + 60)
        checks.ok("the producer delivered every record",
                  produced and produced[0][0] == 0 and not produced[0][1], f"{produced}")
        total = lambda: len({entry[3] for m in members for entry in m.entries()  # noqa: E731
                             if entry[0] == "P"})
        checks.ok("C takes over every partition and finishes the topic",
                  harness.wait_for(lambda: total() >= RECORDS, 40),
                  f"{total()} of {RECORDS} distinct records processed")
        checks.equal("C closes gracefully", c.stop(), 0)
    finally:
        for member in members:
            if member.process.poll() is None:
                member.kill9()
    check_processing(checks, members)

    ends = end_offsets(broker.bootstrap)
    committed = committed_offsets(broker.bootstrap)
    checks.equal("the committed offsets are the end of every partition", committed, ends)
    checks.equal("the broker stops cleanly", broker.stop(), 0)
    broker.start()
    checks.equal("committed offsets survive a broker restart", committed_offsets(broker.bootstrap),
                 ends)
    consumer = Consumer(consumer_config(broker.bootstrap, GROUP))
    consumer.subscribe([TOPIC])
    again = []
    deadline = time.monotonic() + 8
    assigned = False
    while time.monotonic() < deadline:
        message = consumer.poll(0.2)
        assigned = assigned or bool(consumer.assignment())
        if message is not None and not message.error():
            again.append(message.value())
    consumer.close()
    checks.ok("a new member of the group gets partitions after the restart", assigned)
    checks.equal("and resumes at the committed offsets: nothing is read again", again[:5], [])


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "consume":
        sys.exit(consume(*sys.argv[2:]))
    harness.run_test(test)
