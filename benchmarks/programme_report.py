"""Progress report of a large programme: 200 actions, 20 meetings (with decisions) and 10
indicators with measurements.

Run: ``uv run python benchmarks/programme_report.py`` (a throw-away SQLite database; with
DATABASE_URL=postgresql://… a fresh ``<name>_programmes_bench`` database on that server).

Measured, as the median over alternating rounds:

- ``pdf``: the report as Wijkkompas makes it (read the published snapshot, render the Django
  template, lay it out with WeasyPrint), against ``pdf_library``: WeasyPrint alone on the same,
  already rendered HTML. Target: pdf / pdf_library ≤ 1.5 (the renderer is the limit).
- ``docx``: the report as Word (``outputs.report_docx``: read the snapshot, word every line,
  write it through ``core.word``), against ``docx_library``: python-docx alone, called as its
  documentation shows, writing the same headings, paragraphs, bullets and table rows.
- ``snapshot``: building the snapshot at publication (all queries and suppression).

The last line of the output is JSON with all figures.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 5
TARGET = 1.5


def _setup() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="wk-bench-programmes-"))
    os.environ["WIJKKOMPAS_DATA_DIR"] = str(tmp)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, _, name = url.rpartition("/")
        bench = f"{name or 'wk'}_programmes_bench"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{bench}"')
            con.execute(f'CREATE DATABASE "{bench}"')
        os.environ["DATABASE_URL"] = f"{base}/{bench}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkkompas.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def _build():
    from django.utils import timezone

    from wijkkompas.accounts import demo as accounts_demo
    from wijkkompas.accounts import policy
    from wijkkompas.accounts.demo import organisation
    from wijkkompas.accounts.models import Tenant
    from wijkkompas.programmes import reporting, services, work

    accounts_demo.load()
    tenant = Tenant.objects.get(slug="voorbeeldstad")
    system = policy.SYSTEM
    keys = ("gemeente", "politie", "jongerenwerk", "school", "corporatie", "zvh", "riec")
    orgs = [organisation("voorbeeldstad", k) for k in keys]
    programme = services.start_programme(
        actor=system,
        tenant=tenant,
        template=services.load_templates()[0],
        title="Benchmarkprogramma",
        lead_organisation=orgs[0],
        partners=[(o, "uitvoering") for o in orgs[1:]],
        problem_definition="Benchmark.",
    )
    today = timezone.localdate()
    step = programme.steps.get(position=1)
    services.record_decision(
        actor=system,
        step=step,
        version=step.version,
        outcome="go",
        rationale="Benchmark",
        body="stuurgroep",
        decided_on=today,
        facts=[{"statement": "Benchmarkfeit", "kind": "feit", "source": "Bron"}],
    )
    for i in range(200):
        work.create_action(
            actor=system,
            programme=programme,
            title=f"Actie {i}",
            owner_organisation=orgs[i % len(orgs)],
            due_date=today + dt.timedelta(days=(i % 40) - 20),
            status=("open", "bezig", "gereed")[i % 3],
        )
    start = timezone.now() - dt.timedelta(days=100)
    for i in range(20):
        meeting = work.create_meeting(
            actor=system,
            programme=programme,
            kind="kernteam",
            title=f"Kernteam {i}",
            starts_at=start + dt.timedelta(days=4 * i),
            participants=orgs[:3],
        )
        for j in range(3):
            work.add_meeting_decision(actor=system, meeting=meeting, text=f"Besluit {i}.{j}")
    for i in range(10):
        indicator = reporting.create_indicator(
            actor=system, programme=programme, name=f"Indicator {i}", unit="aantal"
        )
        for year in range(2019, 2026):
            indicator.refresh_from_db()
            reporting.record_measurement(
                actor=system,
                indicator=indicator,
                version=indicator.version,
                year=year,
                value=10 + i + year % 7,
                source="Benchmark",
            )
    report = reporting.create_report(
        actor=system,
        programme=programme,
        title="Benchmarkrapportage",
        period_start=today - dt.timedelta(days=120),
        period_end=today,
    )
    return reporting.publish_report(actor=system, report=report, version=report.version)


def _docx_library(content: dict) -> bytes:
    """python-docx alone, the way its documentation writes a document: the same headings,
    paragraphs, bullets and tables (same texts, same styles by name) as the report, with the
    texts taken straight from the snapshot and no other work."""
    import docx

    p, r = content["programme"], content["report"]
    document = docx.Document()
    document.add_heading(r["title"], level=0)
    document.add_paragraph(f"{p['title']} · {p['municipality']} · {r['period_start']}")
    document.add_paragraph(r["title"])
    document.add_heading("Het programma", level=1)
    table = document.add_table(rows=1, cols=2, style="Table Grid")
    for key in ("method", "theme", "lead", "steering_group", "status", "municipality"):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, str(p[key] or "")
    document.add_paragraph(p["problem_definition"] or "")
    document.add_paragraph(p["goals"] or "")
    document.add_heading("Stappen", level=1)
    for s in content["steps"]:
        document.add_heading(s["title"], level=2)
        if s["decision"]:
            document.add_paragraph(s["decision"]["rationale"])
            for f in s["decision"]["facts"]:
                document.add_paragraph(f["statement"], style="List Bullet")
    document.add_heading("Acties", level=1)
    table = document.add_table(rows=1, cols=4, style="Table Grid")
    for a in content["actions"]:
        cells = table.add_row().cells
        for cell, text in zip(
            cells, (a["organisation"], a["done"], a["late"], a["open"]), strict=True
        ):
            cell.text = str(text)
    document.add_paragraph(content["rounding_note"])
    document.add_heading("Indicatoren", level=1)
    for i in content["indicators"]:
        document.add_heading(i["name"], level=2)
        document.add_paragraph(i["link"])
        t = document.add_table(rows=1, cols=3, style="Table Grid")
        for pt in i["points"]:
            cells = t.add_row().cells
            for cell, text in zip(cells, (str(pt["year"]), pt["text"], pt["source"]), strict=True):
                cell.text = text
    document.add_heading("Overleggen", level=1)
    for m in content["meetings"]:
        document.add_paragraph(m["title"])
        for d in m["decisions"]:
            document.add_paragraph(d, style="List Bullet")
    document.add_heading("Risico's", level=1)
    document.add_paragraph(r["risks"] or "")
    document.add_heading("Volgende stappen", level=1)
    document.add_paragraph(r["next_steps"] or "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    _setup()
    import weasyprint

    from wijkkompas.core import pdf as core_pdf
    from wijkkompas.programmes import outputs, reporting

    report = _build()
    html_class, fetcher = core_pdf._weasyprint()
    html = outputs.report_html(reporting.content_of(report), report=report)
    weasyprint.HTML(string=html, base_url="/", url_fetcher=fetcher).write_pdf()  # warm up

    def ours_pdf():
        outputs.report_pdf(reporting.content_of(report), report=report)

    def library_pdf():
        html_class(string=html, base_url="/", url_fetcher=fetcher).write_pdf()

    def ours_docx():
        outputs.report_docx(reporting.content_of(report), report=report)

    def library_docx():
        _docx_library(report.snapshot)

    times: dict[str, list[float]] = {k: [] for k in ("pdf", "pdf_library", "docx", "docx_library")}
    snapshot_times = []
    for r in range(ROUNDS):
        pairs = [("pdf", ours_pdf), ("pdf_library", library_pdf)]
        pairs += [("docx", ours_docx), ("docx_library", library_docx)]
        for name, fn in pairs if r % 2 == 0 else list(reversed(pairs)):
            times[name].append(_timed(fn))
        snapshot_times.append(_timed(lambda: reporting.build_snapshot(report)))
    med = {k: statistics.median(v) for k, v in times.items()}
    result = {
        "benchmark": "programme_report",
        "database": "postgresql"
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "sqlite",
        "actions": 200,
        "meetings": 20,
        "indicators": 10,
        "rounds": ROUNDS,
        "pdf_s": round(med["pdf"], 3),
        "pdf_library_s": round(med["pdf_library"], 3),
        "pdf_ratio": round(med["pdf"] / med["pdf_library"], 2),
        "docx_s": round(med["docx"], 3),
        "docx_library_s": round(med["docx_library"], 3),
        "docx_ratio": round(med["docx"] / med["docx_library"], 2),
        "snapshot_s": round(statistics.median(snapshot_times), 3),
        "target_ratio": TARGET,
    }
    result["pdf_within_target"] = result["pdf_ratio"] <= TARGET
    result["docx_within_target"] = result["docx_ratio"] <= TARGET
    print(
        f"PDF  {result['pdf_s']} s vs WeasyPrint alone {result['pdf_library_s']} s: {result['pdf_ratio']}×"
    )
    print(
        f"DOCX {result['docx_s']} s vs python-docx alone {result['docx_library_s']} s: {result['docx_ratio']}×"
    )
    print(f"Snapshot (publication) {result['snapshot_s']} s")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
