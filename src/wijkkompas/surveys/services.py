"""Writes of surveys: one function per use case, keyword-only, in a transaction, through the
policy and the audit trail. Answers of residents are not audited per response: an audit row
carries the client address and the time, which is exactly what a response must not be linked
to. Field workers' paper entries are audited against the survey, not against the response."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.areas.models import Area, Level
from wijkkompas.core import records, versioning
from wijkkompas.surveys.models import (
    Answer,
    FreeTextAnswer,
    InvitationCode,
    OpenLinkThrottle,
    Question,
    Response,
    Survey,
    SurveyArea,
    UsedCode,
)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_data"
OPEN_LINK_MAX_PER_HOUR = 10
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
FREE_TEXT_MONTHS = {
    FreeTextAnswer.Review.PENDING: 12,
    FreeTextAnswer.Review.RELEASED: 24,
    FreeTextAnswer.Review.WITHHELD: 1,
}
PROVENANCE = {
    "legal_basis": "Art. 6 lid 1 sub e AVG: taak van algemeen belang (openbare orde en veiligheid)",
    "purpose": "Bewonerspeiling veiligheidsbeleving en leefbaarheid per buurt",
}


def templates() -> dict[str, dict]:
    """The survey templates (data files), by slug."""
    out = {}
    for path in sorted(TEMPLATES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["slug"]] = data
    return out


def _digest(*parts: Any) -> str:
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def create_survey(
    *,
    actor: Any,
    tenant: Tenant,
    organisation: Any,
    title: str,
    template: str,
    opens_on: date,
    closes_on: date,
    area_codes: list[str],
    anonymity: str = Survey.Anonymity.ANONYMOUS,
    previous: Survey | None = None,
) -> Survey:
    """A survey from a template in some buurten of the tenant's municipality. Anonymity is set
    here and nowhere else."""
    policy.require(actor, "create", "survey")
    errors: dict[str, str] = {}
    data = templates().get(template)
    if data is None:
        errors["template"] = f"Onbekend sjabloon '{template}'."
    if not (title or "").strip():
        errors["title"] = "Geef de peiling een titel."
    if closes_on < opens_on:
        errors["closes_on"] = "Het einde ligt voor de start."
    if anonymity not in Survey.Anonymity.values:
        errors["anonymity"] = "Kies een vorm van anonimiteit."
    areas = _buurten(tenant, area_codes, errors)
    if previous is not None and previous.tenant_id != tenant.pk:
        errors["previous"] = "De eerdere peiling hoort niet bij deze gemeente."
    if errors:
        raise ValidationError(errors)
    survey = Survey.objects.create(
        tenant=tenant,
        organisation=organisation,
        title=title.strip(),
        introduction=data["introduction"],
        template=template,
        anonymity=anonymity,
        opens_on=opens_on,
        closes_on=closes_on,
        previous=previous,
    )
    for code, name in areas:
        SurveyArea.objects.create(survey=survey, area_code=code, name=name)
    for position, q in enumerate(data["questions"], start=1):
        if q["kind"] == Question.Kind.TEXT and not survey.allows_free_text:
            continue
        Question.objects.create(survey=survey, position=position, **_question_fields(q))
    audit.record(actor=actor, action="survey_created", obj=survey)
    return survey


def _question_fields(q: dict) -> dict:
    keys = [
        "code",
        "kind",
        "text",
        "theme",
        "options",
        "scale_min",
        "scale_max",
        "scale_labels",
        "required",
        "show_if_code",
        "show_if_values",
    ]
    return {k: q[k] for k in keys if k in q}


def _buurten(tenant: Tenant, codes: list[str], errors: dict) -> list[tuple[str, str]]:
    codes = sorted({c.strip().upper() for c in codes if c.strip()})
    if not codes:
        errors["area_codes"] = "Kies ten minste één buurt."
        return []
    names = dict(
        Area.objects.filter(level=Level.BUURT, code__in=codes)
        .order_by("code", "-year")
        .values_list("code", "name")
    )
    wrong = [
        c for c in codes if c not in names or (tenant.cbs_code and c[2:6] != tenant.cbs_code[2:])
    ]
    if wrong:
        errors["area_codes"] = f"Geen buurt van deze gemeente: {', '.join(wrong)}."
    return [(c, names.get(c, c)) for c in codes]


@transaction.atomic
def add_question(
    *,
    actor: Any,
    survey: Survey,
    version: int | str | None,
    text: str,
    kind: str,
    options: list[str] | None = None,
    scale_min: int = 1,
    scale_max: int = 5,
    show_if_code: str = "",
    show_if_values: list[str] | None = None,
) -> Question:
    """A municipality's own question, added while the survey is still in preparation."""
    policy.require(actor, "edit", "survey", survey)
    errors = {}
    if survey.status != Survey.Status.CONCEPT:
        errors["__all__"] = "Vragen toevoegen kan alleen zolang de peiling nog niet loopt."
    if not (text or "").strip():
        errors["text"] = "Vul de vraag in."
    if kind not in Question.Kind.values:
        errors["kind"] = "Kies een soort vraag."
    if kind == Question.Kind.TEXT and not survey.allows_free_text:
        errors["kind"] = "Deze peiling is strikt anoniem: vrije tekst is niet toegestaan."
    labels = [o.strip() for o in options or [] if o.strip()]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(labels) < 2:
        errors["options"] = "Geef ten minste twee antwoordopties, één per regel."
    if kind in (Question.Kind.SCALE, Question.Kind.NUMBER) and scale_max <= scale_min:
        errors["scale_max"] = "Het maximum moet groter zijn dan het minimum."
    if show_if_code and not survey.questions.filter(code=show_if_code).exists():
        errors["show_if_code"] = f"Er is geen vraag met code '{show_if_code}'."
    if errors:
        raise ValidationError(errors)
    versioning.save_versioned(survey, version, ["updated_at"])
    position = (
        survey.questions.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    question = Question.objects.create(
        survey=survey,
        position=position,
        code=f"eigen_{position}",
        kind=kind,
        text=text.strip()[:300],
        options=[{"value": f"o{i}", "label": label[:100]} for i, label in enumerate(labels, 1)],
        scale_min=scale_min,
        scale_max=scale_max,
        show_if_code=show_if_code,
        show_if_values=show_if_values or [],
        added_by_municipality=True,
        theme="Eigen vraag gemeente",
    )
    audit.record(
        actor=actor, action="survey_question_added", obj=survey, detail={"vraag": question.code}
    )
    return question


@transaction.atomic
def change_status(*, actor: Any, survey: Survey, version: int | str | None, status: str) -> Survey:
    """Open a survey in preparation, or close an open one (closing is final)."""
    policy.require(actor, "edit", "survey", survey)
    allowed = {
        Survey.Status.CONCEPT: Survey.Status.OPEN,
        Survey.Status.OPEN: Survey.Status.CLOSED,
    }
    if allowed.get(survey.status) != status:
        raise ValidationError(
            {"status": f"Van '{survey.get_status_display()}' kan de peiling niet naar '{status}'."}
        )
    survey.status = status
    versioning.save_versioned(survey, version, ["status", "updated_at"])
    audit.record(
        actor=actor,
        action="survey_opened" if status == Survey.Status.OPEN else "survey_closed",
        obj=survey,
    )
    return survey


@transaction.atomic
def update_survey(
    *, actor: Any, survey: Survey, version: int | str | None, title: str, closes_on: date
) -> Survey:
    """Title and end date; anonymity and buurten stay as created."""
    policy.require(actor, "edit", "survey", survey)
    if not (title or "").strip():
        raise ValidationError({"title": "Geef de peiling een titel."})
    if closes_on < survey.opens_on:
        raise ValidationError({"closes_on": "Het einde ligt voor de start."})
    survey.title, survey.closes_on = title.strip()[:200], closes_on
    versioning.save_versioned(survey, version, ["title", "closes_on", "updated_at"])
    audit.record(actor=actor, action="survey_edited", obj=survey)
    return survey


@transaction.atomic
def create_codes(*, actor: Any, survey: Survey, area: SurveyArea, count: int) -> list[str]:
    """``count`` invitation codes for the closed sample of one buurt."""
    policy.require(actor, "codes", "survey", survey)
    if area.survey_id != survey.pk:
        raise ValidationError({"area": "Deze buurt hoort niet bij de peiling."})
    if not 1 <= count <= 2000:
        raise ValidationError({"count": "Kies een aantal van 1 tot en met 2000."})
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(8)) for _ in range(count)]
    InvitationCode.objects.bulk_create(
        [InvitationCode(survey=survey, area=area, code=c) for c in codes]
    )
    audit.record(actor=actor, action="survey_codes_created", obj=survey, detail={"aantal": count})
    return codes


