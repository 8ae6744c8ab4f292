"""Load and faults (`make bench-load`, issue 21 items 10 and 11): one command, two parts.

    .venv/bin/python -m bench.load [--clients 16] [--seconds 30] [--web-workers 2] [--only NAMES]

1. Throughput under production settings: `manage.py serve --workers N --no-worker` (gunicorn)
   plus one `db_worker`, demo data loaded, rate limits raised by environment, on SQLite and on
   PostgreSQL + Redis; then the scale-out check: two `serve --no-worker` processes and two
   `db_worker`s on one PostgreSQL and Redis, the clients spread over both web processes, with
   sessions, per-IP limits and used proof-of-work payloads checked across the two.
   The load comes from a second process (`python -m bench.load generate`: asyncio + httpx,
   bounded clients × seconds) mixing portal pages, search, document pages, the documents API
   and application submissions (`GET /api/v1/challenge`, solve, `POST /api/v1/applications`).
   Afterwards every tracking code answered with 201 is looked up in the database.
2. Correctness under faults:
   - worker_kill: SIGKILL a `db_worker` while it is sending an applicant's notice (a local SMTP
     sink that answers after a delay keeps the task running); the other worker re-queues the
     stale claim and every applicant gets exactly one notice.
   - postgres_restart: a private PostgreSQL cluster started here (initdb into a temp dir, a free
     port on 127.0.0.1; never the shared server) is stopped and started again under load:
     requests fail cleanly (503) and recover, no accepted submission is lost, no task fails.
   - disk_full: uploads on a 2 MB tmpfs filled up: a clear 503 to the applicant, no partial
     file and no row; once there is room, the same submission is stored whole.

Everything talks to 127.0.0.1 only. Writes bench/results/load.json and bench/results/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench import wrk

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
SERVE = [*MANAGE, "serve", "--host", "127.0.0.1", "--no-worker"]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SHARED_PG = "postgres://postgres@127.0.0.1:5432/zwgk_bench_load"
REDIS = "redis://127.0.0.1:6379/3"
SECRET = "bench-load-not-a-secret-" + "x" * 40  # one key for every web process (sessions, ALTCHA)
DEMO_PASSWORD = "zwgk-demo"
ORGS = ["dl-jyj", "dl-mzj", "dl-czj", "dl-rsj", "dl-jtj"]
SEARCH_TERMS = ["政府信息公开", "预算", "教育", "交通", "社会保障", "规划", "通知", "年度报告"]
# kind: weight in the mix
MIX = {"home": 2, "document": 4, "search": 3, "api_documents": 1, "submit": 2}
EXPECTED = {"submit": 201}
# Pages part (issue 25): one kind at a time, beside a bare "hello" view on the same server.
PAGE_KINDS = ["hello", "home", "agency", "document", "search"]
# Search: >= 200 distinct queries, a few hot and most cold (Zipf, s = 1.1), so a result cache
# alone cannot win; a document is published every PUBLISH_EVERY seconds meanwhile.
SEARCH_WORDS = [
    "政府信息公开",
    "预算",
    "决算",
    "教育",
    "交通",
    "社会保障",
    "规划",
    "通知",
    "年度报告",
    "养老",
    "医疗",
    "住房",
    "公积金",
    "环境保护",
    "安全生产",
    "招标",
    "采购",
    "就业",
    "扶贫",
    "财政",
    "税收",
    "土地",
    "征收",
    "补贴",
    "疫苗",
    "学校",
    "道路",
    "公交",
    "水务",
    "燃气",
]
SEARCH_QUERIES = [
    *SEARCH_WORDS,
    *(f"{a} {b}" for i, a in enumerate(SEARCH_WORDS) for b in SEARCH_WORDS[i + 1 :]),
][:240]
ZIPF_S = 1.1
SEARCH_WEIGHTS = [1 / (rank + 1) ** ZIPF_S for rank in range(len(SEARCH_QUERIES))]
PUBLISH_EVERY = 3.0
PNG = b"\x89PNG\r\n\x1a\n" + random.Random(21).randbytes(400 * 1024)


# --- processes -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Proc:
    """A child process in a session of its own, so `serve` and its gunicorn workers stop together."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill9(self) -> None:
        """SIGKILL this one process (db_worker is a single process)."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait()

    def stop(self) -> None:
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self.log.close()


# Which cache an embedded (SQLite) deployment runs with: "sqlite" (the default since decision
# 0040) or "file" (Django's file cache, before it); `--embedded-cache`, rows labelled apart.
EMBEDDED_CACHE = "sqlite"


def sqlite_label() -> str:
    return "sqlite" if EMBEDDED_CACHE == "sqlite" else f"sqlite_{EMBEDDED_CACHE}cache"


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ZWGK_") and k not in {"DATABASE_URL"} and "proxy" not in k.lower()
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ZWGK_DATA_DIR=str(data_dir),
        ZWGK_SECRET_KEY=SECRET,
        ZWGK_ALTCHA_MAX_NUMBER="10000",  # the minimum: the benchmark measures the server, not SHA-256
        ZWGK_RATE_PUBLIC_FORM="1000000",
        ZWGK_RATE_TRACKING="1000000",
        ZWGK_LOG_LEVEL="WARNING",
        ZWGK_TASK_HEARTBEAT_SECONDS="1",
        ZWGK_TASK_WORKER_STALE_SECONDS="5",
        PYTHONUNBUFFERED="1",
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    if EMBEDDED_CACHE != "sqlite":
        env["ZWGK_CACHE_URL"] = EMBEDDED_CACHE
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, log_dir: Path, extra_env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [*MANAGE, *args],
        env={**env, **(extra_env or {})},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    with open(log_dir / "manage.log", "a") as log:
        log.write(f"$ manage.py {' '.join(args)}\n{result.stdout}\n{result.stderr}\n")
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare(env: dict[str, str], log_dir: Path) -> float:
    """Migrate and load the demo data (ZWGK_DEMO=1 only here: it gives the demo logins a password)."""
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0", log_dir=log_dir)
    manage(env, "load_demo", log_dir=log_dir, extra_env={"ZWGK_DEMO": "1"})
    return round(time.monotonic() - started, 1)


def web(env: dict[str, str], port: int, workers: int, log_dir: Path, name: str = "web") -> Proc:
    args = [*MANAGE, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    return Proc(name, [*args, "--no-worker"], env, log_dir)


def worker(env: dict[str, str], log_dir: Path, worker_id: str) -> Proc:
    return Proc(worker_id, [*MANAGE, "db_worker", "--worker-id", worker_id], env, log_dir)


def wait_ready(base: str, timeout: float = 180) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/api/v1/challenge", timeout=5, trust_env=False).status_code == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"{base} did not come up")


VERIFY = """
import json, os
from django_tasks_db.models import DBTaskResult
from zwgk.foi.models import Application
codes = json.load(open(os.environ["BENCH_CODES"]))
found = set()
for i in range(0, len(codes), 500):
    rows = Application.objects.filter(tracking_code__in=codes[i:i + 500])
    found |= set(rows.values_list("tracking_code", flat=True))
statuses = ("READY", "RUNNING", "SUCCESSFUL", "FAILED")
tasks = {s: DBTaskResult.objects.filter(status=s).count() for s in statuses}
print("BENCH " + json.dumps({"accepted": len(codes), "found_in_database": len(found),
      "missing": sorted(set(codes) - found)[:20], "tasks": tasks}))
