"""Publishing chosen results in one action (``publishing.publish_results``): to the wijkbeeld and
as programme indicators — only shown cells get a value, all or nothing, idempotent, only with the
policy's permission on both the survey and the programme; through the results page (errors in
the form, never a 500), the API and the downloads (CSV, XLSX, PDF read back)."""

from __future__ import annotations

import io

import openpyxl
import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, UserFactory
from wijkkompas.areas.models import Indicator as AreaIndicator
from wijkkompas.programmes import reporting
from wijkkompas.programmes import services as programme_services
from wijkkompas.programmes.models import Indicator, Measurement
from wijkkompas.programmes.tests.factories import integrale_werkwijze
from wijkkompas.surveys.publishing import indicator_name, publish_results
from wijkkompas.surveys.results import survey_results
from wijkkompas.surveys.wijkbeeld import indicator_code

from . import factories as f

pytestmark = pytest.mark.django_db


def _programme(actor, area_codes, tenant=None, lead=None, partners=()):
    return programme_services.start_programme(
        actor=policy.SYSTEM,
        tenant=tenant or actor.tenant,
        template=integrale_werkwijze(),
        title="Aanpak Oude Kern",
        lead_organisation=lead or actor.organisation,
        coordinator=actor,
        area_codes=area_codes,
        partners=partners,
    )


@pytest.fixture
def setup():
    tenant = f.tenant_with_buurten()
    manager = f.owner(tenant)
    s = f.survey(tenant, organisation=manager.organisation, status="gesloten")
    big, second, small = s.areas.all()
    # Oude Kern: 20 responses, veilig_avond mean 7; only 3 answered cohesie (suppressed cell)
    f.add_responses(
        s,
        big,
        [{"veilig_avond": 6, "cohesie": 4}] * 3
        + [{"veilig_avond": 6}] * 7
        + [{"veilig_avond": 8}] * 10,
    )
    f.add_responses(s, second, [{"veilig_avond": 5, "cohesie": 3}] * 7)
    f.add_responses(s, small, [{"veilig_avond": 1, "cohesie": 1}] * 2)  # hidden buurt
    programme = _programme(manager, [big.area_code, small.area_code])
    return s, manager, programme, big, second, small


def _measurements(programme):
    return {
        m.indicator.name: m
        for m in Measurement.objects.filter(indicator__programme=programme).select_related(
            "indicator"
        )
    }


def test_only_shown_cells_become_measurements(setup):
    s, manager, programme, big, second, small = setup
    done = publish_results(
        actor=manager, survey=s, question_codes=["veilig_avond", "cohesie"], programme=programme
    )
    avond, cohesie = (s.questions.get(code=c) for c in ("veilig_avond", "cohesie"))
    measured = _measurements(programme)
    assert list(measured) == [indicator_name(avond, big.name)]
    m = measured[indicator_name(avond, big.name)]
    assert m.value == pytest.approx(7.0) and m.year == s.closes_on.year
    assert "bewonerspeiling" in m.source and "n=20" in m.source
    assert sorted(done.suppressed) == sorted(
        [
            indicator_name(avond, small.name),
            indicator_name(cohesie, big.name),
            indicator_name(cohesie, small.name),
        ]
    )
    # Nieuwe Rand is not one of the programme's buurten
    assert not Indicator.objects.filter(programme=programme, name__contains=second.name).exists()
    # every value the programme holds is a cell the results table shows, n at least the threshold
    results = survey_results(s)
    for name, m in measured.items():
        question = next(
            r for r in results.questions if indicator_name(r.question, big.name) == name
        )
        cell = question.cell(big.pk)
        assert not cell.suppressed and cell.n >= results.threshold
        assert m.value == pytest.approx(round(cell.mean, 2))
    # the wijkbeeld got the two chosen questions, not the others
    assert AreaIndicator.objects.filter(code=indicator_code(s, avond)).exists()
    assert AreaIndicator.objects.filter(code=indicator_code(s, cohesie)).exists()
    leefbaarheid = s.questions.get(code="leefbaarheid")
    assert not AreaIndicator.objects.filter(code=indicator_code(s, leefbaarheid)).exists()
    event = AuditEvent.objects.get(action="survey_results_to_programme")
    assert event.detail["programme"] == programme.pk and event.detail["waarden"] == 1