# --- answering ----------------------------------------------------------------------------------


def visible_questions(questions: list[Question], raw: dict[str, Any]) -> list[Question]:
    """The questions a respondent sees, given the answers so far (simple skip logic: a question
    with ``show_if_code`` shows only when that question's answer is among ``show_if_values``)."""
    shown: dict[str, Question] = {}
    for q in questions:
        if q.show_if_code:
            parent = shown.get(q.show_if_code)
            given = raw.get(q.show_if_code)
            given = given if isinstance(given, list) else [given]
            if parent is None or not set(given) & set(q.show_if_values):
                continue
        shown[q.code] = q
    return list(shown.values())


def _clean(questions: list[Question], raw: dict[str, Any]) -> list[tuple[Question, Any]]:
    errors, out = {}, []
    for q in visible_questions(questions, raw):
        value = raw.get(q.code)
        empty = value in (None, "", [])
        if empty:
            if q.required:
                errors[q.code] = f"Vraag '{q.text}' is verplicht."
            continue
        if q.kind == Question.Kind.SINGLE:
            if value not in q.option_labels:
                errors[q.code] = f"Kies een antwoord uit de lijst bij '{q.text}'."
                continue
        elif q.kind == Question.Kind.MULTIPLE:
            value = [value] if isinstance(value, str) else list(value)
            if not set(value) <= set(q.option_labels):
                errors[q.code] = f"Kies antwoorden uit de lijst bij '{q.text}'."
                continue
        elif q.kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
            try:
                value = float(str(value).replace(",", "."))
            except ValueError:
                errors[q.code] = f"Vul een getal in bij '{q.text}'."
                continue
            if not q.scale_min <= value <= q.scale_max or (
                q.kind == Question.Kind.SCALE and value != int(value)
            ):
                errors[q.code] = (
                    f"Kies een getal van {q.scale_min} tot en met {q.scale_max} bij '{q.text}'."
                )
                continue
        else:
            value = str(value).strip()[:500]
        out.append((q, value))
    if errors:
        raise ValidationError(errors)
    return out


