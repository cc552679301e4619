"""Factories for tenants, organisations and users; other apps' factories build on these."""

import factory
from django.conf import settings

from wijkkompas.accounts.models import Organisation, Tenant, User
from wijkkompas.accounts.roles import Role


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.GEMEENTE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    roles = factory.LazyFunction(lambda: [Role.OOV_ADVISEUR.value])
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
