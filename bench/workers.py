"""The gunicorn workers this process started, and the most memory each has held (Linux only)."""

import os
from pathlib import Path


class WorkerPeaks:
    """Peak resident memory in KiB by worker, sampled while they run, so a replaced worker still counts."""

    def __init__(self):
        self.by_worker = {}

    def sample(self):
        for worker in _children(_gunicorn_master()):
            try:
                peak = _peak_resident_kib(worker)
            except FileNotFoundError:
                continue
            self.by_worker[worker] = max(peak, self.by_worker.get(worker, 0))


def _gunicorn_master():
    (master,) = (
        pid for pid in _children(os.getpid()) if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    )
    return master


def _children(pid):
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _peak_resident_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise FileNotFoundError(pid)