"""


def shell(env: dict[str, str], code: str, log_dir: Path, **extra: str) -> dict[str, Any]:
    out = manage(env, "shell", "-c", code, log_dir=log_dir, extra_env=extra)
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    return dict(json.loads(line[6:]))


def verify(env: dict[str, str], codes: list[str], log_dir: Path) -> dict[str, Any]:
    path = log_dir / f"codes-{time.time_ns()}.json"
    path.write_text(json.dumps(codes))
    return shell(env, VERIFY, log_dir, BENCH_CODES=str(path))


def wait_tasks_drained(env: dict[str, str], log_dir: Path, timeout: float = 180) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        state = verify(env, [], log_dir)["tasks"]
        if (state["READY"] == 0 and state["RUNNING"] == 0) or time.monotonic() > deadline:
            return dict(state)
        time.sleep(2)


# --- the load generator (a second process) ---------------------------------------------------


async def _generate(
    urls: list[str],
    clients: int,
    seconds: float,
    seed: int,
    started_file: str = "",
    only_kind: str = "",
    queries_file: str = "",
) -> dict[str, Any]:
    import httpx

    from zwgk.core.proof_of_work import solve

    async with httpx.AsyncClient(trust_env=False, timeout=30) as probe:
        listing = (await probe.get(f"{urls[0]}/api/v1/documents?page_size=100")).json()
    doc_ids = [row["id"] for row in listing["results"]] or [1]
    if started_file:
        Path(started_file).touch()  # the fault injector times its fault from here
    records: list[tuple[float, str, int, float]] = []  # (unix time, kind, status, ms); status 0: transport
    # search_100k: how each answer was found (page cache hit, else the result cache's header).
    cache_outcomes: Counter[str] = Counter()
    asked: set[str] = set()
    queries, query_weights = SEARCH_QUERIES, SEARCH_WEIGHTS
    if queries_file:
        queries = json.loads(Path(queries_file).read_text())
        query_weights = [1 / (rank + 1) ** ZIPF_S for rank in range(len(queries))]
    transport_errors: Counter[str] = Counter()
    codes: list[str] = []
    started = time.time()
    deadline = time.monotonic() + seconds

    async def timed(kind: str, call: Any) -> Any:
        t0 = time.perf_counter()
        try:
            response = await call
        except httpx.HTTPError as exc:
            transport_errors[type(exc).__name__] += 1
            records.append((time.time(), kind, 0, (time.perf_counter() - t0) * 1000))
            return None
        records.append((time.time(), kind, response.status_code, (time.perf_counter() - t0) * 1000))
        return response

    async def submit(c: httpx.AsyncClient, rnd: random.Random, n: int) -> None:
        challenge = await timed("challenge", c.get("/api/v1/challenge"))
        if challenge is None or challenge.status_code != 200:
            return
        body = {
            "organization": rnd.choice(ORGS),
            "applicant": {
                "type": "natural_person",
                "name": rnd.choice(["张明", "李华", "王秀英", "刘建国"]),
                "phone": f"139{rnd.randrange(10**8):08d}",
                "email": f"load-{seed}-{n}@example.cn",
                "address": "辽宁省大连市中山区人民路10号",
            },
            "title": "2025年度城市道路维修养护资金使用情况",
            "description": "请提供2025年度本市城市道路维修养护资金的预算和支出。",
            "delivery": "email",
        }
        headers = {"X-Altcha": solve(challenge.json())}
        response = await timed("submit", c.post("/api/v1/applications", json=body, headers=headers))
        if response is not None and response.status_code == 201:
            codes.append(response.json()["tracking_code"])

    async def client(i: int) -> None:
        rnd = random.Random(seed * 1000 + i)
        kinds, weights = list(MIX), list(MIX.values())
        n = 0
        async with httpx.AsyncClient(base_url=urls[i % len(urls)], trust_env=False, timeout=30) as c:
            while time.monotonic() < deadline:
                n += 1
                kind = only_kind or rnd.choices(kinds, weights)[0]
                if kind == "hello":
                    await timed(kind, c.get("/bench/hello/"))
                elif kind == "agency":
                    await timed(kind, c.get(f"/org/{rnd.choice(ORGS)}/"))
                elif kind == "search" and only_kind:
                    q = rnd.choices(queries, query_weights)[0]
                    asked.add(q)
                    response = await timed(kind, c.get("/search/", params={"q": q}))
                    if response is not None and response.status_code == 200:
                        page = response.headers.get("X-Page-Cache")
                        found = response.headers.get("X-Search-Cache", "none")
                        cache_outcomes["page_hit" if page == "hit" else f"result_{found}"] += 1
                elif kind == "submit":
                    await submit(c, rnd, i * 100000 + n)
                elif kind == "home":
                    await timed(kind, c.get("/"))
                elif kind == "document":
                    await timed(kind, c.get(f"/documents/{rnd.choice(doc_ids)}/"))
                elif kind == "search":
                    await timed(kind, c.get("/search/", params={"q": rnd.choice(SEARCH_TERMS)}))
                else:
                    params = {"q": rnd.choice(SEARCH_TERMS), "page_size": 20}
                    await timed(kind, c.get("/api/v1/documents", params=params))

    await asyncio.gather(*(client(i) for i in range(clients)))
    return {
        "started": started,
        "seconds": seconds,
        "clients": clients,
        "urls": urls,
        "records": records,
        "codes": codes,
        "transport_errors": dict(transport_errors),
        "cache_outcomes": dict(cache_outcomes),
        "distinct_queries_asked": len(asked),
    }


def run_generator(
    urls: list[str],
    clients: int,
    seconds: float,
    log_dir: Path,
    seed: int,
    kind: str = "",
    queries_file: str = "",
) -> dict[str, Any]:
    """Start the generator process and wait for it; it touches load-SEED.started when the load begins."""
    out = log_dir / f"load-{seed}.json"
    started = log_dir / f"load-{seed}.started"
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env["ZWGK_DATA_DIR"] = str(log_dir / "generator")
    env["ZWGK_LOG_LEVEL"] = "WARNING"  # not a line per request
    args = ["generate", "--urls", ",".join(urls), "--clients", str(clients), "--seconds", str(seconds)]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load",
            *args,
            "--seed",
            str(seed),
            "--out",
            str(out),
            "--started",
            str(started),
            *(["--kind", kind] if kind else []),
            *(["--queries", queries_file] if queries_file else []),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=seconds + 300,
    )
    return dict(json.loads(out.read_text()))


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)


def summarize(load: dict[str, Any]) -> dict[str, Any]:
    by_kind: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for _, kind, status, ms in load["records"]:
        by_kind[kind].append((status, ms))
    seconds = load["seconds"]
    kinds = {}
    for kind, rows in sorted(by_kind.items()):
        expected = EXPECTED.get(kind, 200)
        ok = [ms for status, ms in rows if status == expected]
        kinds[kind] = {
            "requests": len(rows),
            "ok": len(ok),
            "per_second": round(len(ok) / seconds, 1),
            "statuses": dict(Counter(str(status) for status, _ in rows)),
            "p50_ms": pct(ok, 50),
            "p95_ms": pct(ok, 95),
            "p99_ms": pct(ok, 99),
            "mean_ms": round(statistics.fmean(ok), 1) if ok else None,
        }
    total = len(load["records"])
    failed = [(kind, status) for _, kind, status, _ in load["records"] if status != EXPECTED.get(kind, 200)]
    return {
        "clients": load["clients"],
        "seconds": seconds,
        "web_processes": len(load["urls"]),
        "requests": total,
        "requests_per_second": round(total / seconds, 1),
        "errors": len(failed),
        "error_statuses": dict(Counter(str(status) for _, status in failed)),
        "transport_errors": load["transport_errors"],
        "by_kind": kinds,
        "accepted_submissions": len(load["codes"]),
    }


def timeline(load: dict[str, Any], t0: float) -> list[dict[str, Any]]:
    bins: dict[int, Counter[str]] = defaultdict(Counter)
    for at, kind, status, _ in load["records"]:
        label = "ok" if status == EXPECTED.get(kind, 200) else ("503" if status == 503 else "other")
        bins[int(at - t0)][label] += 1
    return [{"second": s, **{k: bins[s][k] for k in ("ok", "503", "other")}} for s in sorted(bins)]


# --- part 1: throughput ----------------------------------------------------------------------

PUBLISHER = """
import json, os, time
from datetime import date
from django.utils import timezone
from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import Genre
from zwgk.catalog.services import document_import
from zwgk.organizations.models import Organization
orgs = list(Organization.objects.filter(code__in=json.loads(os.environ["BENCH_ORGS"])))
genre = Genre.objects.order_by("pk").first()
stop = time.monotonic() + float(os.environ["BENCH_SECONDS"])
n = 0
while time.monotonic() < stop:
    n += 1
    data = DocumentInput(organization=orgs[n % len(orgs)], genre=genre,
        title=f"关于公布第{n}批政务服务事项调整情况的通知",
        body="<p>现将本批政务服务事项的调整情况予以公布。</p>")
    document_import(actor=None, data=data, published_on=timezone.localdate(), publish=True)
    time.sleep(float(os.environ["BENCH_EVERY"]))
