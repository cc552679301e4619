"""HTML views of Veldwerk: thin (parse → service or selector → render). Every page that shows
addresses, visits or checks writes its audit row with the ids it showed."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.core import exports
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.forms import apply_errors, submit
from wijkkompas.fieldwork import importer, selectors, services
from wijkkompas.fieldwork.coverage_map import coverage_map
from wijkkompas.fieldwork.forms import CampaignForm, CheckForm, ImportForm, SignalForm, VisitForm
from wijkkompas.fieldwork.models import Address, Campaign, InformationCheck, Visit
from wijkkompas.programmes.models import Indicator


def index(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "list", "campaign")
    campaigns = selectors.campaigns_visible_to(request.user)
    return render(
        request,
        "fieldwork/index.html",
        {
            "campaigns": campaigns,
            "can_create": policy.can(request.user, "create", "campaign"),
        },
    )


def _campaign_values(data: dict) -> dict:
    values = {k: v for k, v in data.items() if k not in ("version", "team_organisations")}
    values["questions"] = services.parse_questions(values.pop("questions", ""))
    return values


def create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "create", "campaign")
    form = CampaignForm(
        request.POST or None,
        tenant_id=request.user.tenant_id,
        initial={"status": Campaign.Status.ACTIVE, "team_roles": ["professional"]},
    )
    campaign, status = submit(
        form,
        lambda data: services.create_campaign(
            actor=request.user,
            team_organisations=data["team_organisations"],
            **_campaign_values(data),
        ),
    )
    if campaign is not None:
        messages.success(request, "De campagne is aangemaakt. Importeer nu de adreslijst.")
        return redirect(campaign)
    return render(
        request,
        "fieldwork/campaign_form.html",
        {"form": form, "title": "Nieuwe campagne"},
        status=status,
    )


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign(request.user, pk, "edit")
    initial = {
        "version": campaign.version,
        **{f: getattr(campaign, f) for f in services.campaigns.EDITABLE},
        "area_codes": ", ".join(campaign.area_codes),
        "questions": services.questions_text(campaign.questions),
        "team_organisations": list(campaign.team_organisations.all()),
    }
    form = CampaignForm(request.POST or None, tenant_id=campaign.tenant_id, initial=initial)
    saved, status = submit(
        form,
        lambda data: services.update_campaign(
            actor=request.user,
            campaign=campaign,
            version=data.get("version"),
            team_organisations=data["team_organisations"],
            **_campaign_values(data),
        ),
        current_version=lambda: (
            Campaign.objects.filter(pk=pk).values_list("version", flat=True).first()
        ),
    )
    if saved is not None:
        messages.success(request, "De campagne is opgeslagen.")
        return redirect(saved)
    return render(
        request,
        "fieldwork/campaign_form.html",
        {"form": form, "title": f"{campaign.name} bewerken", "campaign": campaign},
        status=status,
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    campaign = selectors.get_campaign(user, pk)
    team = selectors.is_team_member(user, campaign)
    coverage = selectors.coverage(user, campaign)
    # one reverse() per kind, not one per row (a list of 10,000 addresses has hundreds of rows)
    for rows, name in (
        (coverage.buurten, "areas:area"),
        (coverage.clusters, "fieldwork:close_cluster"),
    ):
        pattern = reverse(name, args=["0"])
        for r in rows:
            r.url = pattern.replace("/0/", f"/{r.key}/") if r.key else ""
    return render(
        request,
        "fieldwork/campaign.html",
        {
            "campaign": campaign,
            "coverage": coverage,
            "coverage_map": coverage_map(coverage),
            "team": team,
            "open_feedback": selectors.open_feedback(user, campaign) if team else None,
            "can_edit": policy.can(user, "edit", "campaign", campaign),
            "can_import": policy.can(
                user, "create", "fieldwork_address", selectors.draft(Address, campaign)
            ),
            "can_export": policy.can(user, "export", "campaign", campaign),
            "can_feed": campaign.programme_id is not None
            and policy.can(
                user, "edit", "programme_indicator", Indicator(programme=campaign.programme)
            ),
            "clusters": campaign.clusters.all(),
        },
    )


def import_addresses(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign(request.user, pk)
    policy.require(request.user, "create", "fieldwork_address", selectors.draft(Address, campaign))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importer.read_upload(upload, filename=upload.name)
            result = services.import_addresses(
                actor=request.user, campaign=campaign, rows=rows, filename=upload.name
            )
        except importer.ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(request, result.summary())
            return redirect(campaign)
    return render(
        request,
        "fieldwork/import.html",
        {"campaign": campaign, "form": form, "errors": errors},
        status=422 if errors else 200,
    )


def _audited_page(request: HttpRequest, queryset, object_type: str):
    page = Paginator(queryset, 50).get_page(request.GET.get("pagina"))
    selectors.audit_list(request.user, object_type, [obj.pk for obj in page])
    return page


def addresses(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign(request.user, pk)
    policy.require(request.user, "list", "fieldwork_address", selectors.draft(Address, campaign))
    page = _audited_page(
        request, selectors.addresses_of(request.user, campaign), "fieldwork_address"
    )
    return render(request, "fieldwork/addresses.html", {"campaign": campaign, "page": page})


def day_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The phone page: addresses still to visit today, in walking (geographic) order."""
    campaign = selectors.get_campaign(request.user, pk)
    policy.require(request.user, "list", "fieldwork_address", selectors.draft(Address, campaign))
    today = timezone.localdate()
    page = _audited_page(
        request, selectors.day_list(request.user, campaign, day=today), "fieldwork_address"
    )
    return render(
        request, "fieldwork/day.html", {"campaign": campaign, "page": page, "today": today}
    )


