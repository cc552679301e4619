"""Signalen & casusoverleg (DESIGN.md §2.6): the covenant that governs who may see what, the
subjects of signals (persons only as pseudonyms, identifying fields encrypted at rest), signals,
triage, cases, case meetings, interventions, escalations and feedback.

There is deliberately no field anywhere that scores or ranks a person (DESIGN.md §3)."""

from .cases import (
    ActionItem,
    AgendaItem,
    Case,
    CaseMeeting,
    CaseTransition,
    Contribution,
    Escalation,
    Intervention,
)
from .covenant import AccessGrant, Category, Covenant, CovenantParty, DataClass
from .intake import Feedback, Signal, Subject, TriageDecision

__all__ = [
    "AccessGrant",
    "ActionItem",
    "AgendaItem",
    "Case",
    "CaseMeeting",
    "CaseTransition",
    "Category",
    "Contribution",
    "Covenant",
    "CovenantParty",
    "DataClass",
    "Escalation",
    "Feedback",
    "Intervention",
    "Signal",
    "Subject",
    "TriageDecision",
]