print("BENCH " + json.dumps({"published": n}))
"""


# Servers compared by the `servers` phase (issue 25.3, decision 0040): name -> command line,
# given the port and the number of worker processes. Every server writes its access log (as a
# deployment does; scrubbed, decision 0019), so the figures compare servers, not settings.
# gunicorn and granian are `zwgk serve --server ...`; uvicorn (ASGI) runs only where installed.
SERVER_THREADS = 4
SERVERS: dict[str, tuple[str | None, Any]] = {
    "gunicorn_sync": (None, lambda port, n: serve_with("gunicorn", 1, port, n)),
    "gunicorn_gthread": (None, lambda port, n: serve_with("gunicorn", SERVER_THREADS, port, n)),
    "granian_wsgi_1": (None, lambda port, n: serve_with("granian", 1, port, n)),
    "granian_wsgi": (None, lambda port, n: serve_with("granian", SERVER_THREADS, port, n)),
    "uvicorn_asgi": (
        "uvicorn",
        lambda port, n: [
            sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(n), "--log-config", str(uvicorn_logging()),
        ],
    ),
}  # fmt: skip


def serve_with(server: str, threads: int, port: int, workers: int) -> list[str]:
    return [
        *SERVE,
        "--server",
        server,
        "--threads",
        str(threads),
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]


def uvicorn_logging() -> Path:
    """uvicorn's access lines, scrubbed like the others' (its default config, plus the filter)."""
    path = Path(tempfile.gettempdir()) / "zwgk-bench-uvicorn-logging.json"
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"scrub": {"()": "zwgk.core.logging.PersonalDataFilter"}},
        "formatters": {"plain": {"format": "%(message)s"}},
        "handlers": {
            "out": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub"]},
        },
        "loggers": {
            "uvicorn": {"handlers": ["out"], "level": "WARNING", "propagate": False},
            "uvicorn.access": {"handlers": ["out"], "level": "INFO", "propagate": False},
        },
    }
    path.write_text(json.dumps(config))
    return path


SERVER_KINDS = ["hello", "home", "search"]


def pages(
    env: dict[str, str],
    args: argparse.Namespace,
    log_dir: Path,
    command: list[str] | None = None,
    port: int | None = None,
    kinds: list[str] = PAGE_KINDS,
    name: str = "pages-web",
) -> dict[str, Any]:
    """Each page kind alone, `--page-seconds` each, `serve --workers N --no-worker` (or `command`,
    listening on `port`) with the hello view; a document is published every PUBLISH_EVERY seconds
    during every page kind but hello (the page cache renders each page once per change, and
    changes keep coming)."""
    hello_env = {**env, "ZWGK_BENCH_HELLO": "1"}
    if command is None:
        port = free_port()
        server = web(hello_env, port, args.web_workers, log_dir, name=name)
    else:
        server = Proc(name, command, hello_env, log_dir)
    out: dict[str, Any] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base)
        for seed, kind in enumerate(kinds, start=100):
            publisher = None
            if kind != "hello":
                publisher = subprocess.Popen(
                    [*MANAGE, "shell", "-c", PUBLISHER],
                    env={
                        **env,
                        "BENCH_ORGS": json.dumps(ORGS),
                        "BENCH_SECONDS": str(args.page_seconds + 5),
                        "BENCH_EVERY": str(PUBLISH_EVERY),
                    },
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                time.sleep(3)  # the publisher's Django start-up, before the load
            if args.client == "wrk":
                paths = page_paths(base, kind, seed)
                row = wrk.run(base, paths, args.clients, args.page_seconds, log_dir, seed=seed)
            else:
                load = run_generator([base], args.clients, args.page_seconds, log_dir, seed=seed, kind=kind)
                summary = summarize(load)
                row = dict(summary["by_kind"].get(kind, {}))
                row.update(errors=summary["errors"], transport_errors=summary["transport_errors"])
            if publisher is not None:
                text, _ = publisher.communicate(timeout=120)
                line = next((x for x in text.splitlines() if x.startswith("BENCH ")), "BENCH {}")
                row["published_during"] = json.loads(line[6:]).get("published")
            out[kind] = row
    finally:
        server.stop()
    hello = out.get("hello", {}).get("per_second") or 0
    for row in out.values():
        row["share_of_hello"] = (
            round(row["per_second"] / hello, 3) if hello and row.get("per_second") else None
        )
    return out


SHARED_NOTE = (
    ": other jobs were running on the machine's 2 cores, so these figures are below a quiet machine's"
)


def busy(load_average: list[float] | None) -> bool:
    """A load average above one per core before a run: something else was using the machine."""
    return bool(load_average) and load_average[0] > (os.cpu_count() or 1)


def page_paths(base: str, kind: str, seed: int) -> list[str]:
    """What wrk requests for one page kind: the same pages the Python generator draws from."""
    import httpx

    if kind == "hello":
        return ["/bench/hello/"]
    if kind == "home":
        return ["/"]
    if kind == "agency":
        return [f"/org/{org}/" for org in ORGS]
    if kind == "search":
        return wrk.search_paths(SEARCH_QUERIES, SEARCH_WEIGHTS, seed)
    listing = httpx.get(f"{base}/api/v1/documents?page_size=100", trust_env=False, timeout=30).json()
    return [f"/documents/{row['id']}/" for row in listing["results"]] or ["/documents/1/"]


def servers(env: dict[str, str], args: argparse.Namespace, log_dir: Path) -> dict[str, Any]:
    """The same pages (hello, home, search) on each server of `--servers` in one run, the same
    number of worker processes each (issue 25.3)."""
    manage(env, "collectstatic", "--noinput", "-v0", log_dir=log_dir)  # serve does it; uvicorn does not
    env = {**env, "ZWGK_ACCESS_LOG": "1"}
    out: dict[str, Any] = {}
    for name in args.servers.split(","):
        module, build = SERVERS[name]
        if module is not None and importlib.util.find_spec(module) is None:
            out[name] = {"skipped": f"{module} is not installed (pip install {module})"}
            continue
        port = free_port()
        out[name] = pages(
            env,
            args,
            log_dir,
            command=build(port, args.web_workers),
            port=port,
            kinds=SERVER_KINDS,
            name=name,
        )
    return out


def throughput(name: str, env: dict[str, str], args: argparse.Namespace, log_dir: Path) -> dict[str, Any]:
    port = free_port()
    procs = [web(env, port, args.web_workers, log_dir), worker(env, log_dir, f"{name}-w1")]
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base)
        load = run_generator([base], args.clients, args.seconds, log_dir, seed=1)
    finally:
        for p in procs:
            p.stop()
    result = summarize(load)
    result["loss"] = verify(env, load["codes"], log_dir)
    return result


def pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    base = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
    subprocess.run(["dropdb", *base, "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", *base, name], check=True)


def redis_flush() -> None:
    import redis

    redis.Redis.from_url(REDIS).flushdb()  # our own database number (3), not the server


# --- search at 100k items (issue 25 item 2) ---------------------------------------------------

SEARCH_PG = "postgres://postgres@127.0.0.1:5432/zwgk_bench_search100k"
SEARCH_SEED = 20260501  # bench/search.py's corpus
# Corpus items are indexed under ids above the catalogue's (the demo's documents and the ones
# published during the run keep theirs), so a publication never replaces a corpus item.
CORPUS_ID_OFFSET = 10_000_000
SEARCH_PUBLISH_EVERY = 3.0
HIT_OUTCOMES = ("page_hit", "result_hit", "result_revalidated")
SEARCH_PUBLISHER = """
import json, os, random, time
from django.utils import timezone
from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import Genre
from zwgk.catalog.services import document_import
from zwgk.organizations.models import Organization
orgs = list(Organization.objects.filter(code__in=json.loads(os.environ["BENCH_ORGS"])))
genre = Genre.objects.order_by("pk").first()
words = json.loads(os.environ["BENCH_WORDS"])
rnd = random.Random(25)
stop = time.monotonic() + float(os.environ["BENCH_SECONDS"])
n = 0
while time.monotonic() < stop:
    n += 1
    # Words the benchmark's queries use: each publication retires the cached results it matches.
    a, b = rnd.sample(words, 2)
    data = DocumentInput(organization=orgs[n % len(orgs)], genre=genre,
        title=f"关于做好{a}工作的通知（第{n}号）",
        body=f"<p>现就进一步做好{a}和{b}有关工作通知如下。</p>")
    document_import(actor=None, data=data, published_on=timezone.localdate(), publish=True)
    time.sleep(float(os.environ["BENCH_EVERY"]))
