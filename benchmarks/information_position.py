"""Information position of a heavily worked themadossier: 40 recommended sources, 2,000 status
changes spread over two years (so the history line has ~700 dates).

Measures ``dossiers.selectors.information_position`` (current shares per question, kind and origin
plus the full history, in one pass over the change log) against two baselines in the same run on
the same database:
- ``count_floor``: one aggregate query counting the tapped sources now (the least any page could do);
- ``naive_history``: the obvious alternative for the history, one as-of query per change date.
Last line: JSON with the p95 times (ms) and the ratios.
"""

import json
import random
import statistics
import time
from datetime import timedelta

from _areas_setup import django_with_fresh_db

N_ENTRIES, N_CHANGES, DAYS, RUNS = 40, 2_000, 730, 30


def build():
    from django.utils import timezone

    from wijkkompas.accounts.models import Organisation, Tenant, User
    from wijkkompas.dossiers.models import Dossier, SourceStatus, SourceStatusChange, Status
    from wijkkompas.knowledge.models import Question, Source, SourceEntry, Theme

    rng = random.Random(7)
    questions = [
        Question.objects.create(
            number=n, slug=f"vraag-{n}", text=f"Vraag {n}", scope="algemeen" if n <= 3 else "lokaal"
        )
        for n in range(1, 7)
    ]
    theme = Theme.objects.create(slug="bench", name="Benchmarkthema", description="x")
    kinds = list(Source.Kind.values)
    entries = []
    for i in range(N_ENTRIES):
        source = Source.objects.create(
            slug=f"bron-{i}", name=f"Bron {i}", kind=kinds[i % 3], internal=i % 2 == 0
        )
        entry = SourceEntry.objects.create(source=source, theme=theme, offers="x")
        entry.questions.set(rng.sample(questions, rng.randint(1, 3)))
        entries.append(entry)
    tenant = Tenant.objects.create(slug="bench", name="Benchmarkstad")
    org = Organisation.objects.create(tenant=tenant, name="Gemeente", kind="gemeente")
    user = User.objects.create(username="bench", organisation=org, roles=["oov_adviseur"])
    dossier = Dossier.objects.create(tenant=tenant, theme=theme, opened_by=user)
    start = timezone.localdate() - timedelta(days=DAYS)
    statuses = list(Status.values)
    changes, current = [], {}
    for _ in range(N_CHANGES):
        entry = rng.choice(entries)
        day = start + timedelta(days=rng.randint(0, DAYS))
        status = rng.choice(statuses)
        changes.append(
            SourceStatusChange(dossier=dossier, entry=entry, status=status, date=day, set_by=user)
        )
        if entry.pk not in current or current[entry.pk][0] <= day:
            current[entry.pk] = (day, status)
    SourceStatusChange.objects.bulk_create(changes)
    SourceStatus.objects.bulk_create(
        [
            SourceStatus(dossier=dossier, entry_id=pk, status=s, date=d, set_by=user)
            for pk, (d, s) in current.items()
        ]
    )
    return dossier


def p95(samples):
    return statistics.quantiles(samples, n=20)[18] * 1000


def timed(fn, runs=RUNS):
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def main():
    django_with_fresh_db()
    from wijkkompas.dossiers.models import TAPPED, SourceStatus, SourceStatusChange
    from wijkkompas.dossiers.selectors import information_position

    dossier = build()
    position = information_position(dossier)
    dates = sorted(
        set(SourceStatusChange.objects.filter(dossier=dossier).values_list("date", flat=True))
    )

    def floor():
        return SourceStatus.objects.filter(dossier=dossier, status__in=TAPPED).count()

    def naive_history():
        return [
            information_position(dossier, at=d).overall for d in dates[:: max(1, len(dates) // 20)]
        ]

    ours = timed(lambda: information_position(dossier))
    base = timed(floor)
    naive_sample = timed(naive_history, runs=3)
    # The naive history ran on every ~20th date only; scale to all dates.
    naive_ms = (
        statistics.median(naive_sample)
        * 1000
        * len(dates)
        / len(range(0, len(dates), max(1, len(dates) // 20)))
    )
    assert position.history[-1].overall == position.overall, (
        "history must end at the current position"
    )
    result = {
        "entries": N_ENTRIES,
        "changes": N_CHANGES,
        "history_points": len(position.history),
        "information_position_p95_ms": round(p95(ours), 2),
        "count_floor_p95_ms": round(p95(base), 3),
        "ratio_vs_count_floor": round(p95(ours) / p95(base), 1),
        "naive_history_ms_estimated": round(naive_ms, 1),
        "speedup_vs_naive_history": round(naive_ms / p95(ours), 1),
    }
    print(
        f"information_position: p95 {result['information_position_p95_ms']} ms over {len(position.history)} history points"
    )
    print(
        f"count floor: p95 {result['count_floor_p95_ms']} ms; naive per-date history: ~{result['naive_history_ms_estimated']} ms"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