def _address_context(request: HttpRequest, address: Address, **extra) -> dict:
    user = request.user
    campaign = address.campaign
    visits = list(selectors.visits_at(user, address))
    selectors.audit_read(user, address, "fieldwork_address")
    if visits:
        selectors.audit_list(user, "visit", [v.pk for v in visits])
    draft_check = selectors.draft(InformationCheck, campaign)
    may_check = policy.can(user, "view", "information_check", draft_check)
    checks = list(selectors.checks_at(user, address)) if may_check else []
    if checks:
        selectors.audit_list(user, "information_check", [c.pk for c in checks])
    needs_check = campaign.requires_check and services.latest_check(address) is None
    return {
        "campaign": campaign,
        "address": address,
        "visits": visits,
        "checks": checks,
        "may_check": may_check,
        "needs_check": needs_check,
        "may_visit": policy.can(user, "create", "visit", selectors.draft(Visit, campaign)),
        **extra,
    }


def address(request: HttpRequest, pk: int) -> HttpResponse:
    """One address on the phone: big outcome buttons (nobody home is one tap), then the form."""
    addr = selectors.get_address(request.user, pk)
    campaign = addr.campaign
    form = VisitForm(request.POST or None, questions=campaign.questions)
    status = 200
    if request.method == "POST":
        policy.require(request.user, "create", "visit", selectors.draft(Visit, campaign))
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = services.record_visit(
                    actor=request.user,
                    address=addr,
                    outcome=data["outcome"],
                    answers=form.answers(),
                    notes=data["notes"],
                    next_visit_on=data["next_visit_on"],
                    feedback_promise=data["feedback_promise"],
                    client_key=data["client_key"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 422
            else:
                text = f"Bezoek vastgelegd: {visit.get_outcome_display()}."
                if visit.next_visit_on:
                    text += f" Voorstel volgend bezoek: {visit.next_visit_on:%d-%m-%Y}."
                messages.success(request, text)
                if request.POST.get("then") == "signal":
                    return redirect("fieldwork:signal", visit.pk)
                return redirect("fieldwork:day", campaign.pk)
        else:
            status = 422
    context = _address_context(request, addr, form=form)
    return render(request, "fieldwork/address.html", context, status=status)


def check(request: HttpRequest, pk: int) -> HttpResponse:
    addr = selectors.get_address(request.user, pk)
    draft = selectors.draft(InformationCheck, addr.campaign)
    policy.require(request.user, "create", "information_check", draft)
    form = CheckForm(request.POST or None, tenant_id=addr.tenant_id)
    saved, status = submit(
        form, lambda data: services.record_check(actor=request.user, address=addr, **data)
    )
    if saved is not None:
        messages.success(request, "De informatiecheck is vastgelegd.")
        return redirect("fieldwork:address", addr.pk)
    return render(
        request, "fieldwork/check_form.html", {"form": form, "address": addr}, status=status
    )


def signal(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise a signal from a visit: straight into the covenant's triage."""
    visit = selectors.get_visit(request.user, pk, "edit")
    form = SignalForm(request.POST or None)
    saved, status = submit(
        form, lambda data: services.raise_signal(actor=request.user, visit=visit, **data)
    )
    if saved is not None:
        messages.success(request, "Het signaal is gemeld en staat klaar voor triage.")
        return redirect("fieldwork:day", visit.campaign_id)
    return render(
        request, "fieldwork/signal_form.html", {"form": form, "visit": visit}, status=status
    )


@require_POST
def feedback_given(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.get_visit(request.user, pk, "edit")
    try:
        services.give_feedback(actor=request.user, visit=visit, version=request.POST.get("version"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Conflict as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, "Terugkoppeling als gegeven vastgelegd.")
    return redirect("fieldwork:address", visit.address_id)


@require_POST
def close_cluster(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = selectors.get_cluster(request.user, pk)
    try:
        services.close_cluster(
            actor=request.user, cluster=cluster, confirm=request.POST.get("confirm") == "ja"
        )
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
        return render(
            request,
            "fieldwork/close_cluster.html",
            {"cluster": cluster, "warning": " ".join(exc.messages)},
        )
    messages.success(request, f"Cluster {cluster.name} is afgesloten.")
    return redirect(cluster.campaign)


@require_POST
def feed_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's share visited into its Aanpak's indicator (programmes' policy decides)."""
    campaign = selectors.get_campaign(request.user, pk)
    try:
        measurement = services.feed_programme_indicator(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Indicator ‘{measurement.indicator.name}’ bijgewerkt: "
            f"{measurement.value:g}% bezocht in {measurement.year}.",
        )
    return redirect(campaign)


def export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign(request.user, pk, "export")
    return exports.csv_response(
        f"veldwerk-{campaign.pk}-{date.today():%Y%m%d}.csv",
        selectors.EXPORT_HEADER,
        selectors.export_rows(request.user, campaign),
    )
