"""The Kennisbank's retention task: tips (with a visitor's contact details) go at their date
(``Tip.term``). Registered in ``KnowledgeConfig.ready()``; run by ``wijkkompas retention run``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import audit, audit_shred
from wijkkompas.knowledge.models import Tip


@transaction.atomic
def remove_expired_tips(*, actor: Any, now: datetime, tenant: Any = None) -> dict[str, int]:
    """Tips are national, not a municipality's: a run for one municipality leaves them."""
    if tenant is not None:
        return {}
    expired = Tip.objects.filter(retain_until__lte=timezone.localdate(now))
    count = expired.count()
    if count:
        audit_shred.destroy("knowledge_tip", expired.values_list("pk", flat=True))
        expired.delete()
        audit.record(
            actor=actor,
            action="retention_run",
            object_type="knowledge_tip",
            detail={"tips_deleted": count},
            reason="Bewaartermijn van tips verstreken",
        )
    return {"tips verwijderd": count}
