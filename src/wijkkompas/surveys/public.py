"""The residents' answer form, without an account: the open link of a buurt or an invitation
code. A honeypot field and a signed time check stop simple bots, a keyed per-hour count per
client address limits the open link, and a signed cookie that names only the survey ("already
answered here") keeps one response per browser; nothing of it is stored with the response."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from wijkkompas.accounts import audit
from wijkkompas.surveys import services
from wijkkompas.surveys.models import Question, SurveyArea

SALT = "surveys.answer"
MIN_SECONDS = 3
COOKIE_AGE = 60 * 60 * 24 * 180


def cookie_name(survey_id: int) -> str:
    return f"wk_peiling_{survey_id}"


def form_token() -> str:
    return signing.dumps({"t": timezone.now().timestamp()}, salt=SALT)


def _check_token(token: str) -> None:
    try:
        opened = signing.loads(token or "", salt=SALT, max_age=60 * 60 * 6)
    except signing.BadSignature:
        raise ValidationError(
            {"__all__": "Het formulier is verlopen. Laad de pagina opnieuw."}
        ) from None
    if timezone.now().timestamp() - float(opened["t"]) < MIN_SECONDS:
        raise ValidationError(
            {"__all__": "Het formulier is te snel verstuurd. Wacht even en verstuur opnieuw."}
        )


def raw_answers(post, questions: list[Question]) -> dict:
    raw = {}
    for q in questions:
        raw[q.code] = (
            post.getlist(q.code) if q.kind == Question.Kind.MULTIPLE else post.get(q.code, "")
        )
    return raw


def _answered(request, survey_id: int) -> bool:
    return request.get_signed_cookie(cookie_name(survey_id), default=None, salt=SALT) == "1"


def _done(survey_id: int):
    response = redirect("surveys:answer_done")
    response.set_signed_cookie(
        cookie_name(survey_id), "1", salt=SALT, max_age=COOKIE_AGE, httponly=True, samesite="Lax"
    )
    return response


def _form(request, survey, area, *, code: str = "", errors: dict | None = None, status: int = 200):
    questions = list(survey.questions.all())
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "area": area,
            "questions": questions,
            "code": code,
            "errors": errors or {},
            "given": request.POST if request.method == "POST" else {},
            "form_token": form_token(),
        },
        status=status,
    )


@login_not_required
def answer(request, token: str):
    area = SurveyArea.objects.select_related("survey__organisation").filter(token=token).first()
    if area is None:
        raise Http404
    survey = area.survey
    if survey.status != survey.Status.OPEN:
        return render(request, "surveys/answer_closed.html", {"survey": survey}, status=410)
    if _answered(request, survey.pk):
        return render(request, "surveys/answer_already.html", {"survey": survey})
    if request.method == "POST":
        if request.POST.get("website"):
            return _done(survey.pk)  # a bot filled the hidden field: pretend success
        try:
            _check_token(request.POST.get("form_token", ""))
            services.answer_open_link(
                area=area,
                raw=raw_answers(request.POST, list(survey.questions.all())),
                address=audit.client_address(request),
            )
        except ValidationError as error:
            return _form(request, survey, area, errors=error.message_dict, status=422)
        return _done(survey.pk)
    return _form(request, survey, area)


@login_not_required
def answer_code(request):
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()
    invitation = services.find_code(code) if code else None
    if invitation is None:
        error = "Deze code kennen wij niet. Controleer de code op uw uitnodiging." if code else ""
        return render(request, "surveys/answer_code.html", {"error": error, "code": code})
    survey = invitation.survey
    if survey.status != survey.Status.OPEN:
        return render(request, "surveys/answer_closed.html", {"survey": survey}, status=410)
    if request.method == "POST" and "form_token" in request.POST:
        if request.POST.get("website"):
            return _done(survey.pk)
        try:
            _check_token(request.POST.get("form_token", ""))
            services.answer_with_code(
                code=code, raw=raw_answers(request.POST, list(survey.questions.all()))
            )
        except ValidationError as error:
            return _form(
                request,
                survey,
                invitation.area,
                code=invitation.code,
                errors=error.message_dict,
                status=422,
            )
        return _done(survey.pk)
    if services.code_used(invitation):
        return render(
            request,
            "surveys/answer_code.html",
            {"error": "Deze code is al gebruikt. Elke code werkt één keer.", "code": code},
        )
    return _form(request, survey, invitation.area, code=invitation.code)


@login_not_required
def answer_done(request):
    return render(request, "surveys/answer_done.html")
