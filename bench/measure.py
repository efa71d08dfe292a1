"""bench/measure.py: how scripts/bench measures: one command under /usr/bin/time (wall, CPU, peak
RSS), disk usage, medians and nearest-rank percentiles (the same definition as bench/latency.cpp)."""
import math
import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass


class BenchError(Exception):
    """A step failed; the message says which and where its log is."""


@dataclass
class Run:
    wall_s: float
    cpu_s: float      # user + sys
    rss_kib: int      # peak resident set size (/usr/bin/time %M)
    exit_code: int

    def as_dict(self):
        return asdict(self)


def timed(cmd, log_path, ok_codes=(0,), env=None):
    """Runs cmd with its output appended to log_path; returns its Run. Raises BenchError when the
    exit code is not in ok_codes."""
    cmd = [str(c) for c in cmd]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf, open(log_path, "ab") as log:
        log.write(("\n$ " + " ".join(cmd) + "\n").encode())
        log.flush()
        rc = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf.name, "--"] + list(cmd),
                            stdout=log, stderr=log, env=env).returncode
        lines = [line for line in open(tf.name).read().splitlines() if line.strip()]
    if rc not in ok_codes:
        raise BenchError(f"{os.path.basename(cmd[0])} exited with {rc}; see {log_path}")
    wall, user, sys_, rss = lines[-1].split()
    return Run(float(wall), float(user) + float(sys_), int(rss), rc)


def wall_clock(cmd, env=None, cwd=None):
    """Runs cmd once, capturing its output; returns (milliseconds, exit code, stdout text).
    The time includes starting the process, as a user running the command would see it."""
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    return (time.perf_counter() - start) * 1000.0, p.returncode, p.stdout.decode("utf-8", "replace")


def du_kib(paths):
    """Disk usage of files and folders in KiB (du -sk), summed."""
    out = subprocess.run(["du", "-skc", "--"] + list(paths), stdout=subprocess.PIPE, check=True, text=True).stdout
    return int(out.strip().splitlines()[-1].split()[0])


def median(values):
    return statistics.median(values) if values else None


def percentile(sorted_ms, p):
    rank = max(1, math.ceil(p / 100.0 * len(sorted_ms)))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


def summarize(ms):
    """p50/p95/p99/max/mean and queries/s (one after another) of a list of milliseconds."""
    if not ms:
        return None
    s = sorted(ms)
    total = sum(s)
    return {"samples": len(s), "p50_ms": percentile(s, 50), "p95_ms": percentile(s, 95),
            "p99_ms": percentile(s, 99), "max_ms": s[-1], "mean_ms": total / len(s),
            "queries_per_s": len(s) / (total / 1000.0) if total > 0 else 0.0}
