"""The benchmark's client: a few threads asking for pages one after another, timing each answer.

Each request opens its own connection and asks the server to close it, as a
reverse proxy without upstream keep-alive does. The listening socket then hands
every request to whichever gunicorn worker is free, where a kept-alive
connection would tie each client thread to one worker, however busy.
"""

import http.client
import itertools
import math
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench.query_count import HEADER as QUERIES_HEADER

# As through the TLS-terminating proxy that production settings expect, from a browser.
HEADERS = {"X-Forwarded-Proto": "https", "Connection": "close", "Accept-Encoding": "gzip, deflate, br, zstd"}


@dataclass
class Measurement:
    seconds: float = 0.0
    latencies: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def requests_per_second(self):
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def add(self, other):
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.queries += other.queries
        self.errors += other.errors


def measure(address, paths, seconds, concurrency, headers=HEADERS):
    """Ask for ``paths`` in turn from ``concurrency`` threads for ``seconds``; every request counts."""
    location = urlsplit(address)
    deadline = time.perf_counter() + seconds
    results = [Measurement() for _ in range(concurrency)]
    threads = [
        threading.Thread(
            target=_ask_until,
            # Each thread starts at a different path, so the rotation is spread across them.
            args=(location.hostname, location.port, _rotation(paths, start), headers, deadline, result),
        )
        for start, result in enumerate(results)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Measurement(seconds=time.perf_counter() - started)
    for result in results:
        total.add(result)
    return total


def alternating(address, paths, yardstick, seconds, concurrency, headers=HEADERS, slice_seconds=1.0):
    """``paths`` and the ``yardstick`` paths, each for ``seconds`` in all, in alternate slices.

    Whatever the machine's speed does in the meantime, it does to both alike, so the ratio of
    their requests per second holds where each one's figure drifts. The yardstick is asked for
    with HEADERS: it is the same for every page it is set against.
    """
    measured, measured_yardstick = Measurement(), Measurement()
    for _ in range(max(1, round(seconds / slice_seconds))):
        measured_yardstick.add(measure(address, yardstick, slice_seconds, concurrency))
        measured.add(measure(address, paths, slice_seconds, concurrency, headers))
    return measured, measured_yardstick


def each_once(address, paths, headers=HEADERS):
    """Ask for each of ``paths`` once, one after another: how long each first answer takes."""
    location = urlsplit(address)
    result = Measurement()
    started = time.perf_counter()
    _ask_until(location.hostname, location.port, iter(paths), headers, math.inf, result)
    result.seconds = time.perf_counter() - started
    return result


def _rotation(paths, start):
    return itertools.islice(itertools.cycle(paths), start % len(paths), None)


def _ask_until(host, port, paths, headers, deadline, result):
    for path in paths:
        if time.perf_counter() >= deadline:
            return
        started = time.perf_counter()
        try:
            status, queries = _get(host, port, path, headers)
        except OSError as error:
            result.errors.append(f"{path}: {error}")
            continue
        result.latencies.append(time.perf_counter() - started)
        if status != 200:
            result.errors.append(f"{path}: {status}")
        if queries is not None:
            result.queries.append(int(queries))


def _get(host, port, path, headers):
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader(QUERIES_HEADER)
    finally:
        connection.close()
