"""Signal intake under load: POST /api/v1/signals against GET /api/v1/me on a real served app.

Run: ``uv run python benchmarks/signals.py`` (SQLite), add ``--postgres`` (or set DATABASE_URL)
to also run against PostgreSQL. For each database the script

1. prepares a fresh database in its own data folder (migrate, the demo accounts and the signals
   demo: covenant, categories, grants) and issues an API token for the demo ``jongerenwerker``;
2. starts the app with ``wijkkompas serve`` (gunicorn) on a free port;
3. sends the same number of requests with the same concurrency to
   - the baseline: ``GET /api/v1/me`` (token authentication and a policy check, no writes), and
   - signal intake: ``POST /api/v1/signals`` (authentication, covenant check, validation, one
     signal row and one audit row in a transaction; the audit trail is always on);
   in alternating rounds (baseline, intake, intake, baseline, …) so a noisy neighbour on the
   shared machine hits both alike;
4. reports throughput (requests/s) and latency (p50/p99) of both, and the ratios
   intake/baseline (p99 latency and inverse throughput) as the median over the rounds. Target:
   at most 2.5×, with the audit trail's hash chain on (every intake appends a chained row under
   the append lock).

It also checks that every accepted signal left exactly one ``signal_created`` audit row and that
the hash chain still verifies. The last line of the output is JSON with all figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIJKKOMPAS = [sys.executable, "-m", "wijkkompas.cli"]
TARGET = 2.5

SETUP = r"""
import os, django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from wijkkompas.accounts import demo as accounts_demo
from wijkkompas.signals import demo as signals_demo
accounts_demo.load()
signals_demo.load()
from wijkkompas.accounts.models import ApiToken, User
print(ApiToken.issue(User.objects.get(username="jongerenwerker"), label="benchmark"))
"""

COUNT = r"""
import django
django.setup()
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.signals.models import Signal
ids = [str(pk) for pk in Signal.objects.filter(description__startswith="Benchmark").values_list("pk", flat=True)]
a = AuditEvent.objects.filter(action="signal_created", object_type="signal", object_id__in=ids).count()
try:
    from wijkkompas.accounts import audit_chain
    chain = int(audit_chain.verify().intact)
except ImportError:  # a version before the hash chain, measured for comparison
    chain = -1
