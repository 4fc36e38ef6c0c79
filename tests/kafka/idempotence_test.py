#!/usr/bin/python3
"""Idempotence with a real client: retried batches leave no duplicates.

A confluent_kafka producer with enable.idempotence=true talks to the broker through a small TCP
proxy (in this file). For some Produce requests the proxy forwards the request, lets the broker
write the batch, then drops the broker's answer and cuts the connection, as a network failure
right after the write would. librdkafka cannot know the batch landed and sends it again (up to
five requests were in flight on the cut connection, so several batches are retried at once).
The broker must recognize each retry by its producer id, epoch and sequence and answer with the
original offset, writing nothing. Then the same across restarts: twice more an answer is dropped
and, before the connection is cut, the broker is restarted, once cleanly (SIGTERM: the retry is
recognized through the producer-state snapshot) and once with SIGKILL (through the replay of
the log). Afterwards, read back partition by partition (through the proxy too,
read_committed, librdkafka's default):
  - every message is there exactly once, in the order it was produced;
  - each message is at the offset its delivery report gave;
  - the producer saw no error (no fatal idempotence error, no failed delivery);
  - the proxy really did drop answers (otherwise the test proves nothing).

    idempotence_test.py <path to eventioz>
"""

import os
import queue
import socket
import struct
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position

from confluent_kafka import (  # noqa: E402  pylint: disable=wrong-import-position
    OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition)
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402  pylint: disable=C0413

TOPIC = "idempotence"
PARTITIONS = 2
MESSAGES = 4000           # produced while the broker keeps running
RESTART_MESSAGES = 1500   # then produced while the broker restarts at two dropped answers
PRODUCE_API_KEY = 0
DROP_EVERY = 7   # the n-th, 2n-th, ... Produce request loses its answer
DROP_MAX = 8
RESTARTS = ("SIGTERM", "SIGKILL")


def read_exactly(sock, count):
    data = bytearray()
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def read_frame(sock):
    """One size-prefixed Kafka frame (the prefix included), or None at the end."""
    prefix = read_exactly(sock, 4)
    if prefix is None:
        return None
    (size,) = struct.unpack(">i", prefix)
    body = read_exactly(sock, size)
    return None if body is None else prefix + body


class DroppingProxy:
    """Forwards Kafka connections to the broker; every DROP_EVERY-th Produce request (at most
    DROP_MAX) is forwarded but its answer is dropped and the connection cut."""

    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.target_port = None
        self.lock = threading.Lock()
        self.dropping = True
        self.drop_max = DROP_MAX
        self.produce_requests = 0
        self.dropped = 0
        self.connections = 0
        # Called (on the proxy's thread) after an answer is dropped, before the cut.
        self.on_drop = None

    def start(self, target_port):
        self.target_port = target_port
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                broker = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += 1
            doomed = set()  # correlation ids whose answers are dropped
            threading.Thread(target=self._requests, args=(client, broker, doomed),
                             daemon=True).start()
            threading.Thread(target=self._responses, args=(client, broker, doomed),
                             daemon=True).start()

    @staticmethod
    def _cut(client, broker):
        for sock in (client, broker):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _requests(self, client, broker, doomed):
        try:
            while True:
                frame = read_frame(client)
                if frame is None:
                    break
                api_key, _version, correlation_id = struct.unpack(">hhi", frame[4:12])
                if api_key == PRODUCE_API_KEY:
                    with self.lock:
                        self.produce_requests += 1
                        if (self.dropping and self.produce_requests % DROP_EVERY == 0
                                and len(doomed) == 0 and self.dropped < self.drop_max):
                            doomed.add(correlation_id)
                broker.sendall(frame)
        except OSError:
            pass
        self._cut(client, broker)

    def _responses(self, client, broker, doomed):
        try:
            while True:
                frame = read_frame(broker)
                if frame is None:
                    break
                (correlation_id,) = struct.unpack(">i", frame[4:8])
                if correlation_id in doomed:
                    with self.lock:
                        self.dropped += 1
                        on_drop = self.on_drop
                    if on_drop is not None:
                        on_drop()
                    break  # the broker wrote the batch; the client never hears of it
                client.sendall(frame)
        except OSError:
            pass
        self._cut(client, broker)


PROXY = DroppingProxy()


def make_producer(bootstrap, delivered, failures, errors):
    """An idempotent producer recording its delivery reports {value: (partition, offset)}."""

    def on_delivery(error, message):
        if error is not None:
            failures.append((message.value(), str(error)))
        else:
            delivered[message.value().decode()] = (message.partition(), message.offset())

    producer = Producer({
        "bootstrap.servers": bootstrap,
        "enable.idempotence": True,
        "linger.ms": 2,
        "batch.num.messages": 40,
        "message.timeout.ms": 60000,
        "retry.backoff.ms": 50,
        "reconnect.backoff.ms": 20,
        "reconnect.backoff.max.ms": 200,
        "log.connection.close": False,
        "error_cb": lambda error: errors.append(str(error)),
    })
    return producer, on_delivery


