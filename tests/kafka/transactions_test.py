#!/usr/bin/python3
"""Transactions with confluent_kafka (Debian's 1.7.0 on librdkafka 2.0.2) against `eventioz serve`.

  - visibility: committed records are visible to read_committed consumers, aborted ones are not;
    read_uncommitted consumers see both;
  - fencing: a second producer with the same transactional.id aborts the first one's open
    transaction, and the first one (the zombie) can neither write nor commit any more;
  - consume-transform-produce with send_offsets_to_transaction: a processor killed with -9 in
    the middle of the stream and started again leaves every input record exactly once in the
    output (read_committed);
  - broker kill -9 right after a commit returned (its markers possibly half written) and while
    another transaction is open: after the restart every partition shows the committed
    transaction whole and the open one not at all (it is aborted when its timeout passes).

    transactions_test.py <path to eventioz>
"""

import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position

from confluent_kafka import (  # noqa: E402  pylint: disable=wrong-import-position
    OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition)
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402  pylint: disable=C0413

TIMEOUT = 30


def create_topic(bootstrap, name, partitions):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for future in admin.create_topics([NewTopic(name, partitions, 1)]).values():
        future.result(TIMEOUT)


def transactional_producer(bootstrap, transactional_id, **extra):
    config = {"bootstrap.servers": bootstrap, "transactional.id": transactional_id,
              "linger.ms": 5, "reconnect.backoff.ms": 50, "reconnect.backoff.max.ms": 500}
    config.update(extra)
    producer = Producer(config)
    producer.init_transactions(TIMEOUT)
    return producer


def produce_transaction(producer, topic, partitions, values, commit):
    """One transaction writing `values` round-robin over `partitions`."""
    producer.begin_transaction()
    for index, value in enumerate(values):
        producer.produce(topic, value=value, partition=partitions[index % len(partitions)])
    # Sent before the end: an abort would otherwise drop what is still queued in the client,
    # and the aborted records would never reach the broker.
    producer.flush(TIMEOUT)
    if commit:
        producer.commit_transaction(TIMEOUT)
    else:
        producer.abort_transaction(TIMEOUT)


def read_all(bootstrap, topic, partitions, isolation, expected, seconds=30):
    """Values read from the beginning of `partitions` with `isolation` ("read_committed" or
    "read_uncommitted"): waits until `expected` values came and every partition is at its end
    (for read_committed: the last stable offset), or `seconds` passed."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "eventioz-txn-unused",  # required by the library; never joined
        "enable.auto.commit": False,
        "enable.partition.eof": True,
        "isolation.level": isolation,
    })
    values = []
    at_end = set()
    try:
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(values) >= expected and at_end == set(partitions):
                break
            message = consumer.poll(0.2)
            if message is None:
                continue
            error = message.error()
            if error is None:
                values.append(message.value())
                at_end.discard(message.partition())
            elif error.code() == KafkaError._PARTITION_EOF:  # pylint: disable=protected-access
                at_end.add(message.partition())
            else:
                raise KafkaException(error)
        return sorted(values)
    finally:
        consumer.close()


def values_of(prefix, count):
    return [f"{prefix}-{index:03}".encode() for index in range(count)]


def check_visibility(broker, checks):
    checks.step("committed records are visible to read_committed, aborted ones only to "
                "read_uncommitted")
    topic = "txn-visibility"
    create_topic(broker.bootstrap, topic, 2)
    producer = transactional_producer(broker.bootstrap, "visibility")
    committed = values_of("committed", 20)
    aborted = values_of("aborted", 20)
    later = values_of("later", 10)
    produce_transaction(producer, topic, [0, 1], committed, commit=True)
    produce_transaction(producer, topic, [0, 1], aborted, commit=False)
    produce_transaction(producer, topic, [0, 1], later, commit=True)
    producer.flush(TIMEOUT)
    expected_committed = sorted(committed + later)
    got = read_all(broker.bootstrap, topic, [0, 1], "read_committed", len(expected_committed))
    checks.equal("read_committed reads exactly the committed records", got, expected_committed)
    everything = sorted(committed + aborted + later)
    got = read_all(broker.bootstrap, topic, [0, 1], "read_uncommitted", len(everything))
    checks.equal("read_uncommitted reads every record, aborted ones too", got, everything)


def check_fencing(broker, checks):
    checks.step("a second producer with the same transactional.id fences the first")
    topic = "txn-fencing"
    create_topic(broker.bootstrap, topic, 1)
    zombie = transactional_producer(broker.bootstrap, "fenced-id")
    zombie.begin_transaction()
    zombie.produce(topic, value=b"zombie-before", partition=0)
    zombie.flush(TIMEOUT)
    successor = transactional_producer(broker.bootstrap, "fenced-id")
    # The zombie's open transaction was aborted; anything more from it is refused.
    failures = []
    try:
        zombie.produce(topic, value=b"zombie-after", partition=0,
                       on_delivery=lambda error, _m: failures.append(error))
        zombie.flush(TIMEOUT)
    except KafkaException as failure:  # librdkafka raises the fatal "fenced" error here
        failures.append(failure)
    checks.ok("the zombie's write after the takeover fails",
              failures and all(failure is not None for failure in failures),
              f"delivery reports: {failures}")
    try:
        zombie.commit_transaction(TIMEOUT)
        checks.fail("the zombie cannot commit", "commit_transaction succeeded")
    except KafkaException as failure:
        checks.ok("the zombie cannot commit", True, str(failure))
    produce_transaction(successor, topic, [0], [b"successor"], commit=True)
    successor.flush(TIMEOUT)
    got = read_all(broker.bootstrap, topic, [0], "read_committed", 1)
    checks.equal("only the successor's record is committed", got, [b"successor"])


def check_broker_crash(broker, checks):
    checks.step("broker kill -9 right after a commit and during an open transaction")
    topic = "txn-crash"
    partitions = list(range(6))
    create_topic(broker.bootstrap, topic, len(partitions))
    # A transaction left open: its records are in the log when the broker dies.
    open_producer = transactional_producer(broker.bootstrap, "crash-open",
                                           **{"transaction.timeout.ms": 3000})
    open_producer.begin_transaction()
    left_open = values_of("open", 30)
    for index, value in enumerate(left_open):
        open_producer.produce(topic, value=value, partition=index % len(partitions))
    open_producer.flush(TIMEOUT)
    # A committed one, killed right after the commit answered: the markers are being written.
    committed_producer = transactional_producer(broker.bootstrap, "crash-committed")
    committed = values_of("committed", 60)
    produce_transaction(committed_producer, topic, partitions, committed, commit=True)
    broker.kill9()
    broker.start()
    got = read_all(broker.bootstrap, topic, partitions, "read_committed", len(committed),
                   seconds=40)
    checks.equal("after the restart read_committed reads the committed transaction whole, "
                 "and nothing of the open one", got, sorted(committed))
    everything = sorted(committed + left_open)
    got = read_all(broker.bootstrap, topic, partitions, "read_uncommitted", len(everything))
    checks.equal("read_uncommitted still reads every record written", got, everything)
    # The open transaction's producer was fenced when its transaction timed out.
    try:
        open_producer.commit_transaction(10)
        checks.fail("the open transaction cannot be committed after its timeout",
                    "commit_transaction succeeded")
    except KafkaException as failure:
        checks.ok("the open transaction cannot be committed after its timeout", True,
                  str(failure))


CTP_INPUT = "ctp-in"
CTP_OUTPUT = "ctp-out"
CTP_RECORDS = 300


def run_processor(bootstrap):
    """The consume-transform-produce loop (a child process, so that it can be killed with -9):
    reads CTP_INPUT in the group "ctp", writes each value prefixed with "out-" to CTP_OUTPUT,
    and commits the output and the input offsets in one transaction per poll. Exits once it
    holds both input partitions and has processed them to their end."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": "ctp", "enable.auto.commit": False,
        "auto.offset.reset": "earliest", "isolation.level": "read_committed",
        "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
    })
    producer = transactional_producer(bootstrap, "ctp-processor")
    consumer.subscribe([CTP_INPUT])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        messages = [m for m in consumer.consume(10, 0.5) if m.error() is None]
        if not messages:
            if processed_to_the_end(consumer):
                break
            continue
        producer.begin_transaction()
        for message in messages:
            producer.produce(CTP_OUTPUT, value=b"out-" + message.value(),
                             partition=message.partition())
        producer.send_offsets_to_transaction(consumer.position(consumer.assignment()),
                                             consumer.consumer_group_metadata(), TIMEOUT)
        producer.commit_transaction(TIMEOUT)
        time.sleep(0.1)  # a slow processor, so that the kill lands mid-stream
    consumer.close()


