"""Search benchmark (`make bench-search`): SQLite and PostgreSQL side by side in one run.

    .venv/bin/python -m bench.search [--items 100000] [--backends sqlite,postgres]

For each database, in a child process of its own (fresh database, only the search tables): index
the generated corpus, measure throughput and index size, run the fixed queries (top-20 ranked with
facets and snippets) for latency, compare every query's full match set with a brute-force substring
scan of the normalised text, and run a sample of the queries as a plain `icontains` scan, the
baseline a typical Django site would use. Writes bench/results/search.json and search.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
PG_URL = os.environ.get("ZWGK_BENCH_PG", "postgres://postgres@127.0.0.1:5432/zwgk_bench_search")
SEED = 20260501


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _ms(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(_percentile(values, 0.50) * 1000, 2),
        "p95_ms": round(_percentile(values, 0.95) * 1000, 2),
        "p99_ms": round(_percentile(values, 0.99) * 1000, 2),
        "mean_ms": round(statistics.fmean(values) * 1000, 2),
        "max_ms": round(max(values) * 1000, 2),
    }


def _progress(label: str, done: int, total: int, started: float) -> None:
    rate = done / max(time.perf_counter() - started, 1e-9)
    sys.stderr.write(f"\r  {label}: {done:,}/{total:,} ({rate:,.0f}/s)   ")
    sys.stderr.flush()


# --- child: one database ------------------------------------------------------------------------
def _fresh_database(backend: str, items: int) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        path = WORK / f"search-{items}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_URL


def _corpus_file(corpus: Any, order: str) -> tuple[Path, list[int]]:
    from bench.corpus import write_corpus

    suffix = "" if order == "generated" else f"-{order}"
    path = WORK / f"corpus-{corpus.n}-{corpus.seed}{suffix}.pickles"
    return path, write_corpus(corpus, path, order=order)


def _truth(corpus: Any, order: str, queries: list[str]) -> dict[str, dict[str, list[int]]]:
    """Brute force: for each query, the ids whose normalised fields contain every term."""
    from zwgk.search.normalise import keywords_text, normalise, parse_query

    cache = WORK / f"truth-{corpus.n}-{corpus.seed}-{len(queries)}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())  # type: ignore[no-any-return]
    meta: list[str] = []
    full: list[str] = []
    ids: list[int] = []
    started = time.perf_counter()
    from bench.corpus import read_corpus

    for batch in read_corpus(*_corpus_file(corpus, order)):
        for e in batch:
            ids.append(e.document_id)
            m = "\0".join(
                [
                    normalise(e.title),
                    normalise(e.doc_no),
                    normalise(e.summary),
                    normalise(keywords_text(e.keywords)),
                ]
            )
            meta.append(m)
            full.append(m + "\0" + normalise(e.body_text))
        _progress("brute-force corpus", len(full), corpus.n, started)
    sys.stderr.write("\n")
    truth: dict[str, dict[str, list[int]]] = {}
    for q in queries:
        terms = parse_query(q).terms
        truth[q] = {
            "meta": [ids[i] for i, f in enumerate(meta) if terms and all(t in f for t in terms)],
            "full": [ids[i] for i, f in enumerate(full) if terms and all(t in f for t in terms)],
        }
    cache.write_bytes(pickle.dumps(truth))
    return truth


def _icontains(q: str) -> Any:
    from django.db.models import Q

    from zwgk.search.models import SearchEntry

    qs = SearchEntry.objects.all()
    for term in q.replace('"', " ").split():
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(doc_no__icontains=term)
            | Q(summary__icontains=term)
            | Q(keywords__icontains=term)
            | Q(body__icontains=term)
        )
    return qs


def _measure_latency(backend: str, qs: list[str], result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Top-20 with facets (warm-up, then two timed rounds), newest first, and filtered; into result."""
    from zwgk.search.query import search_documents

    sys.stderr.write(f"[{backend}] queries: warm-up, then 2 timed rounds\n")
    for q in qs:
        search_documents(q)
    latencies: list[float] = []
    # CPU of this (the web worker's) process per query, which a loaded machine does not inflate
    # as it does wall clock; on PostgreSQL the server's own CPU is not in it (issue 25.2).
    cpu: list[float] = []
    per_query: dict[str, dict[str, Any]] = {}
    for _ in range(2):
        for q in qs:
            t0, c0 = time.perf_counter(), time.process_time()
            r = search_documents(q, page=1, page_size=20)
            dt = time.perf_counter() - t0
            cpu.append(time.process_time() - c0)
            latencies.append(dt)
            slot = per_query.setdefault(q, {"count": r.count, "ms": []})
            slot["ms"].append(round(dt * 1000, 1))
    newest: list[float] = []
    for q in qs:
        t0 = time.perf_counter()
        search_documents(q, sort="newest")
        newest.append(time.perf_counter() - t0)
    filtered: list[float] = []
    for q in qs:
        t0 = time.perf_counter()
        search_documents(q, organization="dl", year=2020)
        filtered.append(time.perf_counter() - t0)
    result["latency_top20_facets"] = _ms(latencies)
    result["cpu_top20_facets"] = _ms(cpu)
    result["latency_newest"] = _ms(newest)
    result["latency_filtered"] = _ms(filtered)
    slow = sorted(per_query.items(), key=lambda kv: -max(kv[1]["ms"]))[:10]
    result["slowest_queries"] = [{"q": q, "count": v["count"], "ms": v["ms"]} for q, v in slow]
    return per_query


