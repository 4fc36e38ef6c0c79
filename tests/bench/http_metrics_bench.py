#!/usr/bin/python3
"""The /metrics scrape with many partitions (issue 5's target: 1,000 partitions under 20 ms),
run by scripts/bench-http-metrics.

Starts `eventioz serve` (tests/kafka/harness.py: free loopback ports, temporary data directory),
creates one topic of --partitions partitions, writes one record to each (so every partition is
open and has a high watermark), commits an offset for each in one consumer group (so group lag
has a series per partition too), then times --scrapes GET /metrics on one keep-alive connection
(client side: request sent to last byte read) after --warmup untimed ones. Prints one line in
the format of scripts/bench-kafka:

    RUN eventioz metrics_scrape <partitions> - <client> <scrapes_s> <MB_s> <p50_ms> <p99_ms>

and, on stderr, the size of one scrape and its number of lines.

    http_metrics_bench.py --binary build/release/eventioz [--partitions 1000] [--scrapes 50]
"""
import argparse
import http.client
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kafka"))

from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

import harness  # noqa: E402

TOPIC = "scrape-bench"
GROUP = "scrape-bench-group"


def log(message):
    print("[http_metrics_bench] " + message, file=sys.stderr, flush=True)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def prepare(broker, partitions):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic(TOPIC, num_partitions=partitions, replication_factor=1)],
                        operation_timeout=60)[TOPIC].result(timeout=120)
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 20})
    for partition in range(partitions):
        producer.produce(TOPIC, value=b"x" * 100, partition=partition)
    if producer.flush(120) != 0:
        raise RuntimeError("not every record was delivered")
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": GROUP})
    consumer.commit(offsets=[TopicPartition(TOPIC, p, 1) for p in range(partitions)],
                    asynchronous=False)
    consumer.close()


def scrape(connection):
    connection.request("GET", "/metrics")
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"/metrics answered {response.status}")
    return body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="build/release/eventioz")
    parser.add_argument("--partitions", type=int, default=1000)
    parser.add_argument("--scrapes", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()

    broker = harness.make_broker(args.binary)
    broker.start(timeout=30)
    try:
        started = time.monotonic()
        prepare(broker, args.partitions)
        log(f"{args.partitions} partitions open with one record each, offsets committed, "
            f"in {time.monotonic() - started:.1f} s")
        connection = http.client.HTTPConnection("127.0.0.1", broker.http_port, timeout=30)
        for _ in range(args.warmup):
            body = scrape(connection)
        durations = []
        total_bytes = 0
        for _ in range(args.scrapes):
            begin = time.perf_counter()
            body = scrape(connection)
            durations.append(time.perf_counter() - begin)
            total_bytes += len(body)
        text = body.decode()
        series = sum(1 for line in text.split("\n") if line and not line.startswith("#"))
        log(f"one scrape: {len(body)} bytes, {series} samples; "
            f"high watermark series: {text.count('eventioz_partition_high_watermark{')}, "
            f"group lag series: {text.count('eventioz_group_lag{')}")
        elapsed = sum(durations)
        print("\t".join(["RUN", "eventioz", "metrics_scrape", str(args.partitions), "-",
                         "python http.client keep-alive",
                         f"{args.scrapes / elapsed:.1f}", f"{total_bytes / elapsed / 1e6:.1f}",
                         f"{statistics.median(durations) * 1000:.2f}",
                         f"{percentile(durations, 0.99) * 1000:.2f}"]), flush=True)
    finally:
        broker.stop()
        broker.cleanup()


if __name__ == "__main__":
    main()