def test_publishing_again_changes_nothing(setup):
    s, manager, programme, *_ = setup
    publish_results(actor=manager, survey=s, programme=programme)
    first = {n: (m.value, m.year, m.source) for n, m in _measurements(programme).items()}
    indicators = Indicator.objects.filter(programme=programme).count()
    publish_results(actor=manager, survey=s, programme=programme)
    again = {n: (m.value, m.year, m.source) for n, m in _measurements(programme).items()}
    assert again == first and len(first) == 1  # only veilig_avond in Oude Kern is shown
    assert Indicator.objects.filter(programme=programme).count() == indicators


def test_all_or_nothing_when_the_programme_has_another_value_for_that_year(setup):
    s, manager, programme, big, *_ = setup
    avond = s.questions.get(code="veilig_avond")
    own = reporting.create_indicator(
        actor=manager, programme=programme, name=indicator_name(avond, big.name)
    )
    reporting.record_measurement(
        actor=manager,
        indicator=own,
        version=own.version,
        year=s.closes_on.year,
        value=3.0,
        source="eigen telling",
    )
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="al een andere waarde"):
        publish_results(actor=manager, survey=s, programme=programme)
    assert not AreaIndicator.objects.filter(code=indicator_code(s, avond)).exists()
    assert Indicator.objects.filter(programme=programme).count() == 1
    assert Measurement.objects.get(indicator=own).value == 3.0
    assert AuditEvent.objects.count() == audits


def test_permission_on_survey_and_programme(setup):
    s, manager, programme, *_ = setup
    avond = s.questions.get(code="veilig_avond")
    partner = UserFactory(
        organisation=OrganisationFactory(tenant=s.tenant), roles=[Role.OOV_ADVISEUR]
    )
    with pytest.raises(policy.Denied):
        publish_results(actor=partner, survey=s)
    # the owner may publish the survey, but not into a programme another organisation leads
    theirs = _programme(partner, programme.area_codes)
    with pytest.raises(policy.Denied):
        publish_results(actor=manager, survey=s, programme=theirs)
    assert not AreaIndicator.objects.filter(code=indicator_code(s, avond)).exists()
    assert not Indicator.objects.filter(programme=theirs).exists()
    elsewhere = f.tenant_with_buurten("elders", "GM9803")
    other = _programme(f.owner(elsewhere), [f.buurt_codes("GM9803")[0]])
    with pytest.raises(ValidationError, match="niet bij deze gemeente"):
        publish_results(actor=manager, survey=s, programme=other)
    open_survey = f.survey(s.tenant, organisation=manager.organisation)
    with pytest.raises(ValidationError, match="gesloten"):
        publish_results(actor=manager, survey=open_survey)


def test_a_programme_over_the_whole_gemeente_shares_every_buurt(setup):
    s, manager, _programme_of_two, big, second, _small = setup
    whole = _programme(manager, [s.tenant.cbs_code])
    done = publish_results(
        actor=manager, survey=s, question_codes=["veilig_avond"], programme=whole
    )
    avond = s.questions.get(code="veilig_avond")
    assert sorted(done.measured) == sorted(
        [indicator_name(avond, big.name), indicator_name(avond, second.name)]
    )
    with pytest.raises(ValidationError, match="geen buurt gemeen"):
        publish_results(actor=manager, survey=s, programme=_programme(manager, []))
    with pytest.raises(ValidationError, match="Geen schaalvraag"):
        publish_results(actor=manager, survey=s, question_codes=["veilig_buurt"])


