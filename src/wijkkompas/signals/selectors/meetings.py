"""Case meetings as each user may see them, and the lookups of one meeting or agenda item with
the policy action bound in the name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from wijkkompas.accounts import policy
from wijkkompas.signals.models import ActionItem, AgendaItem, CaseMeeting, Contribution
from wijkkompas.signals.selectors.cases import visible_case_ids

_MEETINGS = CaseMeeting.objects.select_related("chair")


def meetings_visible_to(user: Any) -> QuerySet[CaseMeeting]:
    return policy.visible(user, "list", "meeting", _MEETINGS.all())


def get_meeting_for_view(user: Any, pk: int) -> CaseMeeting:
    return policy.get_object_or_404(user, "view", "meeting", _MEETINGS.all(), pk=pk)


def get_meeting_for_edit(user: Any, pk: int) -> CaseMeeting:
    return policy.get_object_or_404(user, "edit", "meeting", _MEETINGS.all(), pk=pk)


def get_meeting_for_delete(user: Any, pk: int) -> CaseMeeting:
    return policy.get_object_or_404(user, "delete", "meeting", _MEETINGS.all(), pk=pk)


def get_meeting_for_export(user: Any, pk: int) -> CaseMeeting:
    return policy.get_object_or_404(user, "export", "meeting", _MEETINGS.all(), pk=pk)


def _agenda_item(
    user: Any, action: str, *, pk: int | None, meeting_id: int | None, case_id: int | None
) -> AgendaItem:
    """By the item's own id (views) or by meeting and case (API); 404 when either is unknown
    or the meeting is outside the user's view, 403 when the action on the meeting is not theirs."""
    item = None
    if pk is not None:
        item = AgendaItem.objects.select_related("meeting", "case").filter(pk=pk).first()
        if item is None:
            raise Http404
        meeting_id = item.meeting_id
    meeting = policy.get_object_or_404(
        user, action, "meeting", CaseMeeting.objects.all(), pk=meeting_id
    )
    if item is None:
        item = meeting.agenda.select_related("case", "meeting").filter(case_id=case_id).first()
        if item is None:
            raise Http404
    return item


def get_agenda_item_for_edit(
    user: Any, *, pk: int | None = None, meeting_id: int | None = None, case_id: int | None = None
) -> AgendaItem:
    """An agenda item whose decisions and actions the user may record (the chair)."""
    return _agenda_item(user, "edit", pk=pk, meeting_id=meeting_id, case_id=case_id)


def get_agenda_item_for_contribution(
    user: Any, *, pk: int | None = None, meeting_id: int | None = None, case_id: int | None = None
) -> AgendaItem:
    """An agenda item on which the user's organisation may bring in its contribution."""
    return _agenda_item(user, "contribute", pk=pk, meeting_id=meeting_id, case_id=case_id)


@dataclass
class AgendaRow:
    """One case on the agenda as the user may see it: the case, its decisions and the partners'
    contributions only when the case is shared with the user's organisation; the actions always."""

    item: AgendaItem
    case_visible: bool

    @cached_property
    def contributions(self) -> list[Contribution]:
        if not self.case_visible:
            return []
        return list(self.item.contributions.select_related("organisation"))

    @cached_property
    def actions(self) -> list[ActionItem]:
        return list(self.item.actions.select_related("owner"))


def meeting_agenda(user: Any, meeting: CaseMeeting) -> list[AgendaRow]:
    items = list(meeting.agenda.select_related("case"))
    visible = visible_case_ids(user, [i.case_id for i in items])
    return [AgendaRow(item=item, case_visible=item.case_id in visible) for item in items]
