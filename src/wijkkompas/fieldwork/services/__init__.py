"""Writes of fieldwork, one module per part: campaigns and clusters, the address import, checks
and visits. Import the package: ``from wijkkompas.fieldwork import services``."""

from wijkkompas.fieldwork.services.addresses import ImportResult, import_addresses
from wijkkompas.fieldwork.services.campaigns import (
    close_cluster,
    create_campaign,
    parse_questions,
    questions_text,
    update_campaign,
)
from wijkkompas.fieldwork.services.indicator import feed_programme_indicator
from wijkkompas.fieldwork.services.visits import (
    give_feedback,
    latest_check,
    purge_expired,
    raise_signal,
    record_check,
    record_visit,
    suggest_revisit,
)

__all__ = [
    "ImportResult",
    "close_cluster",
    "create_campaign",
    "feed_programme_indicator",
    "give_feedback",
    "import_addresses",
    "latest_check",
    "parse_questions",
    "purge_expired",
    "questions_text",
    "raise_signal",
    "record_check",
    "record_visit",
    "suggest_revisit",
    "update_campaign",
]
