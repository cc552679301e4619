"""Demo data: in Voorbeeldstad a closed quick scan (this year) in Nieuwland, De Flats and
Bedrijventerrein De Haven — the last with too few responses, so it is suppressed — compared
with an earlier closed wave in the same buurten, both published to the wijkbeeld and (when the
programmes demo ran) as indicators of the Nieuwland programme, before and after; and an open
Tafel-van-Twaalf peiling in the Binnenstad whose open link works. Idempotent."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.demo import organisation
from wijkkompas.accounts.models import Tenant
from wijkkompas.areas.models import Area
from wijkkompas.core import records
from wijkkompas.programmes import demo as programmes_demo
from wijkkompas.programmes.models import Programme
from wijkkompas.surveys import services
from wijkkompas.surveys.models import Answer, FreeTextAnswer, Question, Response, Survey
from wijkkompas.surveys.publishing import publish_results

BUURTEN = {"BU99010201": 48, "BU99010202": 36, "BU99010203": 3}  # code -> responses
EARLIER = "Quick scan veiligheid Noord (nulmeting)"
CURRENT = "Quick scan veiligheid Noord (vervolgmeting)"
OPEN = "Tafel van Twaalf Binnenstad"
TEXTS = [
    "Meer licht op het pad langs het water.",
    "Een buurtapp waarin bewoners elkaar waarschuwen.",
    "Vaker een wijkagent te voet in de straat.",
]


def _answers(survey: Survey, counts: dict[str, int], rng: random.Random, lift: float) -> None:
    questions = list(survey.questions.all())
    areas = {a.area_code: a for a in survey.areas.all()}
    for code, n in counts.items():
        for i in range(n):
            response = Response.objects.create(
                survey=survey,
                area=areas[code],
                channel=(Response.Channel.OPEN_LINK, Response.Channel.CODE, Response.Channel.PAPER)[
                    i % 3
                ],
                received_on=survey.opens_on + timedelta(days=i % 10),
            )
            raw: dict = {}
            for q in questions:
                if q.show_if_code and raw.get(q.show_if_code) not in q.show_if_values:
                    continue
                if q.kind == Question.Kind.SCALE:
                    mid = (q.scale_min + q.scale_max) / 2 + lift
                    value = min(q.scale_max, max(q.scale_min, round(rng.gauss(mid, 1.2))))
                    Answer.objects.create(response=response, question=q, number=value)
                elif q.kind == Question.Kind.NUMBER:
                    Answer.objects.create(response=response, question=q, number=rng.randint(0, 30))
                elif q.kind == Question.Kind.SINGLE:
                    raw[q.code] = rng.choice([o["value"] for o in q.options])
                    Answer.objects.create(response=response, question=q, value=raw[q.code])
                elif q.kind == Question.Kind.MULTIPLE:
                    picked = [o["value"] for o in q.options if rng.random() < 0.3]
                    Answer.objects.create(response=response, question=q, values=picked)
                elif i < len(TEXTS):
                    text = FreeTextAnswer(response=response, question=q, text=TEXTS[i])
                    records.stamp(
                        text,
                        records.Provenance(
                            source_organisation=survey.organisation.name,
                            author="bewoner",
                            **services.PROVENANCE,
                        ),
                        start=timezone.localdate(),
                        months=12,
                    ).save()


@transaction.atomic
def load(stdout=None) -> None:
    tenant = Tenant.objects.filter(slug="voorbeeldstad").first()
    if tenant is None or not Area.objects.filter(code__in=list(BUURTEN)).exists():
        if stdout:
            stdout.write(
                "  bewonerspeiling: geen Voorbeeldstad of buurten (laad eerst het wijkbeeld)"
            )
        return
    if Survey.objects.filter(tenant=tenant, title=CURRENT).exists():
        return
    owner = organisation("voorbeeldstad", "gemeente")
    today = timezone.localdate()
    rng = random.Random(16)
    earlier = services.create_survey(
        actor=policy.SYSTEM,
        tenant=tenant,
        organisation=owner,
        title=EARLIER,
        template="quickscan",
        opens_on=today - timedelta(days=400),
        closes_on=today - timedelta(days=380),
        area_codes=list(BUURTEN),
    )
    _answers(earlier, {"BU99010201": 52, "BU99010202": 40, "BU99010203": 2}, rng, lift=-0.6)
    current = services.create_survey(
        actor=policy.SYSTEM,
        tenant=tenant,
        organisation=owner,
        title=CURRENT,
        template="quickscan",
        opens_on=today - timedelta(days=40),
        closes_on=today - timedelta(days=10),
        area_codes=list(BUURTEN),
        previous=earlier,
    )
    _answers(current, BUURTEN, rng, lift=0.4)
    Survey.objects.filter(pk__in=[earlier.pk, current.pk]).update(status=Survey.Status.CLOSED)
    current.refresh_from_db()
    # before and after, into the wijkbeeld and the Nieuwland programme (when its demo ran)
    programme = Programme.objects.filter(tenant=tenant, title=programmes_demo.TITLE).first()
    for wave in (earlier, current):
        wave.refresh_from_db()
        publish_results(actor=policy.SYSTEM, survey=wave, programme=programme)
    open_survey = services.create_survey(
        actor=policy.SYSTEM,
        tenant=tenant,
        organisation=owner,
        title=OPEN,
        template="tafel_van_twaalf",
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=28),
        area_codes=["BU99010101"],
    )
    Survey.objects.filter(pk=open_survey.pk).update(status=Survey.Status.OPEN)
    if stdout:
        stdout.write(
            f"  bewonerspeiling: 3 peilingen; open link /peilingen/doe-mee/{open_survey.areas.get().token}/"
        )