def processed_to_the_end(consumer):
    """Both input partitions assigned, and the group's committed offsets at their ends (a
    partition already committed to its end is never fetched, so its position stays unset)."""
    assignment = consumer.assignment()
    if len(assignment) != 2:
        return False
    for committed in consumer.committed(assignment, timeout=10):
        _, high = consumer.get_watermark_offsets(committed, timeout=5, cached=False)
        if committed.offset < high:
            return False
    return True


def check_consume_transform_produce(broker, checks):
    checks.step("consume-transform-produce with send_offsets_to_transaction across a kill -9 "
                "of the processor")
    create_topic(broker.bootstrap, CTP_INPUT, 2)
    create_topic(broker.bootstrap, CTP_OUTPUT, 2)
    loader = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5})
    inputs = values_of("v", CTP_RECORDS)
    for index, value in enumerate(inputs):
        loader.produce(CTP_INPUT, value=value, partition=index % 2)
    loader.flush(TIMEOUT)
    command = [sys.executable, os.path.abspath(__file__), "--processor", broker.bootstrap]
    first = subprocess.Popen(command)
    # Kill it once some transactions are committed, in the middle of the stream.
    def committed_output(seconds):
        # read_all returns as soon as both partitions are read to their end, so a long bound
        # only matters on a loaded machine (where 1 s once read nothing at all).
        return len(read_all(broker.bootstrap, CTP_OUTPUT, [0, 1], "read_committed", 1,
                            seconds=seconds))
    harness.wait_for(lambda: committed_output(seconds=2) >= CTP_RECORDS // 5, seconds=60)
    first.kill()
    first.wait()
    at_kill = committed_output(seconds=20)
    checks.ok("the first processor was killed in the middle of the stream",
              0 < at_kill < CTP_RECORDS, f"{at_kill} of {CTP_RECORDS} output records committed")
    second = subprocess.Popen(command)
    try:
        code = second.wait(120)
    except subprocess.TimeoutExpired:
        second.kill()
        code = "timeout"
    checks.equal("the restarted processor finished", code, 0)
    expected = sorted(b"out-" + value for value in inputs)
    got = read_all(broker.bootstrap, CTP_OUTPUT, [0, 1], "read_committed", len(expected))
    duplicates = len(got) - len(set(got))
    checks.equal("every input record is in the output exactly once (read_committed)", got,
                 expected)
    checks.equal("no duplicates", duplicates, 0)


def test(broker, checks):
    check_visibility(broker, checks)
    check_fencing(broker, checks)
    check_consume_transform_produce(broker, checks)
    if not broker.external:
        check_broker_crash(broker, checks)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--processor":
        run_processor(sys.argv[2])
    else:
        harness.run_test(test)