print("BENCH " + json.dumps({"published": n}))
"""


def load_corpus_batch(at: tuple[str, int]) -> list[Any]:
    """bench.corpus.load_batch with the ids moved above the catalogue's (a bulk worker calls it)."""
    import dataclasses

    from bench.corpus import load_batch

    return [dataclasses.replace(e, document_id=e.document_id + CORPUS_ID_OFFSET) for e in load_batch(at)]


def index_corpus(items: int, directory: Path) -> int:
    """The `index-corpus` subcommand: index Corpus(items) into the database of DATABASE_URL."""
    import django

    django.setup()
    from django.db import connection

    from bench.corpus import Corpus, write_corpus
    from zwgk.search import bulk
    from zwgk.search.rebuild import optimise, tune_for_bulk

    corpus = Corpus(items, seed=SEARCH_SEED)
    path = directory / f"corpus-{items}-{SEARCH_SEED}-publication.pickles"
    offsets = write_corpus(corpus, path, order="publication")
    if connection.vendor == "sqlite":
        tune_for_bulk()
    started = time.monotonic()
    with bulk.deferred_indexes():
        bulk.index_batches(((str(path), o) for o in offsets), load=load_corpus_batch)
    optimise()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE search_entry")
            cursor.execute("VACUUM ANALYZE search_overflow")
    print(f"indexed {items} items in {time.monotonic() - started:.0f} s", flush=True)
    return 0


def search_queries(items: int) -> list[str]:
    """The benchmark's queries (bench.corpus) and the pages phase's, hottest first: ranks are
    drawn at random, so hot queries are cheap and dear ones alike."""
    from bench.corpus import Corpus, queries

    mixed = list(dict.fromkeys([*queries(Corpus(items, seed=SEARCH_SEED)), *SEARCH_QUERIES]))
    random.Random(252).shuffle(mixed)
    return mixed


def _search_env(db: str, directory: Path) -> dict[str, str]:
    data = directory / f"{db}-data"
    if db == "sqlite":
        return child_env(data)
    return child_env(data, DATABASE_URL=SEARCH_PG, ZWGK_CACHE_URL=REDIS)