def latency_again(backend: str, items: int, out: Path, every: int = 1) -> None:
    """Re-measure query latency on the index an earlier run left (after a change to the read side)."""
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{WORK / f'search-{items}.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = PG_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.corpus import Corpus, queries

    call_command("migrate", verbosity=0)  # all apps: suggestions read the catalogue's names
    result = json.loads(out.read_text())
    per_query = _measure_latency(backend, queries(Corpus(items, seed=SEED))[::every], result)
    if every > 1:
        result["latency_sample"] = f"every {every}th query"
    else:
        result.pop("latency_sample", None)  # an earlier sampled run's label
    for q, slot in per_query.items():
        result.setdefault("per_query", {}).setdefault(q, {}).update(slot)
    result["latency_remeasured"] = time.strftime("%Y-%m-%d %H:%M")
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


def _index(backend: str, corpus: Any, order: str, result: dict[str, Any]) -> None:
    """Index the corpus as `zwgk search rebuild` does; timings into result["indexing"]."""
    from django.db import connection

    from bench.corpus import load_batch
    from zwgk.search import bulk
    from zwgk.search.rebuild import optimise

    items = corpus.n
    sys.stderr.write(f"[{backend}] indexing {items:,} items\n")
    path, offsets = _corpus_file(corpus, order)
    started = time.perf_counter()
    # A worker process reads and tokenises, this one writes.
    with bulk.deferred_indexes():
        bulk.index_batches(
            ((str(path), offset) for offset in offsets),
            load=load_batch,
            progress=lambda done: _progress("indexed", done, items, started),
        )
        index = time.perf_counter() - started
    deferred = time.perf_counter() - started - index
    sys.stderr.write("\n")
    t0 = time.perf_counter()
    optimise()  # as `zwgk search rebuild` ends
    with connection.cursor() as cursor:
        if backend == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE search_entry")
            cursor.execute("VACUUM ANALYZE search_overflow")
    finish = time.perf_counter() - t0
    result["indexing"] = {
        "items_per_s": round(items / (index + deferred)),
        "index_seconds": round(index, 1),
        "deferred_index_build_seconds": round(deferred, 1),
        "finish_seconds": round(finish, 1),
        "items_per_s_including_finish": round(items / (index + deferred + finish)),
    }


def _existing_database(backend: str, items: int) -> str:
    return f"sqlite:///{WORK / f'search-{items}.sqlite3'}" if backend == "sqlite" else PG_URL


def child(
    backend: str,
    items: int,
    out: Path,
    icontains_every: int,
    *,
    order: str,
    reuse: bool = False,
    truth: bool = True,
) -> None:
    url = _existing_database(backend, items) if reuse else _fresh_database(backend, items)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.corpus import Corpus, queries
    from zwgk.search import backend as index_backend
    from zwgk.search.query import matching_ids

    call_command("migrate", verbosity=0)  # all apps: suggestions read the catalogue's names
    if backend == "sqlite":
        from zwgk.search.rebuild import tune_for_bulk

        tune_for_bulk()
    corpus = Corpus(items, seed=SEED)
    qs = queries(corpus)
    result: dict[str, Any] = {"backend": backend, "items": items, "queries": len(qs)}
    if reuse:
        # The index an earlier run built (its indexing figures were saved right after it).
        result["indexing"] = json.loads(out.read_text())["indexing"]
    else:
        _index(backend, corpus, order, result)
        result["order"] = order
    size = index_backend.size_bytes()
    result["index_size_mb"] = round(size / 2**20, 1)
    with connection.cursor() as cursor:
        if backend == "sqlite":
            cursor.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_entry%%'", [])
        else:
            cursor.execute("SELECT pg_total_relation_size('search_entry') - pg_indexes_size('search_entry')")
        entry_bytes = int(cursor.fetchone()[0])
    result["index_size_detail_mb"] = {
        "search_entry (copy of the text, incl. body)": round(entry_bytes / 2**20, 1),
        "full-text structures": round((size - entry_bytes) / 2**20, 1),
    }
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))  # kept if a later phase dies
    if not truth:
        result["per_query"] = _measure_latency(backend, qs, result)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
        return
    sys.stderr.write(f"[{backend}] index {result['index_size_mb']} MB; brute-force truth\n")
    expected = _truth(corpus, order, qs)

    per_query = _measure_latency(backend, qs, result)

    sys.stderr.write(f"[{backend}] recall and false hits against the brute-force scan\n")
    found_meta = want_meta = found_full = want_full = false_hits = returned = 0
    misses: list[dict[str, Any]] = []
    for q in qs:
        got = matching_ids(q)
        meta, full = set(expected[q]["meta"]), set(expected[q]["full"])
        found_meta += len(got & meta)
        want_meta += len(meta)
        found_full += len(got & full)
        want_full += len(full)
        false = got - full
        false_hits += len(false)
        returned += len(got)
        per_query[q]["truth"] = len(full)
        if got != full:
            misses.append({"q": q, "missed": len(full - got), "false": len(false)})
    result["matching"] = {
        "recall_title_number_summary": round(found_meta / want_meta, 6) if want_meta else 1.0,
        "recall_all_fields": round(found_full / want_full, 6) if want_full else 1.0,
        "false_hits": false_hits,
        "false_hit_rate": round(false_hits / returned, 6) if returned else 0.0,
        "expected_matches": want_full,
        "queries_differing": misses[:20],
    }

    sample = qs[::icontains_every]
    sys.stderr.write(f"[{backend}] icontains baseline on {len(sample)} queries\n")
    base: list[float] = []
    ours: list[float] = []
    base_found = base_want = base_false = 0
    for q in sample:
        t0 = time.perf_counter()
        qs_ = _icontains(q)
        qs_.count()
        list(qs_.order_by("-published_on").values_list("document_id", "title")[:20])
        base.append(time.perf_counter() - t0)
        ours.append(statistics.fmean(per_query[q]["ms"]) / 1000)
        got = set(_icontains(q).values_list("document_id", flat=True))
        full = set(expected[q]["full"])
        base_found += len(got & full)
        base_want += len(full)
        base_false += len(got - full)
    result["icontains_baseline"] = {
        "queries": len(sample),
        **_ms(base),
        "same_queries_indexed": _ms(ours),
        "speedup_p50": round(_percentile(base, 0.5) / _percentile(ours, 0.5), 1),
        "speedup_mean": round(statistics.fmean(base) / statistics.fmean(ours), 1),
        "recall": round(base_found / base_want, 4) if base_want else 1.0,
        "false_hits": base_false,
    }
    result["per_query"] = per_query
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


