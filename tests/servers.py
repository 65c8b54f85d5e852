"""For tests that start a server of their own (gunicorn, a port forwarder)."""

import socket


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