def _store(survey: Survey, area: SurveyArea, channel: str, cleaned: list) -> Response:
    response = Response.objects.create(
        survey=survey, area=area, channel=channel, received_on=timezone.localdate()
    )
    answers, texts = [], []
    provenance = records.Provenance(
        source_organisation=survey.organisation.name, author=records.author_of(None), **PROVENANCE
    )
    for q, value in cleaned:
        if q.kind == Question.Kind.TEXT:
            text = FreeTextAnswer(response=response, question=q, text=value)
            texts.append(
                records.stamp(
                    text,
                    provenance,
                    start=timezone.localdate(),
                    months=FREE_TEXT_MONTHS[FreeTextAnswer.Review.PENDING],
                )
            )
        elif q.kind == Question.Kind.MULTIPLE:
            answers.append(Answer(response=response, question=q, values=value))
        elif q.kind == Question.Kind.SINGLE:
            answers.append(Answer(response=response, question=q, value=value))
        else:
            answers.append(Answer(response=response, question=q, number=value))
    Answer.objects.bulk_create(answers)
    FreeTextAnswer.objects.bulk_create(texts)
    return response


def _check_open(survey: Survey) -> None:
    today = timezone.localdate()
    if survey.status != Survey.Status.OPEN or not survey.opens_on <= today <= survey.closes_on:
        raise ValidationError({"__all__": "Deze peiling is niet (meer) open."})


def _throttle(survey: Survey, address: str | None) -> None:
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    digest = _digest("throttle", survey.pk, address or "onbekend", hour.isoformat())
    row, _ = OpenLinkThrottle.objects.get_or_create(digest=digest, defaults={"hour": hour})
    if row.count >= OPEN_LINK_MAX_PER_HOUR:
        raise ValidationError(
            {
                "__all__": "Vanaf dit adres zijn het afgelopen uur al veel formulieren verstuurd. Probeer het later opnieuw."
            }
        )
    OpenLinkThrottle.objects.filter(pk=digest).update(count=F("count") + 1)


