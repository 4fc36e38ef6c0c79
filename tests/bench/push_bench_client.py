#!/usr/bin/python3
"""A fast SSE subscriber for scripts/bench-push: reads GET /v1/topics/{topic}/events from the
raw socket in large chunks and counts events (each ends with a blank line) without parsing them,
until `count` events arrived. Prints one JSON object: events, bytes (body_bytes: without the HTTP head), seconds, MB/s (10^6 bytes
of the SSE stream per second), events/s.

    push_bench_client.py HOST:PORT TOPIC COUNT [QUERY]     (QUERY default: offset=earliest)
"""

import json
import socket
import sys
import time


def main():
    address, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    query = sys.argv[4] if len(sys.argv) > 4 else "offset=earliest"
    host, port = address.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    buffer = bytearray(16 << 20)
    view = memoryview(buffer)
    started = time.monotonic()
    sock.sendall(f"GET /v1/topics/{topic}/events?{query} HTTP/1.1\r\nHost: {host}\r\n"
                 "Accept: text/event-stream\r\n\r\n".encode())
    total_bytes = 0
    head_bytes = None  # the HTTP response head, before the event stream
    blank_lines = 0  # "\n\n": one per event, plus one after the stream's "retry:" line
    previous_ended_with_newline = False
    while blank_lines - 1 < count:
        received = sock.recv_into(view)
        if received == 0:
            sys.exit(f"the stream ended after {blank_lines - 1} events")
        if head_bytes is None:
            head_bytes = buffer.find(b"\r\n\r\n", 0, received) + 4
        total_bytes += received
        blank_lines += buffer.count(b"\n\n", 0, received)
        if previous_ended_with_newline and buffer[0] == 0x0A:
            blank_lines += 1
        previous_ended_with_newline = buffer[received - 1] == 0x0A and not (
            received >= 2 and buffer[received - 2] == 0x0A)
    seconds = time.monotonic() - started
    sock.close()
    print(json.dumps({"events": blank_lines - 1, "bytes": total_bytes,
                      "body_bytes": total_bytes - head_bytes,
                      "seconds": round(seconds, 3),
                      "MB_s": round(total_bytes / seconds / 1e6, 1),
                      "events_s": round((blank_lines - 1) / seconds)}))


if __name__ == "__main__":
    main()
