#!/usr/bin/python3
"""Independent Kafka client for the broker benchmarks (scripts/bench-kafka).

Debian's /usr/bin/python3 with python3-confluent-kafka (librdkafka). Prints one tab-separated
line per result in the format of ../shared/peers:

    RUN <system> <test> <size> <durability> <client> <msgs_s> <MB_s> <p50_ms> <p99_ms>

(MB = 10^6 bytes of payload). Diagnostics go to stderr. Every mode is bounded by --deadline.

    kafka_bench_client.py produce --bootstrap H:P --topic T --size 1024 --count 500000 --partitions 4
    kafka_bench_client.py consume --bootstrap H:P --topic T --count 500000
    kafka_bench_client.py latency --bootstrap H:P --topic T --size 1024 --count 3000

produce: acks=all, keyless records spread round-robin over the partitions (explicit partition
  per record, so every partition gets the same share). Throughput is records acknowledged over
  the time from the first produce() to the last delivery report; p50/p99 are librdkafka's
  produce()-to-ack latency of each record (includes the time queued in the client and the
  linger).
consume: assigns every partition from the beginning (no group coordination), reads --count
  records; the clock starts at assign().
latency: one record in flight (max.in.flight=1, linger 0), produce() then flush() per record;
  p50/p99 of produce()-to-ack wall time.
"""
import argparse
import os
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition, version, libversion
from confluent_kafka.admin import AdminClient, NewTopic

CLIENT = "confluent-kafka %s (librdkafka %s)" % (version()[0], libversion()[0])


def log(msg):
    print("[kafka_bench_client] " + msg, file=sys.stderr, flush=True)


def emit(a, test, n, secs, p50=None, p99=None, extra=""):
    rate = n / secs if secs > 0 else 0.0
    fm = lambda x: "-" if x is None else "%.3f" % x
    client = CLIENT + (", " + extra if extra else "")
    print("RUN\t%s\t%s\t%dB\t%s\t%s\t%.0f\t%.1f\t%s\t%s" % (
        a.system, test, a.size, a.durability, client, rate, rate * a.size / 1e6, fm(p50), fm(p99)),
        flush=True)


def pct(sorted_vals, p):
    if not sorted_vals:
        return None
    return sorted_vals[min(len(sorted_vals) - 1, int(p * (len(sorted_vals) - 1) + 0.5))]


def ensure_topic(a):
    admin = AdminClient({"bootstrap.servers": a.bootstrap})
    fs = admin.create_topics([NewTopic(a.topic, num_partitions=a.partitions, replication_factor=1)],
                             request_timeout=30)
    for t, f in fs.items():
        try:
            f.result(timeout=30)
        except KafkaException as e:
            if e.args[0].name() != "TOPIC_ALREADY_EXISTS":
                raise
    # wait until the metadata shows every partition with a leader
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        md = admin.list_topics(topic=a.topic, timeout=10)
        tm = md.topics.get(a.topic)
        if tm and not tm.error and len(tm.partitions) >= a.partitions and all(
                p.leader >= 0 for p in tm.partitions.values()):
            return len(tm.partitions)
        time.sleep(0.05)
    raise SystemExit("topic %s not ready" % a.topic)


def producer_conf(a, latency_mode=False):
    conf = {
        "bootstrap.servers": a.bootstrap,
        "acks": "all",
        "linger.ms": 0 if latency_mode else a.linger_ms,
        "batch.num.messages": a.batch_num_messages,
        "batch.size": a.batch_size,
        "queue.buffering.max.messages": a.queue_max_messages,
        "queue.buffering.max.kbytes": a.queue_max_kbytes,
        "compression.type": "none",
        "enable.idempotence": False,
        "message.timeout.ms": int(a.deadline * 1000),
        "socket.nagle.disable": True,
        "statistics.interval.ms": 0,
    }
    if latency_mode:
        conf["max.in.flight.requests.per.connection"] = 1
    elif a.max_in_flight:
        conf["max.in.flight.requests.per.connection"] = a.max_in_flight
    return conf


