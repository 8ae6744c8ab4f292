"""CPU per request: httpx's own pool (httpcore) against zwgk's OutboundClient + PooledTransport.

    .venv/bin/python -m bench.http_transport

The figures behind docs/decisions/0009-monitor-http-transport.md: 4,000 GETs of a ~6 KB page,
8 in flight, against bench.monitor's server (0 ms latency) in another process; CPU is this
process's time only. Prints JSON.
"""

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from zwgk.core.http import OutboundClient, Pins, StaticResolver

ROOT = Path(__file__).resolve().parent.parent
pf = ROOT / "var" / "bench" / "transport.port"
pf.parent.mkdir(parents=True, exist_ok=True)
pf.unlink(missing_ok=True)
srv = subprocess.Popen(
    [
        sys.executable,
        "-m",
        "bench.monitor",
        "--serve",
        str(pf),
        "--serve-latency",
        "0-0",
        "--pages",
        "2000",
        "--hosts",
        "1",
    ],
    cwd=ROOT,
)
while not (pf.exists() and pf.read_text()):
    time.sleep(0.05)
port = int(pf.read_text())
N = 4000
urls = [f"http://www.bench.test:{port}/col/0/art/{i % 15}.html" for i in range(N)]


async def with_httpx():
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=8)) as c:
        sem = asyncio.Semaphore(8)

        async def one(u):
            async with sem:
                r = await c.get(
                    u.replace("www.bench.test", "127.0.0.1"), headers={"Host": f"www.bench.test:{port}"}
                )
                return r.status_code

        return await asyncio.gather(*(one(u) for u in urls))


async def with_ours():
    async with OutboundClient(
        pins=Pins.parse([f"www.bench.test:{port}:127.0.0.1"]), resolver=StaticResolver()
    ) as c:
        sem = asyncio.Semaphore(8)

        async def one(u):
            async with sem:
                return (await c.fetch(u, family=4)).status

        return await asyncio.gather(*(one(u) for u in urls))


out = {}
for name, fn in (
    ("httpx AsyncClient (httpcore pool)", with_httpx),
    ("OutboundClient + PooledTransport", with_ours),
    ("httpx AsyncClient (httpcore pool) again", with_httpx),
    ("OutboundClient + PooledTransport again", with_ours),
):
    c0, w0 = time.process_time(), time.perf_counter()
    res = asyncio.run(fn())
    out[name] = {
        "cpu_ms_per_request": round((time.process_time() - c0) * 1000 / N, 3),
        "wall_s": round(time.perf_counter() - w0, 2),
        "ok": sum(1 for s in res if s == 200),
    }
srv.terminate()
srv.wait()
print(json.dumps(out, indent=1, ensure_ascii=False))
