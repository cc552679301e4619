"""Thin views for the owner and the readers of surveys: list, create, detail, results (HTML, CSV,
XLSX, PDF) with the publish form, invitation codes with QR, paper entry and the free-text check."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wijkkompas.accounts import audit, policy
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.forms import apply_errors
from wijkkompas.surveys import outputs, public, publishing, selectors, services
from wijkkompas.surveys.models import FreeTextAnswer, Question, Survey, SurveyArea
from wijkkompas.surveys.results import comparison, survey_results


class SurveyForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200)
    template = forms.ChoiceField(label="Sjabloon")
    anonymity = forms.ChoiceField(
        label="Anonimiteit (ligt daarna vast)", choices=Survey.Anonymity.choices
    )
    opens_on = forms.DateField(label="Start", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label="Einde", widget=forms.DateInput(attrs={"type": "date"}))
    area_codes = forms.MultipleChoiceField(label="Buurten", widget=forms.CheckboxSelectMultiple)
    previous = forms.TypedChoiceField(
        label="Vergelijken met eerdere peiling", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, buurten, earlier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(k, v["title"]) for k, v in services.templates().items()]
        self.fields["area_codes"].choices = [(c, f"{n} ({c})") for c, n in buurten]
        self.fields["previous"].choices = [("", "Geen")] + [(s.pk, str(s)) for s in earlier]


class QuestionForm(forms.Form):
    text = forms.CharField(label="Vraag", max_length=300)
    kind = forms.ChoiceField(label="Soort", choices=Question.Kind.choices)
    options = forms.CharField(
        label="Antwoordopties (één per regel)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    scale_min = forms.IntegerField(label="Minimum (schaal/getal)", initial=1)
    scale_max = forms.IntegerField(label="Maximum (schaal/getal)", initial=5)
    version = forms.IntegerField(widget=forms.HiddenInput)


def index(request):
    policy.require(request.user, "list", "survey")
    surveys = selectors.surveys_visible_to(request.user)
    return render(
        request,
        "surveys/index.html",
        {"surveys": surveys, "can_create": policy.can(request.user, "create", "survey")},
    )


def create(request):
    policy.require(request.user, "create", "survey")
    tenant = request.user.tenant
    earlier = selectors.surveys_visible_to(request.user)
    form = SurveyForm(
        request.POST or None, buurten=selectors.tenant_buurten(tenant), earlier=earlier
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        previous = earlier.filter(pk=d["previous"]).first() if d["previous"] else None
        try:
            survey = services.create_survey(
                actor=request.user,
                tenant=tenant,
                organisation=request.user.organisation,
                title=d["title"],
                template=d["template"],
                anonymity=d["anonymity"],
                opens_on=d["opens_on"],
                closes_on=d["closes_on"],
                area_codes=d["area_codes"],
                previous=previous,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/create.html", {"form": form})


def detail(request, pk: int):
    survey = selectors.get_survey(request.user, "view", pk)
    user = request.user
    question_form = QuestionForm(initial={"version": survey.version})
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "areas": survey.areas.all(),
            "questions": survey.questions.all(),
            "can_edit": policy.can(user, "edit", "survey", survey),
            "can_results": policy.can(user, "results", "survey", survey),
            "can_codes": policy.can(user, "codes", "survey", survey),
            "can_paper": policy.can(user, "paper", "survey", survey) and survey.status == "open",
            "can_publish": policy.can(user, "publish", "survey", survey) and survey.is_closed,
            "can_review": policy.can(user, "review", "survey_free_text")
            and policy.can(user, "edit", "survey", survey),
            "question_form": question_form,
            "base_url": request.build_absolute_uri("/")[:-1],
        },
    )


@require_POST
def add_question(request, pk: int):
    survey = selectors.get_survey(request.user, "edit", pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_question(
                actor=request.user,
                survey=survey,
                version=d["version"],
                text=d["text"],
                kind=d["kind"],
                options=d["options"].splitlines(),
                scale_min=d["scale_min"],
                scale_max=d["scale_max"],
            )
        except (ValidationError, Conflict) as error:
            text = error.detail if isinstance(error, Conflict) else "; ".join(error.messages)
            messages.error(request, f"Vraag niet toegevoegd: {text}")
        else:
            messages.success(request, "Vraag toegevoegd.")
    else:
        messages.error(request, "Vraag niet toegevoegd: vul de vraag en de soort in.")
    return redirect("surveys:detail", pk=survey.pk)


@require_POST
def change_status(request, pk: int):
    survey = selectors.get_survey(request.user, "edit", pk)
    try:
        services.change_status(
            actor=request.user,
            survey=survey,
            version=request.POST.get("version"),
            status=request.POST.get("status", ""),
        )
    except (ValidationError, Conflict) as error:
        text = error.detail if isinstance(error, Conflict) else "; ".join(error.messages)
        messages.error(request, text)
    return redirect("surveys:detail", pk=survey.pk)


class PublishForm(forms.Form):
    questions = forms.MultipleChoiceField(
        label="Vragen (schaalvragen)", widget=forms.CheckboxSelectMultiple
    )
    programme = forms.TypedChoiceField(
        label="Ook als indicator van programma (optioneel)",
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, survey, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(q.code, q.text) for q in publishing.chosen_questions(survey, None)]
        self.fields["questions"].choices = choices
        self.fields["questions"].initial = [c for c, _ in choices]
        self.fields["programme"].choices = [("", "Geen programma")] + [
            (p.pk, p.title) for p in programmes
        ]


def _publish_form(request, survey: Survey, data=None) -> PublishForm | None:
    if not (survey.is_closed and policy.can(request.user, "publish", "survey", survey)):
        return None
    return PublishForm(
        data, survey=survey, programmes=selectors.programmes_for_publishing(request.user, survey)
    )


def _results_page(request, survey: Survey, publish_form=None, status: int = 200):
    data = survey_results(survey, provisional=not survey.is_closed)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": data,
            "differences": _differences(request.user, survey, data),
            "publish_form": publish_form or _publish_form(request, survey),
        },
        status=status,
    )


def _differences(user, survey: Survey, data):
    if survey.previous_id and policy.can(user, "results", "survey", survey.previous):
        return comparison(data, survey_results(survey.previous))
    return None


def results(request, pk: int):
    survey = selectors.get_survey(request.user, "results", pk)
    return _results_page(request, survey)


def results_download(request, pk: int, fmt: str):
    survey = selectors.get_survey(request.user, "export", pk)
    data = survey_results(survey, provisional=not survey.is_closed)
    audit.record(
        actor=request.user, action="survey_results_exported", obj=survey, detail={"formaat": fmt}
    )
    if fmt == "xlsx":
        return outputs.xlsx_response(data)
    if fmt == "pdf":
        return outputs.pdf_response(data, _differences(request.user, survey, data))
    return outputs.csv_response(data)


@require_POST
def publish(request, pk: int):
    survey = selectors.get_survey(request.user, "publish", pk)
    form = _publish_form(request, survey, request.POST)
    if form is None:
        messages.error(
            request, "Niet gepubliceerd: alleen een gesloten peiling kan worden gepubliceerd."
        )
        return redirect("surveys:detail", pk=survey.pk)
    if form.is_valid():
        programme = None
        if form.cleaned_data["programme"]:
            programme = selectors.programmes_for_publishing(request.user, survey).get(
                pk=form.cleaned_data["programme"]
            )
        try:
            done = publishing.publish_results(
                actor=request.user,
                survey=survey,
                question_codes=form.cleaned_data["questions"],
                programme=programme,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            text = (
                "Uitkomsten staan als lokale indicatoren in het wijkbeeld "
                f"({sum(done.wijkbeeld.values())} waarden)."
            )
            if programme is not None:
                text += (
                    f" Programma '{programme.title}': {len(done.measured)} metingen vastgelegd"
                    f", {len(done.suppressed)} indicatoren zonder waarde (onderdrukt)."
                )
            messages.success(request, text)
            return redirect(reverse("surveys:results", args=[survey.pk]) + "#publiceren")
    return _results_page(request, survey, form, status=422)


def codes(request, pk: int):
    survey = selectors.get_survey(request.user, "codes", pk)
    if request.method == "POST":
        area = get_object_or_404(SurveyArea, survey=survey, pk=request.POST.get("area"))
        try:
            services.create_codes(
                actor=request.user,
                survey=survey,
                area=area,
                count=int(request.POST.get("count") or 0),
            )
        except (ValidationError, ValueError) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        return redirect("surveys:codes", pk=survey.pk)
    base = request.build_absolute_uri(reverse("surveys:answer_code"))
    cards = [
        (c, segno.make(f"{base}?code={c.code}", error="m").svg_inline(scale=3))
        for c in survey.codes.select_related("area")
    ]
    audit.record(actor=request.user, action="survey_codes_viewed", obj=survey)
    return render(
        request,
        "surveys/codes.html",
        {"survey": survey, "cards": cards, "areas": survey.areas.all(), "base": base},
    )


def paper(request, pk: int):
    survey = selectors.get_survey(request.user, "paper", pk)
    areas = list(survey.areas.all())
    errors: dict = {}
    if request.method == "POST":
        area = next((a for a in areas if str(a.pk) == request.POST.get("area")), None)
        try:
            if area is None:
                raise ValidationError({"area": "Kies de buurt van het formulier."})
            services.enter_paper_form(
                actor=request.user,
                area=area,
                raw=public.raw_answers(request.POST, list(survey.questions.all())),
            )
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, "Formulier ingevoerd. U kunt het volgende invoeren.")
            return redirect("surveys:paper", pk=survey.pk)
    return render(
        request,
        "surveys/paper.html",
        {
            "survey": survey,
            "areas": areas,
            "questions": list(survey.questions.all()),
            "errors": errors,
            "given": request.POST if errors else {},
        },
        status=422 if errors else 200,
    )


def free_texts(request, pk: int):
    survey = selectors.get_survey(request.user, "edit", pk)
    policy.require(request.user, "review", "survey_free_text")
    texts = list(selectors.free_texts_for_review(request.user, survey))
    if request.method == "POST":
        text = next((t for t in texts if str(t.pk) == request.POST.get("text")), None)
        if text is not None:
            services.review_free_text(
                actor=request.user, text=text, release=request.POST.get("decision") == "vrijgeven"
            )
        return redirect("surveys:free_texts", pk=survey.pk)
    audit.record(
        actor=request.user,
        action="survey_free_text_listed",
        obj=survey,
        detail={"ids": [t.pk for t in texts]},
    )
    pending = [t for t in texts if t.review == FreeTextAnswer.Review.PENDING]
    released = [t for t in texts if t.review == FreeTextAnswer.Review.RELEASED]
    return render(
        request,
        "surveys/free_texts.html",
        {"survey": survey, "pending": pending, "released": released, "today": timezone.localdate()},
    )
