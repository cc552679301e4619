"""The one access policy: "may this user do this action on this object?".

Every view, API endpoint, export and CLI command asks here; nothing else checks roles. The rules
are data (``RULES``: (object_type, action) -> Rule). Each app declares its own in
``<app>/policy_rules.py`` (``RULES``, and the ``PUBLIC_VIEWS`` / ``PUBLIC_API_OPERATIONS`` it
offers without login), registered from its ``AppConfig.ready()`` with
``policy.register_app(self)`` (``accounts.appconfig``); a rule declared twice is refused. So this module imports no domain
app, the decision is still made here only, and a test can enumerate every rule.

Contract:
- ``can(user, action, object_type, obj=None)`` -> bool. With ``obj`` the object-level check runs
  (tenant match and the rule's condition); without it the type-level check runs (may the user do
  this to *some* object of this type, e.g. show a "new" button or a module link).
- ``visible(user, action, object_type, queryset)`` -> queryset: the list-side twin of ``can``.
- ``get_object_or_404(user, action, object_type, queryset, **lookup)``: an object of another tenant
  (or one the user may not even list) answers 404, never 403; a visible object the user may not
  act on raises PermissionDenied (403). Both refusals (``Denied``, ``Hidden``) carry what was
  refused, and the trail records each one (``audit.record_refusal``).
- ``SYSTEM`` is the actor for CLI commands run by an operator with shell access; it passes every
  rule that does not set ``system=False``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from wijkkompas.accounts.roles import ALL_ROLES, PERSON_DATA_ROLES

# Pseudo-roles for rules.
ANONYMOUS = "anoniem"  # anyone, also without login (published knowledge, the public signal form)
AUTHENTICATED = frozenset(ALL_ROLES)

Condition = Callable[[Any, Any], bool]
QueryFilter = Callable[[Any, QuerySet], QuerySet]


@dataclass(frozen=True)
class Rule:
    """Who may do one action on one object type.

    roles: roles that may act (``AUTHENTICATED`` = any logged-in user, ``{ANONYMOUS}`` = anyone).
    tenant_scoped: the object must belong to the user's tenant (checked through ``obj.tenant_id``).
    condition / queryset_filter: an extra object-level check and its list-side twin, e.g. "only
      covenant partners", "own organisation". A rule with a condition must have both.
    """

    roles: frozenset[str]
    tenant_scoped: bool = True
    condition: Condition | None = None
    queryset_filter: QueryFilter | None = None
    system: bool = True
    tenant_field: str = "tenant_id"
    description: str = ""

    def __post_init__(self) -> None:
        if (self.condition is None) != (self.queryset_filter is None):
            raise ValueError(
                "A rule with a condition needs the matching queryset_filter (and vice versa)."
            )


def rule(*roles: str, **kwargs: Any) -> Rule:
    flat: set[str] = set()
    for r in roles:
        flat |= set(r) if isinstance(r, frozenset | set) else {r}
    return Rule(roles=frozenset(flat), **kwargs)


class _System:
    """The operator at the command line: no tenant of its own, acts on the tenant it names."""

    is_authenticated = True
    is_anonymous = False
    is_system = True
    pk = None
    id = None
    username = "systeem"
    roles: list[str] = []
    organisation_id = None
    tenant_id = None

    def __str__(self) -> str:
        return "systeem (CLI)"


SYSTEM = _System()

RULES: dict[tuple[str, str], Rule] = {}
# Views reachable without login, by URL name. The URL-walk test fails on any other view that an
# anonymous visitor can reach, and on any name here that is not really public.
PUBLIC_VIEWS: set[str] = set()
# API operations callable without authentication (ninja operation ids).
PUBLIC_API_OPERATIONS: set[str] = set()


def register_rules(
    rules: Mapping[tuple[str, str], Rule],
    *,
    public_views: Iterable[str] = (),
    public_api_operations: Iterable[str] = (),
) -> None:
    """Add an app's rules to the policy. A rule already declared (by this app or another) is
    refused, so two apps can never silently disagree about one (object type, action)."""
    twice = sorted(set(rules) & set(RULES))
    if twice:
        raise ImproperlyConfigured(f"Policy rule(s) declared twice: {twice}.")
    for key, value in rules.items():
        if not isinstance(value, Rule):
            raise ImproperlyConfigured(f"Policy rule {key} is not a Rule: {value!r}.")
    RULES.update(rules)
    PUBLIC_VIEWS.update(public_views)
    PUBLIC_API_OPERATIONS.update(public_api_operations)


def register_app(app_config: AppConfig) -> None:
    """Register ``<app>.policy_rules`` (``RULES`` and optional ``PUBLIC_VIEWS`` and
    ``PUBLIC_API_OPERATIONS``); called from the app's ``ready()``, when its models can be
    imported."""
    declared = import_module(f"{app_config.name}.policy_rules")
    register_rules(
        declared.RULES,
        public_views=getattr(declared, "PUBLIC_VIEWS", ()),
        public_api_operations=getattr(declared, "PUBLIC_API_OPERATIONS", ()),
    )


def _is_system(user: Any) -> bool:
    return getattr(user, "is_system", False)


def _roles_of(user: Any) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {ANONYMOUS}
    return {ANONYMOUS, *getattr(user, "roles", [])}


def get_rule(object_type: str, action: str) -> Rule:
    try:
        return RULES[(object_type, action)]
    except KeyError:
        raise KeyError(
            f"No policy rule for ({object_type!r}, {action!r}); add one to the app's policy_rules.py."
        ) from None


def _tenant_id_of(obj: Any, tenant_field: str) -> Any:
    """Follow ``tenant_field`` ("tenant_id", "organisation__tenant_id", "id") on an instance."""
    value = obj
    for part in tenant_field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _same_tenant(user: Any, obj: Any, tenant_field: str) -> bool:
    obj_tenant = _tenant_id_of(obj, tenant_field)
    return obj_tenant is not None and obj_tenant == getattr(user, "tenant_id", None)


def can(user: Any, action: str, object_type: str, obj: Any = None) -> bool:
    """May ``user`` do ``action`` on ``obj`` (or on some object of ``object_type``)?"""
    r = get_rule(object_type, action)
    if _is_system(user):
        return r.system
    if not (_roles_of(user) & r.roles):
        return False
    if r.tenant_scoped and getattr(user, "tenant_id", None) is None:
        return False
    if obj is None:
        return True
    if r.tenant_scoped and not _same_tenant(user, obj, r.tenant_field):
        return False
    return r.condition is None or bool(r.condition(user, obj))


def visible(user: Any, action: str, object_type: str, queryset: QuerySet) -> QuerySet:
    """The objects of ``queryset`` on which ``user`` may do ``action``."""
    r = get_rule(object_type, action)
    if _is_system(user):
        return queryset if r.system else queryset.none()
    if not (_roles_of(user) & r.roles):
        return queryset.none()
    if r.tenant_scoped:
        tenant_id = getattr(user, "tenant_id", None)
        if tenant_id is None:
            return queryset.none()
        queryset = queryset.filter(**{r.tenant_field: tenant_id})
    if r.queryset_filter is not None:
        queryset = r.queryset_filter(user, queryset)
    return queryset


class Refused:
    """What a refusal was about, carried by the exception so the one place that answers it (the
    403/404 handlers, ``audit.record_refusal``) can write its audit row after any transaction of
    the refused request has rolled back."""

    def __init__(self, action: str, object_type: str, obj: Any = None) -> None:
        super().__init__()
        self.action, self.object_type = action, object_type
        self.object_id = getattr(obj, "pk", None)


class Denied(Refused, PermissionDenied):
    """403: the user sees the object (or type) but may not do this to it."""


class Hidden(Refused, Http404):
    """404: the object exists, but outside what the user may see."""


def require(user: Any, action: str, object_type: str, obj: Any = None) -> None:
    if not can(user, action, object_type, obj):
        raise Denied(action, object_type, obj)


def get_object_or_404(
    user: Any, action: str, object_type: str, queryset: QuerySet | type[Model], **lookup: Any
) -> Any:
    """Fetch one object for ``action``: 404 when it is outside the user's view, 403 when visible
    but the action is not allowed."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    # Visibility decides 404: the type's "view" rule where it has one, else the action itself.
    visibility = "view" if (object_type, "view") in RULES else action
    if not can(user, visibility, object_type, obj):
        raise Hidden(action, object_type, obj)
    require(user, action, object_type, obj)
    return obj


def get_visible_or_404(
    user: Any, action: str, object_type: str, queryset: QuerySet, **lookup: Any
) -> Any:
    """Fetch one object from the action's own visible set (``visible``), for actions that do not
    go through "view" first (the controller's access export): 404 outside it, a ``Hidden`` one
    when the object exists, so the refusal is audited like any other."""
    obj = visible(user, action, object_type, queryset).filter(**lookup).first()
    if obj is None:
        existing = queryset.filter(**lookup).first()
        raise Hidden(action, object_type, existing) if existing is not None else Http404
    return obj


def requires_two_factor(user: Any) -> bool:
    """Production demands TOTP of every role that can see person-related data."""
    return bool(set(getattr(user, "roles", [])) & PERSON_DATA_ROLES)


@dataclass
class Decision:
    """One row of the enumerated policy, for tests and the processing register."""

    object_type: str
    action: str
    roles: list[str] = field(default_factory=list)
    tenant_scoped: bool = True
    conditional: bool = False
    description: str = ""


def describe() -> list[Decision]:
    return [
        Decision(t, a, sorted(r.roles), r.tenant_scoped, r.condition is not None, r.description)
        for (t, a), r in sorted(RULES.items())
    ]
