"""Kennisbank rules: published knowledge is public; the national redacteur edits it."""

from wijkkompas.accounts.policy import ANONYMOUS, AUTHENTICATED, rule
from wijkkompas.accounts.roles import Role

_KNOWLEDGE_TYPES = ("theme", "question", "source", "practice", "instrument")

RULES = {}
for _type in _KNOWLEDGE_TYPES:
    RULES[(_type, "list")] = rule(
        ANONYMOUS, tenant_scoped=False, description="Gepubliceerde kennis"
    )
    RULES[(_type, "view")] = rule(
        ANONYMOUS, tenant_scoped=False, description="Gepubliceerde kennis"
    )
    RULES[(_type, "create")] = rule(
        Role.REDACTEUR, tenant_scoped=False, description="Landelijke redactie voegt kennis toe"
    )
    RULES[(_type, "edit")] = rule(
        Role.REDACTEUR, tenant_scoped=False, description="Landelijke redactie wijzigt kennis"
    )
    RULES[(_type, "delete")] = rule(
        Role.REDACTEUR, tenant_scoped=False, description="Landelijke redactie verwijdert kennis"
    )
    RULES[(_type, "history")] = rule(
        Role.REDACTEUR,
        tenant_scoped=False,
        description="Versiegeschiedenis (wie wat wanneer wijzigde) voor de redactie",
    )

RULES.update(
    {
        ("knowledge_tip", "create"): rule(
            ANONYMOUS, AUTHENTICATED, tenant_scoped=False, description="Tip insturen"
        ),
        ("knowledge_tip", "list"): rule(
            Role.REDACTEUR, tenant_scoped=False, description="Wachtrij met tips voor de redactie"
        ),
        ("knowledge_tip", "view"): rule(
            Role.REDACTEUR,
            tenant_scoped=False,
            description="Tip inzien, met eventuele contactgegevens (gelogd)",
        ),
        ("knowledge_tip", "edit"): rule(
            Role.REDACTEUR, tenant_scoped=False, description="Tip afhandelen met notitie"
        ),
    }
)

PUBLIC_VIEWS = frozenset(
    {
        "knowledge:index",
        "knowledge:search",
        "knowledge:theme",
        "knowledge:question",
        "knowledge:source",
        "knowledge:practice",
        "knowledge:instrument",
        "knowledge:tip",
    }
)
PUBLIC_API_OPERATIONS = frozenset(
    {
        "list_themes",
        "get_theme",
        "list_questions",
        "list_sources",
        "get_source",
        "list_practices",
        "list_instruments",
        "search_knowledge",
    }
)