def produce(producer, on_delivery, indexes):
    """Sends the values of `indexes`, message i to partition i % PARTITIONS."""
    for index in indexes:
        while True:
            try:
                producer.produce(TOPIC, value=str(index).encode(), partition=index % PARTITIONS,
                                 on_delivery=on_delivery)
                break
            except BufferError:
                producer.poll(0.05)
        if index % 100 == 0:
            producer.poll(0)
    return producer.flush(60)


def read_back(bootstrap, seconds=30):
    """Every message of the topic, by partition, as [(offset, value)]."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "eventioz-idempotence-unused",  # required by the library; never joined
        "enable.auto.commit": False,
        "enable.partition.eof": True,
        "isolation.level": "read_committed",
    })
    found = {partition: [] for partition in range(PARTITIONS)}
    at_end = set()
    try:
        consumer.assign([TopicPartition(TOPIC, partition, OFFSET_BEGINNING)
                         for partition in range(PARTITIONS)])
        deadline = time.monotonic() + seconds
        while len(at_end) < PARTITIONS and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() == -191:  # _PARTITION_EOF
                    at_end.add(message.partition())
                    continue
                raise KafkaException(message.error())
            at_end.discard(message.partition())
            found[message.partition()].append((message.offset(), message.value().decode()))
    finally:
        consumer.close()
    return found


def test(broker, checks):
    PROXY.start(broker.port)
    bootstrap = f"127.0.0.1:{PROXY.port}"
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    for future in admin.create_topics([NewTopic(TOPIC, PARTITIONS, 1)]).values():
        future.result(30)

    delivered, failures, errors = {}, [], []
    producer, on_delivery = make_producer(bootstrap, delivered, failures, errors)

    checks.step("an idempotent producer whose answers are dropped now and then")
    remaining = produce(producer, on_delivery, range(MESSAGES))
    checks.equal("every message was delivered within a minute", remaining, 0)
    with PROXY.lock:
        dropped, requests, connections = PROXY.dropped, PROXY.produce_requests, PROXY.connections
    harness.say(f"proxy: {requests} produce requests, {dropped} answers dropped, "
                f"{connections} connections")
    checks.ok("the proxy dropped answers to written batches (so librdkafka had to retry)",
              dropped >= 3, f"only {dropped}")

    checks.step("answers dropped while the broker restarts (SIGTERM, then SIGKILL)")
    restarts = list(RESTARTS)
    # The broker dies with the thread that started it (the harness's parent-death signal), so
    # restarts run on one thread that lives to the end of the test, not on the proxy's.
    requests_to_restart = queue.Queue()

    def restarter():
        while True:
            how, done = requests_to_restart.get()
            if how == "SIGTERM":
                checks.equal("the broker exits 0 on SIGTERM while producers write",
                             broker.stop(), 0)
            else:
                broker.kill9()
            broker.start()
            harness.say(f"broker restarted after {how} with a batch's answer dropped")
            done.set()

    threading.Thread(target=restarter, daemon=True).start()

    def restart_broker():  # on the proxy's thread, before it cuts the client's connection
        if not restarts:
            return
        done = threading.Event()
        requests_to_restart.put((restarts.pop(0), done))
        done.wait(30)

    with PROXY.lock:
        PROXY.drop_max = dropped + len(RESTARTS)
        PROXY.on_drop = restart_broker
    remaining = produce(producer, on_delivery, range(MESSAGES, MESSAGES + RESTART_MESSAGES))
    checks.equal("every message was delivered within a minute", remaining, 0)
    with PROXY.lock:
        PROXY.dropping = False
        PROXY.on_drop = None
    checks.equal("the broker was restarted at dropped answers", restarts, [])
    checks.equal("no delivery failed", failures[:5], [])
    fatal = producer.fatal_error() if hasattr(producer, "fatal_error") else None
    checks.ok("the producer raised no fatal error", fatal is None, str(fatal))
    harness.say(f"producer errors (transport errors from the cuts are expected): "
                f"{harness.short(errors)}")

    checks.step("reading everything back")
    found = read_back(bootstrap)
    total = sum(len(messages) for messages in found.values())
    all_messages = MESSAGES + RESTART_MESSAGES
    checks.equal("the topic holds every message exactly once", total, all_messages)
    for partition in range(PARTITIONS):
        values = [value for _, value in found[partition]]
        expected = [str(index) for index in range(partition, all_messages, PARTITIONS)]
        duplicates = len(values) - len(set(values))
        checks.equal(f"partition {partition}: no duplicates", duplicates, 0)
        checks.ok(f"partition {partition}: every message, in the order produced",
                  values == expected,
                  f"first difference at position "
                  f"{next((i for i, (a, b) in enumerate(zip(values, expected)) if a != b), '?')}"
                  f" of {len(values)} read, {len(expected)} expected")
        offsets = [offset for offset, _ in found[partition]]
        checks.equal(f"partition {partition}: offsets are contiguous from 0", offsets,
                     list(range(len(offsets))))
        wrong = [(value, delivered.get(value), (partition, offset))
                 for offset, value in found[partition]
                 if delivered.get(value) != (partition, offset)]
        checks.equal(f"partition {partition}: each message is at the offset its delivery "
                     f"report gave", wrong[:5], [])


if __name__ == "__main__":
    harness.run_test(test, extra_args=["--kafka-advertised", f"127.0.0.1:{PROXY.port}"])