# --- parent: both databases, one report ---------------------------------------------------------
ORDER_LABELS = {
    "publication": "publication order (as the catalogue's rebuild)",
    "generated": "random publication days",  # also every run before the order was recorded
}


def _markdown(report: dict[str, Any]) -> str:
    runs = report["runs"]
    names = [r["backend"] for r in runs]
    lines = [
        f"# Search benchmark — {report['items']:,} items, {runs[0]['queries']} queries",
        "",
        f"{report['machine']} · generated by `make bench-search` (bench/search.py) on {report['date']}",
        "",
        "| | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]

    def cell(r: dict[str, Any], get: Any) -> str:
        try:
            return str(get(r))
        except KeyError:
            return "not measured"

    def row(label: str, get: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r, get) for r in runs) + " |")

    row("items read in", lambda r: ORDER_LABELS[r.get("order", "generated")])
    row("indexing, items/s (index writes only)", lambda r: f"{r['indexing']['items_per_s']:,}")
    row(
        "indexing incl. final optimize/vacuum, items/s",
        lambda r: f"{r['indexing']['items_per_s_including_finish']:,}",
    )
    row(
        "— seconds: loading / GIN build after it / final merge or vacuum",
        lambda r: (
            f"{r['indexing']['index_seconds']:,} / {r['indexing']['deferred_index_build_seconds']:,} / "
            f"{r['indexing']['finish_seconds']:,}"
        ),
    )
    row("index size, MB (total)", lambda r: f"{r['index_size_mb']:,}")
    for key in runs[0].get("index_size_detail_mb", {}):
        row(f"— {key}", lambda r, k=key: f"{r['index_size_detail_mb'][k]:,}")
    row("queries timed", lambda r: r.get("latency_sample", "all"))
    for key, label in (
        ("latency_top20_facets", "top-20 ranked + facets + snippets"),
        ("latency_newest", "newest first"),
        ("latency_filtered", "with agency + year filters"),
    ):
        row(
            f"{label}: p50 / p95 / p99 ms",
            lambda r, k=key: f"{r[k]['p50_ms']} / {r[k]['p95_ms']} / {r[k]['p99_ms']}",
        )
    row(
        "top-20 query, CPU of the web process: p50 / p95 / p99 ms",
        lambda r: (
            f"{r['cpu_top20_facets']['p50_ms']} / {r['cpu_top20_facets']['p95_ms']} / "
            f"{r['cpu_top20_facets']['p99_ms']}"
            if "cpu_top20_facets" in r
            else "—"
        ),
    )
    row(
        "recall, title/number/summary/keywords",
        lambda r: f"{r['matching']['recall_title_number_summary']:.2%}",
    )
    row("recall, all fields incl. body", lambda r: f"{r['matching']['recall_all_fields']:.2%}")
    row(
        "false hits (all queries)",
        lambda r: f"{r['matching']['false_hits']} ({r['matching']['false_hit_rate']:.3%})",
    )
    row(
        "`icontains` baseline p50 / p95 ms",
        lambda r: f"{r['icontains_baseline']['p50_ms']} / {r['icontains_baseline']['p95_ms']}",
    )
    row(
        "— same queries indexed p50 / p95 ms",
        lambda r: (
            f"{r['icontains_baseline']['same_queries_indexed']['p50_ms']} / "
            f"{r['icontains_baseline']['same_queries_indexed']['p95_ms']}"
        ),
    )
    row(
        "— speed-up (p50, mean)",
        lambda r: f"{r['icontains_baseline']['speedup_p50']}× / {r['icontains_baseline']['speedup_mean']}×",
    )
    row(
        "— `icontains` recall / false hits",
        lambda r: f"{r['icontains_baseline']['recall']:.2%} / {r['icontains_baseline']['false_hits']}",
    )
    lines += ["", "## Slowest queries (ms, two rounds)", ""]
    for r in (r for r in runs if "slowest_queries" in r):
        lines.append(
            f"**{r['backend']}**: "
            + "; ".join(f"`{s['q']}` ({s['count']:,} hits) {max(s['ms'])}" for s in r["slowest_queries"][:6])
        )
        lines.append("")
    lines += ["## Targets (1M items, 2 cores)", "", report.get("notes", ""), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=int(os.environ.get("ZWGK_BENCH_ITEMS", "100000")))
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--icontains-every",
        type=int,
        help="run every n-th query as icontains (default 5; 20 above 100k items: each scans every body)",
    )
    parser.add_argument(
        "--order",
        choices=list(ORDER_LABELS),
        default="publication",
        help="the order items are indexed in: publication (as `zwgk search rebuild` reads the "
        "catalogue; default) or generated (publication days at random, as an unordered source)",
    )
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--latency-only",
        action="store_true",
        help="re-measure query latency on the indexes an earlier run of this size left",
    )
    parser.add_argument(
        "--latency-every", type=int, default=1, help="with --latency-only: time every n-th query only"
    )
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="measure on the indexes an earlier run of this size built (its indexing figures kept)",
    )
    parser.add_argument(
        "--no-truth",
        action="store_true",
        help="indexing and latency only: no brute-force scan, recall or icontains baseline",
    )
    args = parser.parse_args(argv)
    if args.icontains_every is None:
        args.icontains_every = 5 if args.items <= 100_000 else 20
    if args.child:
        if args.latency_only:
            latency_again(args.child, args.items, args.out, args.latency_every)
        else:
            child(
                args.child,
                args.items,
                args.out,
                args.icontains_every,
                order=args.order,
                reuse=args.reuse_index,
                truth=not args.no_truth,
            )
        return
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    from bench.corpus import Corpus

    if not args.latency_only:
        _corpus_file(Corpus(args.items, seed=SEED), args.order)  # once, before the timed runs
    for name in args.backends.split(","):
        out = WORK / f"run-{name}-{args.items}.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.search",
                "--child",
                name,
                "--items",
                str(args.items),
                "--out",
                str(out),
                "--icontains-every",
                str(args.icontains_every),
                "--order",
                args.order,
                *(
                    ["--latency-only", "--latency-every", str(args.latency_every)]
                    if args.latency_only
                    else []
                ),
                *(["--reuse-index"] if args.reuse_index else []),
                *(["--no-truth"] if args.no_truth else []),
            ],
            check=True,
            cwd=ROOT,
        )
    # Backends measured at this size in an earlier invocation stay in the report (a 1M run of one
    # database takes most of an hour, so the two may be run one after the other).
    runs = [
        json.loads(out.read_text())
        for name in ("sqlite", "postgres")
        if (out := WORK / f"run-{name}-{args.items}.json").exists()
    ]
    report = {
        "items": args.items,
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}",
        "runs": runs,
    }
    notes = RESULTS / "search-notes.md"
    report["notes"] = notes.read_text() if notes.exists() else ""
    # search.json/.md hold the latest run; the per-size copies keep the 100k and 1M runs side by side.
    for stem in ("search", f"search-{args.items}"):
        (RESULTS / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
        (RESULTS / f"{stem}.md").write_text(_markdown(report))
    print(_markdown(report))


if __name__ == "__main__":
    main()