@transaction.atomic
def answer_open_link(*, area: SurveyArea, raw: dict[str, Any], address: str | None) -> None:
    """A resident's answers through the open link of a buurt. Returns nothing: no response id
    leaves this function (so none can land in a cookie, a redirect or a log)."""
    policy.require(None, "answer", "public_survey")
    survey = area.survey
    _check_open(survey)
    if not area.open_link:
        raise ValidationError(
            {"__all__": "Deze link is gesloten. Gebruik de code uit uw uitnodiging."}
        )
    cleaned = _clean(list(survey.questions.all()), raw)
    _throttle(survey, address)
    _store(survey, area, Response.Channel.OPEN_LINK, cleaned)


def find_code(code: str) -> InvitationCode | None:
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    return InvitationCode.objects.select_related("survey", "area").filter(code=code).first()


@transaction.atomic
def answer_with_code(*, code: str, raw: dict[str, Any]) -> None:
    """A resident's answers with an invitation code: the code is marked used (once) in
    ``UsedCode``, which holds no reference to the response."""
    policy.require(None, "answer", "public_survey")
    invitation = find_code(code)
    if invitation is None:
        raise ValidationError(
            {"code": "Deze code kennen wij niet. Controleer de code op uw uitnodiging."}
        )
    survey = invitation.survey
    _check_open(survey)
    cleaned = _clean(list(survey.questions.all()), raw)
    try:
        with transaction.atomic():
            UsedCode.objects.create(digest=_digest("code", invitation.code), survey=survey)
    except IntegrityError:
        raise ValidationError(
            {"code": "Deze code is al gebruikt. Elke code werkt één keer."}
        ) from None
    _store(survey, invitation.area, Response.Channel.CODE, cleaned)


def code_used(invitation: InvitationCode) -> bool:
    return UsedCode.objects.filter(pk=_digest("code", invitation.code)).exists()


@transaction.atomic
def enter_paper_form(*, actor: Any, area: SurveyArea, raw: dict[str, Any]) -> None:
    """A field worker types in a paper form; audited against the survey, not the response."""
    survey = area.survey
    policy.require(actor, "paper", "survey", survey)
    if survey.status == Survey.Status.CONCEPT:
        raise ValidationError({"__all__": "De peiling loopt nog niet."})
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(
            {
                "__all__": "De peiling is gesloten; papieren formulieren kunnen niet meer worden ingevoerd."
            }
        )
    cleaned = _clean(list(survey.questions.all()), raw)
    _store(survey, area, Response.Channel.PAPER, cleaned)
    audit.record(
        actor=actor, action="survey_paper_added", obj=survey, detail={"buurt": area.area_code}
    )


@transaction.atomic
def review_free_text(*, actor: Any, text: FreeTextAnswer, release: bool) -> FreeTextAnswer:
    """The check for names and addresses: released text may be read by the owner; withheld
    text is kept one month (then removed)."""
    policy.require(actor, "review", "survey_free_text", text)
    text.review = FreeTextAnswer.Review.RELEASED if release else FreeTextAnswer.Review.WITHHELD
    fields = [
        "review",
        *records.move_term(text, start=timezone.localdate(), months=FREE_TEXT_MONTHS[text.review]),
    ]
    text.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="survey_free_text_reviewed",
        obj=text,
        tenant_id=text.response.survey.tenant_id,
        detail={"uitkomst": text.review},
    )
    return text


def retention(*, actor: Any, now: Any, tenant: Tenant | None = None) -> dict[str, int]:
    """Remove free text past its term and throttle rows older than a day."""
    today = now.date() if hasattr(now, "date") else now
    texts = FreeTextAnswer.objects.filter(retain_until__lt=today)
    if tenant is not None:
        texts = texts.filter(response__survey__tenant=tenant)
    removed, _ = texts.delete()
    throttles, _ = OpenLinkThrottle.objects.filter(hour__lt=now - timedelta(days=1)).delete()
    return {
        "Vrije tekst uit bewonerspeilingen verwijderd": removed,
        "Snelheidsbegrenzing peilingen opgeschoond": throttles,
    }