def run_produce(a):
    nparts = ensure_topic(a)
    payload = (b"abcdefghijklmnopqrstuvwxyz" * (a.size // 26 + 1))[:a.size]
    p = Producer(producer_conf(a))
    lats = []
    errors = [0, None]
    acked = [0]
    last_ack = [0.0]
    sample = a.lat_every

    def on_delivery(err, msg):
        if err is not None:
            errors[0] += 1
            if errors[1] is None:
                errors[1] = str(err)
            return
        acked[0] += 1
        if acked[0] % sample == 0:
            lats.append(msg.latency() * 1000.0)

    produce = p.produce
    poll = p.poll
    topic = a.topic
    n = a.count
    t0 = time.monotonic()
    end = t0 + a.deadline
    i = 0
    try:
        while i < n:
            try:
                produce(topic, payload, partition=i % nparts, on_delivery=on_delivery)
                i += 1
            except BufferError:
                poll(0.001)
                if time.monotonic() > end:
                    break
                continue
            if i & 1023 == 0:
                poll(0)
        while len(p) > 0 and time.monotonic() < end:
            poll(0.01)
    finally:
        p.flush(10)
    el = time.monotonic() - t0
    if errors[0] or acked[0] != n:
        log("produce: %d of %d acknowledged, %d failed (first: %s)" % (acked[0], n, errors[0], errors[1]))
        raise SystemExit(1)
    lats.sort()
    extra = "linger.ms=%d batch.num.messages=%d" % (a.linger_ms, a.batch_num_messages)
    if a.max_in_flight:
        extra += " max.in.flight=%d" % a.max_in_flight
    emit(a, a.test or "produce acks=all %d partition%s" % (nparts, "" if nparts == 1 else "s"),
         acked[0], el, pct(lats, 0.5), pct(lats, 0.99), extra)


def run_consume(a):
    c = Consumer({
        "bootstrap.servers": a.bootstrap,
        "group.id": "kafka-bench-%d" % os.getpid(),
        "enable.auto.commit": False,
        "enable.partition.eof": False,
        "fetch.wait.max.ms": 100,
        "fetch.max.bytes": 52428800,
        "max.partition.fetch.bytes": 8388608,
        "queued.max.messages.kbytes": 262144,
        "queued.min.messages": 1000000,
        "check.crcs": False,
    })
    md = c.list_topics(topic=a.topic, timeout=10)
    tm = md.topics.get(a.topic)
    if tm is None or tm.error:
        raise SystemExit("topic %s missing" % a.topic)
    parts = sorted(tm.partitions)
    got = 0
    nbytes = 0
    t0 = time.monotonic()
    c.assign([TopicPartition(a.topic, p, -2) for p in parts])  # -2 = OFFSET_BEGINNING
    end = t0 + a.deadline
    consume = c.consume
    while got < a.count and time.monotonic() < end:
        msgs = consume(num_messages=10000, timeout=1.0)
        for m in msgs:
            if m.error():
                raise SystemExit("consume error: %s" % m.error())
        got += len(msgs)
    el = time.monotonic() - t0
    c.close()
    if got < a.count:
        log("consume: only %d of %d records before the deadline" % (got, a.count))
        raise SystemExit(1)
    emit(a, a.test or "consume from cache, %d partition%s" % (len(parts), "" if len(parts) == 1 else "s"),
         got, el, extra="assign from beginning, consume(10000)")


def run_latency(a):
    a.partitions = 1
    ensure_topic(a)
    payload = (b"abcdefghijklmnopqrstuvwxyz" * (a.size // 26 + 1))[:a.size]
    p = Producer(producer_conf(a, latency_mode=True))
    failures = []

    def on_delivery(err, msg):
        if err is not None:
            failures.append(str(err))

    # warm up: connection, metadata
    for _ in range(20):
        p.produce(a.topic, payload, partition=0, on_delivery=on_delivery)
        p.flush(10)
    lats = []
    t0 = time.monotonic()
    end = t0 + a.deadline
    for _ in range(a.count):
        ts = time.perf_counter()
        p.produce(a.topic, payload, partition=0, on_delivery=on_delivery)
        p.flush(10)
        lats.append((time.perf_counter() - ts) * 1000.0)
        if time.monotonic() > end:
            break
    el = time.monotonic() - t0
    if failures:
        log("latency: %d failures (first: %s)" % (len(failures), failures[0]))
        raise SystemExit(1)
    lats.sort()
    emit(a, a.test or "produce latency, 1 in flight", len(lats), el, pct(lats, 0.5), pct(lats, 0.99),
         "max.in.flight=1 linger.ms=0, flush per record")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["produce", "consume", "latency"])
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--size", type=int, default=1024)
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--partitions", type=int, default=1)
    ap.add_argument("--linger-ms", type=int, default=5)
    ap.add_argument("--batch-num-messages", type=int, default=10000)
    ap.add_argument("--batch-size", type=int, default=1000000)
    ap.add_argument("--queue-max-messages", type=int, default=1000000)
    ap.add_argument("--queue-max-kbytes", type=int, default=1048576)
    ap.add_argument("--max-in-flight", type=int, default=0, help="0 = librdkafka's default")
    ap.add_argument("--lat-every", type=int, default=8, help="sample every k-th ack latency")
    ap.add_argument("--deadline", type=float, default=120.0, help="hard limit, seconds")
    ap.add_argument("--system", default="eventioz")
    ap.add_argument("--durability", default="fdatasync before ack (flush.messages=1)")
    ap.add_argument("--test", default="", help="test label (default: derived from the mode)")
    a = ap.parse_args()
    {"produce": run_produce, "consume": run_consume, "latency": run_latency}[a.mode](a)


if __name__ == "__main__":
    main()