def test_results_page_form(setup, client_for):
    s, manager, programme, big, *_ = setup
    c = client_for(manager)
    url = reverse("surveys:publish", args=[s.pk])
    page = c.get(reverse("surveys:results", args=[s.pk])).content.decode()
    assert 'value="veilig_avond"' in page and programme.title in page
    empty = c.post(url, {"questions": []})
    assert empty.status_code == 422
    assert "Dit veld is verplicht" in empty.content.decode()
    wrong = c.post(url, {"questions": ["veilig_avond"], "programme": "999999"})
    assert wrong.status_code == 422 and "geen beschikbare keuze" in wrong.content.decode()
    done = c.post(url, {"questions": ["veilig_avond"], "programme": programme.pk}, follow=True)
    assert done.status_code == 200
    text = done.content.decode()
    assert "1 metingen vastgelegd" in text and "wijkbeeld" in text
    assert list(_measurements(programme)) == [
        indicator_name(s.questions.get(code="veilig_avond"), big.name)
    ]
    # a conflict shows in the form, not as a 500
    Measurement.objects.update(source="eigen telling")
    refused = c.post(url, {"questions": ["veilig_avond"], "programme": programme.pk})
    assert refused.status_code == 422 and "al een andere waarde" in refused.content.decode()


def test_api_publish(setup, api_client_for):
    s, manager, programme, *_ = setup
    c = api_client_for(manager)
    url = f"/api/v1/surveys/{s.pk}/publish"
    r = c.post(
        url,
        {"questions": ["veilig_avond"], "programme_id": programme.pk},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["programme_id"] == programme.pk and len(body["measured"]) == 1
    assert len(body["suppressed"]) == 1
    assert c.post(url, {}, content_type="application/json").json()["programme_id"] is None
    bad = c.post(url, {"questions": ["bestaat_niet"]}, content_type="application/json")
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")
    partner = UserFactory(
        organisation=OrganisationFactory(tenant=s.tenant), roles=[Role.OOV_ADVISEUR]
    )
    hidden = _programme(partner, programme.area_codes)
    assert (
        c.post(url, {"programme_id": hidden.pk}, content_type="application/json").status_code == 404
    )
    # a partner in the programme sees it but does not lead it: its indicators are not ours
    involved = _programme(
        partner, programme.area_codes, partners=[(manager.organisation, "uitvoering")]
    )
    denied = c.post(url, {"programme_id": involved.pk}, content_type="application/json")
    assert denied.status_code == 403
    assert not Indicator.objects.filter(programme=involved).exists()


def test_downloads_read_back(setup, client_for):
    s, manager, *_ = setup
    c = client_for(manager)
    xlsx = c.get(reverse("surveys:results_xlsx", args=[s.pk]))
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("vraagcode", "vraag", "buurt", "antwoord", "n")
    mean = next(r for r in rows if r[0] == "veilig_avond" and r[2] == "Oude Kern")
    assert mean[3] == "gemiddelde" and mean[4] == 20 and mean[5] == pytest.approx(7.0)
    cohesie = next(r for r in rows if r[0] == "cohesie" and r[2] == "Oude Kern")
    assert cohesie[4] == "<5" and cohesie[8] == "onderdrukt"
    assert ("", "", "Klein Hof", "", "<5", "", "", "", "buurt niet getoond") in [
        tuple("" if v is None else v for v in r) for r in rows
    ]
    # no published count below the threshold
    assert all(not isinstance(r[4], int) or r[4] == 0 or r[4] >= 5 for r in rows[1:])
    pdf = c.get(reverse("surveys:results_pdf", args=[s.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Uitkomsten: Quick scan" in text and "Niet getoond" in text and "Klein Hof" in text
    assert "7,0" in text
    assert AuditEvent.objects.filter(
        action="survey_results_exported", detail__formaat="pdf"
    ).exists()