def _build_search(db: str, args: argparse.Namespace, directory: Path, step: Any) -> dict[str, Any]:
    marker = directory / f"{db}.built.json"
    want = {"items": args.search_items, "seed": SEARCH_SEED}
    if args.search_reuse and marker.exists():
        built = json.loads(marker.read_text())
        if {k: built.get(k) for k in want} == want:
            # The code may have gained migrations since the corpus was built.
            manage(_search_env(db, directory), "migrate", "--noinput", "-v0", log_dir=directory)
            return {**built, "reused": True}
        raise SystemExit(f"{marker} holds another corpus ({built}); run without --search-reuse")
    marker.unlink(missing_ok=True)
    shutil.rmtree(directory / f"{db}-data", ignore_errors=True)
    env = _search_env(db, directory)
    if db == "postgres":
        pg_database(SEARCH_PG)
    started = time.monotonic()
    step(f"  {db}: migrate + demo data")
    prepare(env, directory)
    step(f"  {db}: index {args.search_items:,} corpus items")
    command = [sys.executable, "-m", "bench.load", "index-corpus"]
    subprocess.run(
        [*command, "--items", str(args.search_items), "--dir", str(directory)],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=4 * 3600,
    )
    built = {**want, "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    built["build_seconds"] = round(time.monotonic() - started)
    marker.write_text(json.dumps(built))
    return {**built, "reused": False}


def search_100k(db: str, args: argparse.Namespace, step: Any) -> dict[str, Any]:
    """Search alone at 100k items on one database: `serve --workers N --no-worker`, 16 clients,
    Zipf-skewed queries, a publication every SEARCH_PUBLISH_EVERY seconds through the catalogue's
    service; the corpus is kept in --search-dir (and PostgreSQL's database) for the next run."""
    directory = Path(args.search_dir)
    directory.mkdir(parents=True, exist_ok=True)
    built = _build_search(db, args, directory, step)
    env = _search_env(db, directory)
    log_dir = directory / f"{db}-logs"
    log_dir.mkdir(exist_ok=True)
    if db == "postgres":
        redis_flush()
    queries = search_queries(args.search_items)
    queries_file = directory / "queries.json"
    queries_file.write_text(json.dumps(queries, ensure_ascii=False))
    port = free_port()
    server = web(env, port, args.web_workers, log_dir, name="search-web")
    load_before = [round(x, 1) for x in os.getloadavg()]
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base)
        publisher = subprocess.Popen(
            [*MANAGE, "shell", "-c", SEARCH_PUBLISHER],
            env={
                **env,
                "BENCH_ORGS": json.dumps(ORGS),
                "BENCH_WORDS": json.dumps(SEARCH_WORDS, ensure_ascii=False),
                "BENCH_SECONDS": str(args.search_seconds + 5),
                "BENCH_EVERY": str(SEARCH_PUBLISH_EVERY),
            },
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        time.sleep(3)  # the publisher's Django start-up, before the load
        step(f"  {db}: {args.clients} clients × {args.search_seconds:.0f} s")
        load = run_generator(
            [base],
            args.clients,
            args.search_seconds,
            log_dir,
            seed=250,
            kind="search",
            queries_file=str(queries_file),
        )
        text, _ = publisher.communicate(timeout=120)
    finally:
        server.stop()
    summary = summarize(load)
    row = dict(summary["by_kind"].get("search", {}))
    outcomes = load.get("cache_outcomes", {})
    answered = sum(outcomes.values()) or 1
    line = next((x for x in text.splitlines() if x.startswith("BENCH ")), "BENCH {}")
    row.update(
        seconds=args.search_seconds,
        errors=summary["errors"],
        transport_errors=summary["transport_errors"],
        published_during=json.loads(line[6:]).get("published"),
        distinct_queries=len(queries),
        distinct_queries_asked=load.get("distinct_queries_asked"),
        cache_outcomes=outcomes,
        cache_hit_rate=round(sum(outcomes.get(k, 0) for k in HIT_OUTCOMES) / answered, 3),
        load_average_before=load_before,
        load_average_after=[round(x, 1) for x in os.getloadavg()],
        taken=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        corpus={**built, "directory": str(directory), "database": SEARCH_PG if db == "postgres" else None},
    )
    return row


# --- part 1b: scale-out ----------------------------------------------------------------------


def scale_out(env: dict[str, str], args: argparse.Namespace, log_dir: Path) -> dict[str, Any]:
    import httpx

    from zwgk.core.proof_of_work import solve

    env = {**env, "ZWGK_RATE_TRACKING": "40"}  # small, to see the per-IP count shared by both
    ports = [free_port(), free_port()]
    procs = [web(env, port, args.web_workers, log_dir, name=f"web-{i + 1}") for i, port in enumerate(ports)]
    procs += [worker(env, log_dir, "scale-w1"), worker(env, log_dir, "scale-w2")]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    checks: dict[str, Any] = {}
    try:
        for base in bases:
            wait_ready(base)
        load = run_generator(bases, args.clients, args.seconds, log_dir, seed=2)
        a, b = bases
        with httpx.Client(trust_env=False, timeout=30) as c:
            # A session made on one web process is honoured by the other (sessions in the database).
            page = c.get(f"{a}/staff/login/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            login = c.post(
                f"{a}/staff/login/",
                data={
                    "username": "admin",
                    "password": DEMO_PASSWORD,
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                },
            )
            session = {"sessionid": login.cookies.get("sessionid") or c.cookies.get("sessionid") or ""}
            other = httpx.get(f"{b}/staff/", cookies=session, trust_env=False, follow_redirects=False)
            anonymous = httpx.get(f"{b}/staff/", trust_env=False, follow_redirects=False)
            checks["session_shared"] = {
                "login_on_1": login.status_code,
                "staff_page_on_2_with_that_session": other.status_code,
                "staff_page_on_2_anonymous": anonymous.status_code,
                "ok": login.status_code == 302 and other.status_code == 200 and anonymous.status_code == 302,
            }
            # The per-IP limit (tracking lookups, 40 per window here) counts requests to both.
            statuses = [
                c.get(f"{bases[i % 2]}/api/v1/applications/track/AAAA-BBBB-CCCC").status_code
                for i in range(50)
            ]
            limited = [i for i, s in enumerate(statuses) if s == 429]
            checks["rate_limit_shared"] = {
                "limit": 40,
                "requests_alternating": 50,
                "answered_before_limit": len(statuses) - len(limited),
                "limited": len(limited),
                "limited_on_both": {i % 2 for i in limited} == {0, 1},
                "ok": len(limited) == 10 and {i % 2 for i in limited} == {0, 1},
            }
            # A solved proof of work is accepted once, whichever process sees it again.
            payload = solve(c.get(f"{a}/api/v1/challenge").json())
            body = {
                "organization": ORGS[0],
                "applicant": {"type": "natural_person", "name": "赵磊", "email": "replay@example.cn"},
                "description": "请提供2025年度公交线路调整的听证材料。",
            }
            first = c.post(f"{a}/api/v1/applications", json=body, headers={"X-Altcha": payload})
            again = c.post(f"{b}/api/v1/applications", json=body, headers={"X-Altcha": payload})
            checks["proof_of_work_replay_shared"] = {
                "first_on_1": first.status_code,
                "replay_on_2": again.status_code,
                "replay_code": again.json().get("error", {}).get("code"),
                "ok": first.status_code == 201 and again.status_code == 400,
            }
            if first.status_code == 201:
                load["codes"].append(first.json()["tracking_code"])
        checks["tasks_after_drain"] = wait_tasks_drained(env, log_dir)
    finally:
        for p in procs:
            p.stop()
    result = summarize(load)
    result["loss"] = verify(env, load["codes"], log_dir)
    result["checks"] = checks
    return result


# --- part 2: faults --------------------------------------------------------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    """A local SMTP server that answers after `delay` seconds and remembers each message's recipients."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.delivered: list[list[str]] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), SmtpHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class SmtpHandler(socketserver.StreamRequestHandler):
    server: SmtpSink

    def handle(self) -> None:
        time.sleep(self.server.delay)  # a slow mail server: the task is RUNNING meanwhile
        with contextlib.suppress(OSError):  # a worker killed mid-conversation: nothing delivered
            self._session()

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def _session(self) -> None:
        self._reply("220 bench-sink ESMTP")
        rcpts: list[str] = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self._reply("250 bench-sink")
            elif verb == b"MAIL":
                rcpts = []
                self._reply("250 ok")
            elif verb == b"RCPT":
                rcpts.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self._reply("250 ok")
            elif verb == b"DATA":
                self._reply("354 end with .")
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    pass
                if data == b"":
                    return
                with self.server.lock:
                    self.server.delivered.append(rcpts)
                self._reply("250 queued")
            elif verb == b"QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("250 ok")


def fault_worker_kill(env: dict[str, str], log_dir: Path, submissions: int = 12) -> dict[str, Any]:
    """Two workers send notices through a slow SMTP sink; one is SIGKILLed while sending one."""
    import httpx
    import psycopg

    from zwgk.core.proof_of_work import solve

    sink = SmtpSink(delay=1.0)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    env = {**env, "ZWGK_SMTP_HOST": "127.0.0.1", "ZWGK_SMTP_PORT": str(sink.port)}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    procs = {"web": web(env, port, 1, log_dir, name="kill-web")}
    result: dict[str, Any] = {}
    try:
        wait_ready(base)
        workers = {wid: worker(env, log_dir, wid) for wid in ("kill-w1", "kill-w2")}
        procs.update(workers)
        time.sleep(3)  # both beating
        emails = {}
        with httpx.Client(base_url=base, trust_env=False, timeout=30) as c:
            for n in range(submissions):
                email = f"kill-{n}@example.cn"
                body = {
                    "organization": ORGS[n % len(ORGS)],
                    "applicant": {"type": "natural_person", "name": "孙悦", "email": email},
                    "description": "请提供本单位2025年度政府采购合同清单。",
                }
                payload = solve(c.get("/api/v1/challenge").json())
                r = c.post("/api/v1/applications", json=body, headers={"X-Altcha": payload})
                r.raise_for_status()
                emails[email] = r.json()["tracking_code"]
        with psycopg.connect(SHARED_PG.replace("postgres://", "postgresql://"), autocommit=True) as db:
            killed_task = None
            deadline = time.monotonic() + 60
            while killed_task is None and time.monotonic() < deadline:
                row = db.execute(
                    "SELECT id::text FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
                    "AND task_path = 'zwgk.foi.tasks.notify_applicant' AND worker_ids->>-1 = 'kill-w1'"
                ).fetchone()
                if row:
                    killed_task = row[0]
                    workers["kill-w1"].kill9()
                    killed_at = time.monotonic()
                else:
                    time.sleep(0.05)
            if killed_task is None:
                raise RuntimeError("kill-w1 never ran a notice")
            # The survivor re-queues the stale claim (5 s without a heartbeat) and sends it.
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                pending = db.execute(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                    "WHERE status IN ('READY', 'RUNNING') AND task_path = 'zwgk.foi.tasks.notify_applicant'"
                ).fetchone()
                if pending and pending[0] == 0:
                    break
                time.sleep(0.5)
            recovered_after = round(time.monotonic() - killed_at, 1)
            status, worker_ids = db.execute(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id::text = %s",
                (killed_task,),
            ).fetchone() or ("?", [])
            requeued = db.execute(
                "SELECT count(*) FROM core_auditentry "
                "WHERE verb = 'task.requeued_worker_lost' AND target_id = %s",
                (killed_task,),
            ).fetchone()
        per_address = Counter(addr for rcpts in sink.delivered for addr in rcpts)
        counts = {email: per_address.get(email, 0) for email in emails}
        result = {
            "submissions": submissions,
            "killed_worker": "kill-w1",
            "killed_task": killed_task,
            "killed_task_status": status,
            "killed_task_workers": worker_ids,
            "requeue_audited": bool(requeued and requeued[0] == 1),
            "all_notices_done_seconds_after_kill": recovered_after,
            "notices_per_applicant": dict(Counter(counts.values())),
            "ok": status == "SUCCESSFUL"
            and worker_ids == ["kill-w1", "kill-w2"]
            and set(counts.values()) == {1}
            and bool(requeued and requeued[0] == 1),
        }
    finally:
        for p in procs.values():
            p.stop()
        sink.shutdown()
    return result


class PrivateCluster:
    """A PostgreSQL cluster of the benchmark's own (never the shared server on 5432)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="zwgk-bench-load-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/zwgk_fault"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, capture_output=True, cwd=self.dir)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        log = str(self.dir / "postgres.log")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", log, "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def copy_from(self, url: str) -> None:
        dump = self.dir / "dump"
        subprocess.run(
            ["pg_dump", "-Fc", "-f", str(dump), url.replace("postgres://", "postgresql://")], check=True
        )
        target = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run(["createdb", *target, "zwgk_fault"], check=True)
        subprocess.run(["pg_restore", *target, "-d", "zwgk_fault", "--no-owner", str(dump)], check=True)

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def fault_postgres_restart(
    env: dict[str, str], args: argparse.Namespace, log_dir: Path, outage: float = 3.0
) -> dict[str, Any]:
    cluster = PrivateCluster()
    procs: list[Proc] = []
    try:
        cluster.start()
        cluster.copy_from(SHARED_PG)
        env = {**env, "DATABASE_URL": cluster.url}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        procs = [
            web(env, port, args.web_workers, log_dir, name="restart-web"),
            worker(env, log_dir, "restart-w1"),
        ]
        wait_ready(base)
        seconds = max(args.seconds - 5, 15)
        events: dict[str, float] = {}

        def restart() -> None:
            started = log_dir / "load-3.started"
            give_up = time.monotonic() + 300
            while not started.exists() and time.monotonic() < give_up:
                time.sleep(0.1)
            time.sleep(seconds / 3)
            events["stop_begins"] = time.time()
            cluster.stop("fast")
            events["down"] = time.time()
            time.sleep(outage)
            cluster.start()
            events["up"] = time.time()

        thread = threading.Thread(target=restart)
        thread.start()
        load = run_generator([base], args.clients, seconds, log_dir, seed=3)
        thread.join()
        tasks = wait_tasks_drained(env, log_dir)
        result = summarize(load)
        t0 = load["started"]
        line = timeline(load, t0)
        after_up = [(kind, status) for at, kind, status, _ in load["records"] if at > events["up"] + 2]
        first_ok_after = min(
            (
                at
                for at, kind, status, _ in load["records"]
                if at > events["up"] and status == EXPECTED.get(kind, 200)
            ),
            default=None,
        )
        unclean = {s: n for s, n in result["error_statuses"].items() if s != "503"}
        result.update(
            {
                "outage": {k: round(v - t0, 2) for k, v in events.items()},
                "clean_503": result["error_statuses"].get("503", 0),
                "unclean_failures": unclean,
                "failures_from_2s_after_restart": sum(
                    1 for kind, status in after_up if status != EXPECTED.get(kind, 200)
                ),
                "first_success_after_restart_s": round(first_ok_after - events["up"], 2)
                if first_ok_after
                else None,
                "timeline": line,
                "loss": verify(env, load["codes"], log_dir),
                "tasks_after_drain": tasks,
            }
        )
        result["ok"] = (
            not unclean
            and not result["transport_errors"]
            and result["clean_503"] > 0
            and result["failures_from_2s_after_restart"] == 0
            and not result["loss"]["missing"]
            and tasks["FAILED"] == 0
        )
        return result
    finally:
        for p in procs:
            p.stop()
        cluster.remove()


DISK_VERIFY = """
import hashlib, json, os
from zwgk.foi.models import Application, ApplicationAttachment
title = os.environ["BENCH_TITLE"]
rows = []
for a in ApplicationAttachment.objects.filter(application__title=title):
    data = open(a.file.path, "rb").read() if os.path.exists(a.file.path) else b""
    sha_ok = hashlib.sha256(data).hexdigest() == a.sha256
    rows.append({"size": a.size, "on_disk": len(data), "sha256_ok": sha_ok})
count = Application.objects.filter(title=title).count()
print("BENCH " + json.dumps({"applications": count, "attachments": rows}))
"""


def fault_disk_full(env: dict[str, str], log_dir: Path) -> dict[str, Any]:
    import httpx

    from zwgk.core.proof_of_work import solve

    media = log_dir / "media-tmpfs"
    media.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(media)], capture_output=True
    )
    if mounted.returncode != 0:
        return {
            "ok": None,
            "skipped": "cannot mount a tmpfs here (needs root); tests/core/test_unavailable.py "
            "injects ENOSPC instead: " + mounted.stderr.decode().strip(),
        }
    env = {**env, "ZWGK_MEDIA_DIR": str(media)}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = web(env, port, 1, log_dir, name="disk-web")
    title = f"磁盘写满测试 {time.time_ns()}"
    try:
        wait_ready(base)
        free = os.statvfs(media).f_bavail * os.statvfs(media).f_frsize
        (media / "filler").write_bytes(b"\0" * (free - 100 * 1024))  # leave 100 KB: the upload is 400 KB

        def apply(c: httpx.Client) -> httpx.Response:
            page = c.get("/apply/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            form = {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "organization": ORGS[0],
                "applicant_type": "natural_person",
                "applicant_name": "周敏",
                "id_type": "resident_id",
                "phone": "13800001111",
                "email": "disk@example.cn",
                "title": title,
                "description": "请提供2025年度校舍维修项目的招标文件。",
                "info_form": "electronic",
                "delivery": "email",
                "altcha": solve(c.get("/api/v1/challenge").json()),
            }
            return c.post("/apply/", data=form, files={"identity_proof": ("身份证.png", PNG, "image/png")})

        with httpx.Client(base_url=base, trust_env=False, timeout=60) as c:
            full = apply(c)
            leftovers = sorted(
                str(p.relative_to(media)) for p in media.rglob("*") if p.is_file() and p.name != "filler"
            )
            db_full = shell(env, DISK_VERIFY, log_dir, BENCH_TITLE=title)
            (media / "filler").unlink()
            room = apply(c)
        db_room = shell(env, DISK_VERIFY, log_dir, BENCH_TITLE=title)
        message = "服务器存储空间不足，文件未能保存，请稍后再试。"
        result = {
            "tmpfs_bytes": 2 * 1024 * 1024,
            "upload_bytes": len(PNG),
            "when_full": {
                "status": full.status_code,
                "message_shown": message in full.text,
                "files_left_in_media": leftovers,
                "database": db_full,
            },
            "with_room": {"status": room.status_code, "database": db_room},
        }
        attachments = db_room["attachments"]
        result["ok"] = (
            full.status_code == 503
            and message in full.text
            and not leftovers
            and db_full == {"applications": 0, "attachments": []}
            and room.status_code == 302
            and db_room["applications"] == 1
            and len(attachments) == 1
            and attachments[0]["on_disk"] == len(PNG)
            and attachments[0]["sha256_ok"]
        )
        return result
    finally:
        proc.stop()
        subprocess.run(["umount", str(media)], check=False)


# --- report ----------------------------------------------------------------------------------


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Load and faults (`make bench-load`)",
        "",
        f"Taken {report['taken']} on {report['machine']} — **a shared machine**: about eight engineers were "
        "running tests and benchmarks on its 2 cores at the same time (load average "
        f"{report['load_average_before']} before the run), so the throughput figures are low and noisy; "
        "the lead may rerun it on a quiet machine. The correctness results (errors, losses, faults) do not "
        "depend on the machine.",
        "",
        f"{report['clients']} clients × {report['seconds']} s per phase, "
        f"`serve --workers {report['web_workers']} --no-worker` (gunicorn) plus `db_worker`, demo data, "
        "proof of work at maxnumber 10,000, "
        "rate limits raised by environment. Mix (weights): "
        + ", ".join(f"{k} {v}" for k, v in MIX.items())
        + "; a submission is `GET /api/v1/challenge` + solve + `POST /api/v1/applications`.",
        "",
    ]
    if report.get("pages"):
        lines += [
            "## Pages, one kind at a time (issue 25)",
            "",
            f"{report['clients']} clients × {report.get('page_seconds')} s per page kind, "
            f"`serve --workers {report['web_workers']} --no-worker`, beside a bare Django view "
            "(`/bench/hello/`, `ZWGK_BENCH_HELLO=1`) on the same server in the same run. Pages come from the "
            "page cache (decision 0029) while a document is published every "
            f"{report.get('publish_every_seconds')} s (every kind but hello), so each publish renders them "
            f"again. Search draws from {report.get('search_queries')} distinct queries, Zipf-skewed "
            "(a few hot, most cold). Demo data (a few hundred items), not 100k. Taken: "
            + ", ".join(f"{db} {at}" for db, at in report.get("pages_taken", {}).items())
            + f" (load average before the run {report.get('pages_load_average')}"
            + (SHARED_NOTE if busy(report.get("pages_load_average")) else "")
            + f"). Load client: {report.get('page_client', 'Python (httpx)')}.",
            "",
            "| page | "
            + " | ".join(f"{db}: req/s · p50/p95/p99 ms · share of hello" for db in report["pages"])
            + " |",
            "|---|" + "---|" * len(report["pages"]),
        ]
        for kind in PAGE_KINDS:
            cells = []
            for rows in report["pages"].values():
                r = rows.get(kind)
                if not r or r.get("per_second") is None:
                    cells.append("—")
                    continue
                share = f"1/{round(1 / r['share_of_hello'])}" if r.get("share_of_hello") else "—"
                errors = f", **{r['errors']} errors**" if r.get("errors") else ""
                cells.append(
                    f"{r['per_second']} · {r['p50_ms']}/{r['p95_ms']}/{r['p99_ms']} · {share}{errors}"
                )
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
        lines.append("")
    if report.get("search_100k"):
        runs = report["search_100k"]
        titles = {
            "sqlite": "SQLite (SQLite cache)",
            "sqlite_filecache": "SQLite (Django file cache)",
            "postgres": "PostgreSQL + Redis",
        }
        first = next(iter(runs.values()))
        lines += [
            "## Search at 100,000 items (issue 25.2, decision 0039)",
            "",
            f"`make bench-load BENCH_LOAD_ARGS=--only=search_100k` (add `--search-reuse` to serve the corpus "
            "the last run built): the search page alone, `serve --workers "
            f"{report['web_workers']} --no-worker`, {first.get('distinct_queries')} distinct queries "
            "(bench.corpus's benchmark queries and the pages phase's, Zipf s = 1.1 over a shuffled order: "
            "a few hot, most cold), a document published through the catalogue's service every "
            f"{SEARCH_PUBLISH_EVERY:g} s (its words are the queries' words, so it retires the results it "
            "matches). Cache: page cache hit, else the result cache's hit / revalidated (kept across "
            "publications that it does not match) / miss.",
            "",
            "| | " + " | ".join(titles.get(db, db) for db in runs) + " |",
            "|---|" + "---|" * len(runs),
        ]

        def cell(r: dict[str, Any], key: str) -> str:
            return str(r.get(key, "—"))

        rows = [
            ("requests/s", lambda r: cell(r, "per_second")),
            ("p50 / p95 / p99 ms", lambda r: f"{r.get('p50_ms')} / {r.get('p95_ms')} / {r.get('p99_ms')}"),
            ("errors", lambda r: cell(r, "errors")),
            ("clients × seconds", lambda r: f"{report['clients']} × {r.get('seconds', '?')}"),
            ("distinct queries asked", lambda r: cell(r, "distinct_queries_asked")),
            ("documents published during the run", lambda r: cell(r, "published_during")),
            ("cache hit rate (page + result hit + revalidated)", lambda r: cell(r, "cache_hit_rate")),
            (
                "answers: page hit / result hit / revalidated / miss",
                lambda r: " / ".join(
                    str(r.get("cache_outcomes", {}).get(k, 0))
                    for k in ("page_hit", "result_hit", "result_revalidated", "result_miss")
                ),
            ),
            (
                "load average before → after",
                lambda r: f"{r.get('load_average_before')} → {r.get('load_average_after')}",
            ),
            ("taken", lambda r: cell(r, "taken")),
            (
                "corpus",
                lambda r: (
                    (
                        f"{r['corpus'].get('items'):,} items, built {r['corpus'].get('built')} in "
                        f"{r['corpus'].get('build_seconds')} s, kept in `{r['corpus'].get('directory')}`"
                        + (f" and `{r['corpus']['database']}`" if r["corpus"].get("database") else "")
                    )
                    if r.get("corpus")
                    else "—"
                ),
            ),
        ]
        for label, get in rows:
            lines.append(f"| {label} | " + " | ".join(get(r) for r in runs.values()) + " |")
        lines.append("")
    if report.get("servers"):
        lines += [
            "## Servers compared (issue 25.3, decision 0034)",
            "",
            f"SQLite, demo data, {report['clients']} clients × {report.get('page_seconds')} s per page, "
            f"{report['web_workers']} worker processes each ({SERVER_THREADS} threads where the server has "
            f"threads), taken {report.get('servers_taken')}, load average after "
            f"{report.get('servers_load_average')}"
            + (SHARED_NOTE if busy(report.get("servers_load_average_before")) else "")
            + f". Load client: {report.get('page_client', 'Python (httpx)')}.",
            "",
            "| server | " + " | ".join(f"{k}: req/s · p50/p95/p99 ms" for k in SERVER_KINDS) + " |",
            "|---|" + "---|" * len(SERVER_KINDS),
        ]
        for name, rows in report["servers"].items():
            if "skipped" in rows:
                lines.append(
                    f"| {name} | " + " | ".join([rows["skipped"]] + ["—"] * (len(SERVER_KINDS) - 1)) + " |"
                )
                continue
            cells = []
            for kind in SERVER_KINDS:
                r = rows.get(kind) or {}
                errors = f", **{r['errors']} errors**" if r.get("errors") else ""
                cells.append(
                    f"{r.get('per_second')} · {r.get('p50_ms')}/{r.get('p95_ms')}/{r.get('p99_ms')}{errors}"
                )
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["## Throughput, side by side", ""]
    phases = report["phases"]
    names = [n for n in ("sqlite", "postgres_redis", "scale_out") if n in phases]
    titles = {
        "sqlite": "SQLite",
        "postgres_redis": "PostgreSQL + Redis",
        "scale_out": "scale-out (2 web + 2 workers)",
    }
    lines.append("| | " + " | ".join(titles[n] for n in names) + " |")
    lines.append("|---|" + "---|" * len(names))

    def row(label: str, get: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(str(get(phases[n])) for n in names) + " |")

    row("requests/s (all)", lambda p: p["requests_per_second"])
    row("errors", lambda p: p["errors"])
    row("accepted submissions (201)", lambda p: p["accepted_submissions"])
    row(
        "lost submissions",
        lambda p: p["accepted_submissions"] - p["loss"]["found_in_database"] if "loss" in p else "?",
    )
    kinds = sorted({k for n in names for k in phases[n]["by_kind"]})
    for kind in kinds:
        row(
            f"{kind}: req/s · p50/p95/p99 ms",
            lambda p, k=kind: (
                f"{p['by_kind'][k]['per_second']} · {p['by_kind'][k]['p50_ms']}/{p['by_kind'][k]['p95_ms']}/"
                f"{p['by_kind'][k]['p99_ms']}"
                if k in p["by_kind"]
                else "–"
            ),
        )
    if "scale_out" in phases:
        lines += ["", "### Scale-out checks", ""]
        for name, check in phases["scale_out"]["checks"].items():
            lines.append(f"- **{name}**: `{json.dumps(check, ensure_ascii=False)}`")
    lines += ["", "## Faults", ""]
    faults = report["faults"]
    descriptions = {
        "worker_kill": "SIGKILL a `db_worker` while it sends an applicant's notice (slow local SMTP sink)",
        "postgres_restart": "stop and start a private PostgreSQL cluster under load (3 s outage)",
        "disk_full": "uploads on a full 2 MB tmpfs, then with room again",
    }
    lines.append("| fault | outcome | details |")
    lines.append("|---|---|---|")
    for name, outcome in faults.items():
        verdict = {True: "**passed**", False: "**FAILED**", None: "skipped"}[outcome.get("ok")]
        detail = {k: v for k, v in outcome.items() if k not in {"ok", "timeline", "by_kind"}}
        text = json.dumps(detail, ensure_ascii=False)
        lines.append(f"| {descriptions.get(name, name)} | {verdict} | `{text[:900]}` |")
    restart = faults.get("postgres_restart", {})
    if restart.get("timeline"):
        lines += ["", "PostgreSQL restart, requests per second of the run (ok / 503 / other):", ""]
        outage = restart.get("outage", {})
        lines.append(
            f"Outage: stop begins {outage.get('stop_begins')} s, up again {outage.get('up')} s "
            "(a fast shutdown first ends the open sessions, hence the seconds between the two). "
            "Every failure was a clean 503 (with `Retry-After`), none a 500 or a dropped connection; "
            "the successes while the database was down are requests answered without it "
            "(such as `GET /api/v1/challenge`)."
        )
        lines.append("")
        lines.append("| s | ok | 503 | other |")
        lines.append("|---|---|---|---|")
        for r in restart["timeline"]:
            lines.append(f"| {r['second']} | {r['ok']} | {r['503']} | {r['other']} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")
    gen = sub.add_parser("generate", help="the load generator process (started by the benchmark)")
    gen.add_argument("--urls", required=True)
    gen.add_argument("--clients", type=int, required=True)
    gen.add_argument("--seconds", type=float, required=True)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--out", required=True)
    gen.add_argument("--started", default="")
    gen.add_argument("--kind", default="", help="one kind of request only (the pages part)")
    gen.add_argument("--queries", default="", help="a JSON list of search queries, hottest first")
    idx = sub.add_parser("index-corpus", help="index the search_100k corpus (started by the benchmark)")
    idx.add_argument("--items", type=int, required=True)
    idx.add_argument("--dir", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--page-seconds", type=float, default=15, help="per page kind, pages part")
    parser.add_argument(
        "--embedded-cache",
        choices=["sqlite", "file"],
        default="sqlite",
        help="the SQLite phases' Django cache: the SQLite cache file (default) or Django's file cache",
    )
    parser.add_argument(
        "--client",
        choices=["wrk", "python"],
        default="wrk" if wrk.available() else "python",
        help="load client of the pages and servers phases (wrk where installed: apt-get install wrk)",
    )
    parser.add_argument(
        "--servers",
        default=",".join(SERVERS),
        help="comma-separated servers for the servers phase (SQLite, demo data): " + ", ".join(SERVERS),
    )
    parser.add_argument("--search-items", type=int, default=100_000, help="search_100k: corpus size")
    parser.add_argument("--search-seconds", type=float, default=60, help="search_100k: seconds per database")
    parser.add_argument(
        "--search-dir",
        default="/tmp/zwgk-bench-search100k",
        help="search_100k: where the corpus and the SQLite database are kept between runs",
    )
    parser.add_argument(
        "--search-reuse",
        action="store_true",
        help="search_100k: serve the corpus a previous run built (SQLite file, PostgreSQL database "
        f"{SEARCH_PG.rsplit('/', 1)[1]}) instead of building it again",
    )
    parser.add_argument(
        "--search-databases", default="sqlite,postgres", help="search_100k: sqlite, postgres or both"
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep zwgk_bench_load as the last run left it (trying out one phase)",
    )
    parser.add_argument(
        "--only",
        default=",".join(parser_defaults()),
        help="comma-separated phases",
    )
    args = parser.parse_args(argv)
    if args.command == "generate":
        for url in args.urls.split(","):
            if not url.startswith(("http://127.0.0.1:", "http://[::1]:")):
                raise SystemExit("the load generator only talks to 127.0.0.1 / ::1")
        import django

        django.setup()  # proof_of_work.solve lives in the product; it needs no database
        load = asyncio.run(
            _generate(
                args.urls.split(","),
                args.clients,
                args.seconds,
                args.seed,
                args.started,
                args.kind,
                args.queries,
            )
        )
        Path(args.out).write_text(json.dumps(load))
        return 0
    if args.command == "index-corpus":
        return index_corpus(args.items, Path(args.dir))
    return bench(args)


def bench(args: argparse.Namespace) -> int:
    global EMBEDDED_CACHE
    EMBEDDED_CACHE = args.embedded_cache
    only = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="zwgk-bench-load-"))
    print(f"working directory: {work}", flush=True)
    report: dict[str, Any] = {
        "taken": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_before": [round(x, 1) for x in os.getloadavg()],
        "clients": args.clients,
        "seconds": args.seconds,
        "web_workers": args.web_workers,
        "mix": MIX,
        "page_seconds": args.page_seconds,
        "page_client": wrk.version() if args.client == "wrk" else "Python (httpx, bench.load generate)",
        "search_queries": len(SEARCH_QUERIES),
        "publish_every_seconds": PUBLISH_EVERY,
        "pages": {},
        "pages_taken": {},
        "search_100k": {},
        "servers": {},
        "pages_load_average": [round(x, 1) for x in os.getloadavg()],
        "phases": {},
        "faults": {},
    }
    previous = RESULTS / "load.json"
    if previous.exists():
        # Not part of the default run (building the corpus takes long): always carried over.
        report["search_100k"] = json.loads(previous.read_text()).get("search_100k", {})
    if previous.exists() and only != set(parser_defaults()):
        old = json.loads(previous.read_text())
        report["phases"].update(old.get("phases", {}))
        report["faults"].update(old.get("faults", {}))
        report["pages"].update(old.get("pages", {}))
        report["pages_taken"].update(old.get("pages_taken", {}))
        report["servers"] = old.get("servers", {})
        report["servers_taken"] = old.get("servers_taken")
        if not only & {"pages_sqlite", "pages_postgres"}:
            report["pages_load_average"] = old.get("pages_load_average", report["load_average_before"])
            report["page_client"] = old.get("page_client", "Python (httpx)")
        if "servers" not in only:
            report["servers_load_average_before"] = old.get("servers_load_average_before")
        if only <= {"pages_sqlite", "pages_postgres", "servers", "search_100k"}:
            # Only pages were run: the other phases' figures keep the time and load they had.
            for key in ("taken", "load_average_before", "clients", "seconds", "page_seconds"):
                report[key] = old.get(key, report[key])

    def step(title: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {title}", flush=True)

    if "search_100k" in only:
        for db in args.search_databases.split(","):
            step(f"search at {args.search_items:,} items: {db}")
            report["search_100k"][sqlite_label() if db == "sqlite" else db] = search_100k(db, args, step)
    if only & {"pages_sqlite", "servers", "sqlite", "disk_full"}:
        sqlite_dir = work / "sqlite"
        env = child_env(sqlite_dir / "data")
        step("SQLite: migrate + demo data")
        prepared = prepare(env, sqlite_dir)
        if "pages_sqlite" in only:
            step("SQLite: pages, one kind at a time")
            report["pages"][sqlite_label()] = pages(env, args, sqlite_dir)
            report["pages_taken"][sqlite_label()] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        if "servers" in only:
            step("SQLite: servers compared (" + args.servers + ")")
            report["servers_load_average_before"] = [round(x, 1) for x in os.getloadavg()]
            report["servers"] = servers(env, args, sqlite_dir)
            report["servers_taken"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            report["servers_load_average"] = [round(x, 1) for x in os.getloadavg()]
        if "sqlite" in only:
            step("SQLite: load")
            report["phases"]["sqlite"] = {
                "prepare_seconds": prepared,
                **throughput("sqlite", env, args, sqlite_dir),
            }
        if "disk_full" in only:
            step("fault: disk full")
            report["faults"]["disk_full"] = fault_disk_full(env, sqlite_dir)
    if only & {"pages_postgres", "postgres_redis", "scale_out", "worker_kill", "postgres_restart"}:
        pg_dir = work / "postgres"
        env = child_env(pg_dir / "data", DATABASE_URL=SHARED_PG, ZWGK_CACHE_URL=REDIS)
        if args.reuse_database:
            prepared = 0.0
        else:
            step("PostgreSQL: fresh database zwgk_bench_load, migrate + demo data")
            pg_database(SHARED_PG)
            prepared = prepare(env, pg_dir)
        redis_flush()
        if "pages_postgres" in only:
            step("PostgreSQL + Redis: pages, one kind at a time")
            report["pages"]["postgres_redis"] = pages(env, args, pg_dir)
            report["pages_taken"]["postgres_redis"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            redis_flush()
        if "postgres_redis" in only:
            step("PostgreSQL + Redis: load")
            report["phases"]["postgres_redis"] = {
                "prepare_seconds": prepared,
                **throughput("postgres", env, args, pg_dir),
            }
        if "scale_out" in only:
            step("scale-out: 2 web processes + 2 workers")
            redis_flush()
            report["phases"]["scale_out"] = scale_out(env, args, pg_dir)
        if "worker_kill" in only:
            step("fault: kill a worker mid-task")
            report["faults"]["worker_kill"] = fault_worker_kill(env, pg_dir)
        if "postgres_restart" in only:
            step("fault: restart a private PostgreSQL cluster under load")
            redis_flush()
            report["faults"]["postgres_restart"] = fault_postgres_restart(env, args, pg_dir)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    (RESULTS / "load.md").write_text(markdown(report))
    print(markdown(report))
    failed = [
        name
        for name, phase in report["phases"].items()
        if phase["errors"]
        or phase["loss"]["missing"]
        or phase["loss"]["found_in_database"] != phase["accepted_submissions"]
    ] + [name for name, fault in report["faults"].items() if fault.get("ok") is False]
    failed += [
        f"pages_{db}" for db, kinds in report["pages"].items() if any(k["errors"] for k in kinds.values())
    ]
    failed += [f"search_100k_{db}" for db, r in report["search_100k"].items() if r.get("errors")]
    failed += [
        f"servers_{name}"
        for name, kinds in report.get("servers", {}).items()
        if "skipped" not in kinds and any(k.get("errors") for k in kinds.values())
    ]
    if "scale_out" in report["phases"]:
        failed += [n for n, c in report["phases"]["scale_out"]["checks"].items() if c.get("ok") is False]
    shutil.rmtree(work, ignore_errors=True)
    if failed:
        print(f"FAILED: {', '.join(failed)}", flush=True)
        return 1
    return 0


def parser_defaults() -> list[str]:
    return [
        "pages_sqlite",
        "servers",
        "sqlite",
        "disk_full",
        "pages_postgres",
        "postgres_redis",
        "scale_out",
        "worker_kill",
        "postgres_restart",
    ]


if __name__ == "__main__":
    raise SystemExit(main())
