"""CPU of the web process per search at 100k items, the result cache bypassed (issue 25.2).

    .venv/bin/python -m bench.search_cpu --db sqlite|postgres [--root CHECKOUT]

Runs `search_documents` (top 20, facets, snippets) over the search_100k phase's queries on the
corpus that `make bench-load BENCH_LOAD_ARGS=--only=search_100k` built and kept, one warm-up
round and two measured ones, and prints CPU seconds of this process per call (robust to other
jobs on the machine; PostgreSQL's own CPU is not included). `--root` measures another checkout
of the code (e.g. main, for a before/after) against the same corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--dir", default="/tmp/zwgk-bench-search100k")
    args = parser.parse_args()
    sys.path.insert(0, args.root)
    os.chdir(args.root)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["ZWGK_DATA_DIR"] = f"{args.dir}/{args.db}-data"
    os.environ["ZWGK_CACHE_URL"] = "locmem"
    if args.db == "postgres":
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/zwgk_bench_search100k"
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from zwgk.search import query

    try:
        from zwgk.search import result_cache

        result_cache.cached = lambda q, f, parts, compute, **kw: (compute(), "")  # type: ignore[assignment]
    except ImportError:  # a checkout from before the result cache
        pass
    with open(f"{args.dir}/queries.json") as f:
        queries = json.load(f)
    for q in queries:
        query.search_documents(q)
    cpu = []
    for _ in range(2):
        for q in queries:
            c0 = time.process_time()
            query.search_documents(q, page=1, page_size=20)
            cpu.append(time.process_time() - c0)
    cpu.sort()

    def pick(p: float) -> float:
        return round(cpu[min(len(cpu) - 1, round(p * (len(cpu) - 1)))] * 1000, 1)

    print(
        json.dumps(
            {
                "root": args.root,
                "db": args.db,
                "calls": len(cpu),
                "p50_ms": pick(0.5),
                "p95_ms": pick(0.95),
                "p99_ms": pick(0.99),
                "mean_ms": round(statistics.fmean(cpu) * 1000, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
