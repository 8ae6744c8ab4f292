"""wrk as the load client of the pages and servers phases (issue 25: "measured from outside ...
with wrk").

The Python generator of `bench.load` spends as much CPU per request as a cached page costs the
server, and on a 2-core machine it shares those cores: with it, the bare hello view tops out
near 500 requests/s. wrk (C, `apt-get install wrk`) needs a fraction of that, so the figures
say what the server does. Each run requests paths drawn from a list written beforehand (a
search mix is a Zipf sample of the distinct queries, so a uniform pick from the list keeps the
skew); the Lua script prints one JSON line with the counts and latency percentiles.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

SCRIPT = r"""
local paths = {}
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(tonumber(args[2]) + (id or 0))
end
function setup(thread)
  thread_count = (thread_count or 0) + 1
  thread:set("id", thread_count)
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write("WRK " .. string.format(
    '{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f}',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean) .. "\n")
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def version() -> str:
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (result.stdout + result.stderr).split(" Copyright")[0].strip()


def search_paths(queries: list[str], weights: list[float], seed: int, n: int = 5000) -> list[str]:
    rnd = random.Random(seed)
    return ["/search/?q=" + quote(q) for q in rnd.choices(queries, weights, k=n)]


def run(
    base: str, paths: list[str], clients: int, seconds: float, log_dir: Path, seed: int
) -> dict[str, Any]:
    """One wrk run against `base`; a row in the shape of `bench.load.summarize`'s per-kind rows."""
    script = log_dir / "wrk.lua"
    script.write_text(SCRIPT)
    listing = log_dir / f"wrk-paths-{seed}.txt"
    listing.write_text("\n".join(paths) + "\n")
    threads = min(2, clients)
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
            "--",
            str(listing),
            str(seed),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stdout}{result.stderr}")
    line = next(x for x in result.stdout.splitlines() if x.startswith("WRK "))
    raw = json.loads(line[4:])
    seconds_run = raw["duration_us"] / 1e6
    transport = {k: raw[k] for k in ("connect", "read", "write", "timeout") if raw[k]}
    ok = raw["requests"] - raw["status"]
    return {
        "client": "wrk",
        "requests": raw["requests"],
        "ok": ok,
        "per_second": round(ok / seconds_run, 1) if seconds_run else None,
        "statuses": {"non_2xx_3xx": raw["status"]} if raw["status"] else {},
        # wrk's percentiles cover every response, errors included (there were none where it counts).
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "mean_ms": round(raw["mean_us"] / 1000, 1),
        "errors": raw["status"] + sum(transport.values()),
        "transport_errors": transport,
    }