print(len(ids), a, chain)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run_load(
    port: int, method: str, path: str, token: str, body_for, total: int, concurrency: int
) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def one(i: int) -> None:
        body = body_for(i) if body_for else None
        headers = {"Authorization": f"Bearer {token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        conn.close()
        with lock:
            latencies.append(elapsed)
            statuses[response.status] = statuses.get(response.status, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(total)))
    wall = time.perf_counter() - started
    return {
        "requests": total,
        "throughput_rps": round(total / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def signal_body(i: int) -> str:
    return json.dumps(
        {
            "category": "ja-groep",
            "description": f"Benchmark: groep jongeren bij de hangplek, waarneming {i}",
            "observed_at": "2026-11-01T21:00:00+01:00",
            "basis": "feit" if i % 3 else "aanname",
            "observation": "eigen",
            "urgency": "normaal",
            "location": "Hangplek Parkstraat",
            "area_code": "BU09990101",
        }
    )


def bench(
    database: str, database_url: str, total: int, concurrency: int, workers: int, rounds: int
) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"wk-bench-signals-{database}-"))
    env = {
        **os.environ,
        "WIJKKOMPAS_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "wijkkompas.settings",
        "WIJKKOMPAS_LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    token = (
        subprocess.run(
            [sys.executable, "-c", SETUP],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    server = subprocess.Popen(
        [*WIJKKOMPAS, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError(
                    "server did not start: "
                    + (server.stderr.read().decode() if server.poll() is not None else "timeout")
                )
            time.sleep(0.2)
        # Warm-up: every worker imports and connects before we measure.
        run_load(port, "GET", "/api/v1/me", token, None, 4 * workers, concurrency)
        run_load(
            port,
            "POST",
            "/api/v1/signals",
            token,
            lambda i: signal_body(-i - 1),
            4 * workers,
            concurrency,
        )
        per_round = max(1, total // rounds)
        baselines, intakes = [], []
        for r in range(rounds):
            jobs = [
                lambda: baselines.append(
                    run_load(port, "GET", "/api/v1/me", token, None, per_round, concurrency)
                ),
                lambda r=r: intakes.append(
                    run_load(
                        port,
                        "POST",
                        "/api/v1/signals",
                        token,
                        lambda i: signal_body(r * per_round + i),
                        per_round,
                        concurrency,
                    )
                ),
            ]
            for job in jobs if r % 2 == 0 else reversed(jobs):
                job()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    stored, audited, chain = (
        int(x)
        for x in subprocess.run(
            [sys.executable, "-c", COUNT],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.split()
    )
    shutil.rmtree(data_dir, ignore_errors=True)
    accepted = sum(i["statuses"].get("201", 0) for i in intakes) + 4 * workers
    return {
        "database": database,
        "concurrency": concurrency,
        "workers": workers,
        "rounds": rounds,
        "baseline_me": _median_round(baselines),
        "signal_intake": _median_round(intakes),
        "p99_ratio": round(
            statistics.median(
                i["p99_ms"] / b["p99_ms"] for b, i in zip(baselines, intakes, strict=True)
            ),
            2,
        ),
        "throughput_ratio": round(
            statistics.median(
                b["throughput_rps"] / i["throughput_rps"]
                for b, i in zip(baselines, intakes, strict=True)
            ),
            2,
        ),
        "signals_stored": stored,
        "audit_rows": audited,
        "audit_complete": stored == accepted and audited == stored,
        "chain_intact": {1: True, 0: False}.get(chain, "n.v.t."),
    }


def _median_round(results: list[dict]) -> dict:
    """The median of each figure over the rounds; statuses summed."""
    statuses: dict[str, int] = {}
    for r in results:
        for code, n in r["statuses"].items():
            statuses[code] = statuses.get(code, 0) + n
    return {
        "requests": sum(r["requests"] for r in results),
        **{
            key: round(statistics.median(r[key] for r in results), 2)
            for key in ("throughput_rps", "p50_ms", "p99_ms")
        },
        "statuses": statuses,
    }


def ensure_postgres_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=4, help="alternating measurement rounds")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also run against PostgreSQL (DATABASE_URL or a local default)",
    )
    args = parser.parse_args()
    runs = [("sqlite", "")]
    pg_url = os.environ.get("DATABASE_URL", "")
    if args.postgres or pg_url:
        pg_url = pg_url or "postgresql://postgres@127.0.0.1:5432/wk_bench_signals"
        ensure_postgres_database(pg_url)
        runs.append(("postgresql", pg_url))
    results = {}
    for name, url in runs:
        r = bench(name, url, args.requests, args.concurrency, args.workers, args.rounds)
        results[name] = r
        b, s = r["baseline_me"], r["signal_intake"]
        print(
            f"[{name}] {args.requests} verzoeken, {args.concurrency} tegelijk, {args.workers} gunicorn-workers"
        )
        print(
            f"  basislijn GET /api/v1/me      : {b['throughput_rps']:>7} req/s  p50 {b['p50_ms']:>7} ms  p99 {b['p99_ms']:>7} ms  {b['statuses']}"
        )
        print(
            f"  signaal   POST /api/v1/signals: {s['throughput_rps']:>7} req/s  p50 {s['p50_ms']:>7} ms  p99 {s['p99_ms']:>7} ms  {s['statuses']}"
        )
        print(
            f"  verhouding p99 {r['p99_ratio']}×, doorvoer {r['throughput_ratio']}× (doel ≤ {TARGET}×, mediaan van {r['rounds']} rondes); "
            f"audittrail volledig: {r['audit_complete']} ({r['audit_rows']} regels voor {r['signals_stored']} signalen), "
            f"hashketen intact: {r['chain_intact']}"
        )
    summary = {
        "benchmark": "signals_intake_vs_me",
        "target_ratio": TARGET,
        **{
            f"{name}_{key}": results[name][key]
            for name in results
            for key in ("p99_ratio", "throughput_ratio", "audit_complete", "chain_intact")
        },
        **{
            f"{name}_intake_rps": results[name]["signal_intake"]["throughput_rps"]
            for name in results
        },
        **{f"{name}_intake_p99_ms": results[name]["signal_intake"]["p99_ms"] for name in results},
        **{
            f"{name}_baseline_rps": results[name]["baseline_me"]["throughput_rps"]
            for name in results
        },
        **{f"{name}_baseline_p99_ms": results[name]["baseline_me"]["p99_ms"] for name in results},
    }
    summary["within_target"] = all(
        results[n]["p99_ratio"] <= TARGET and results[n]["throughput_ratio"] <= TARGET
        for n in results
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
