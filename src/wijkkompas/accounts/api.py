from ninja import Schema

from wijkkompas.accounts import policy, selectors
from wijkkompas.accounts.models import Organisation
from wijkkompas.core.api_support import ApiRouter

router = ApiRouter(tags=["accounts"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str


class MeOut(Schema):
    username: str
    tenant: str | None
    organisation: OrganisationOut | None
    roles: list[str]


@router.get("/me", response=MeOut, summary="De ingelogde gebruiker")
def get_me(request):
    user = request.auth
    policy.require(user, "view", "start")
    return {
        "username": user.username,
        "tenant": user.tenant.slug if user.tenant else None,
        "organisation": user.organisation,
        "roles": user.roles,
    }


@router.paged("/organisations", OrganisationOut, summary="Ketenpartners van de eigen gemeente")
def list_organisations(request):
    return selectors.organisations_visible_to(request.auth)


@router.get(
    "/organisations/{organisation_id}", response=OrganisationOut, summary="Eén ketenpartner"
)
def get_organisation(request, organisation_id: int):
    return policy.get_object_or_404(
        request.auth, "view", "organisation", Organisation, pk=organisation_id
    )
