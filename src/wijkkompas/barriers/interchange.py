"""The JSON exchange format of a barrier model: export, validation and import.

Contract: ``export_data(model)`` -> dict; ``import_data(data, tenant=…)`` builds an identical model,
so ``export_data(import_data(export_data(m)))`` equals ``export_data(m)``. ``validate(data, tenant)``
returns every problem as "path: Dutch message" before anything is written; the import refuses a file
with any problem and changes nothing. The national templates in ``templates_data/`` use this format.

Shape (keys in English, texts in Dutch)::

    {"format": "wijkkompas.barrier-model", "format_version": 1,
     "model": {"title", "phenomenon", "scope", "status", "description", "owner",
               "sessions": [{"ref", "held_on", "title", "participants", "notes"}],
               "steps": [{"title", "description",
                          "elements": [{"ref", "kind", "text", "awareness", "owner", "partner_hint",
                                        "status", "due_date", "expected_effect", "notes",
                                        "target", "session"}],
                          "submodels": [<model>, …]}]}}

Organisations (``owner``, ``participants``) are named; on import they must exist in the tenant.
``ref`` values are local to one model (a sub-model has its own).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.barriers.models import BarrierModel, Element, Session, Step

FORMAT = "wijkkompas.barrier-model"
FORMAT_VERSION = 1
KIND_ORDER = [k.value for k in Element.Kind]
MAX_DEPTH = 3

_MODEL_KEYS = {
    "title",
    "phenomenon",
    "scope",
    "status",
    "description",
    "owner",
    "sessions",
    "steps",
}
_STEP_KEYS = {"title", "description", "elements", "submodels"}
_ELEMENT_KEYS = {"ref", "kind", *Element.EDITABLE_FIELDS}
_SESSION_KEYS = {"ref", "held_on", "title", "participants", "notes"}


class ImportRefused(Exception):
    """The file is not a valid barrier model; ``errors`` lists each problem with its path."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:10]
        more = f" (en nog {len(errors) - 10} fouten)" if len(errors) > 10 else ""
        super().__init__(
            "Het bestand is niet ingelezen, er is niets gewijzigd. " + " ".join(shown) + more
        )


# --- export --------------------------------------------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _model_dict(model: BarrierModel) -> dict[str, Any]:
    sessions = list(model.sessions.prefetch_related("participants").order_by("held_on", "id"))
    session_refs = {s.pk: f"S{i}" for i, s in enumerate(sessions, start=1)}
    steps = list(model.steps.order_by("position", "id"))
    elements = list(
        Element.objects.filter(step__model=model)
        .select_related("owner")
        .order_by("step__position", "step_id", "position", "id")
    )
    by_step: dict[int, list[Element]] = {}
    for el in elements:
        by_step.setdefault(el.step_id, []).append(el)
    ordered: list[Element] = []
    for step in steps:
        cell = sorted(
            by_step.get(step.pk, []), key=lambda e: (KIND_ORDER.index(e.kind), e.position, e.pk)
        )
        by_step[step.pk] = cell
        ordered.extend(cell)
    refs = {el.pk: f"E{i}" for i, el in enumerate(ordered, start=1)}
    return {
        "title": model.title,
        "phenomenon": model.phenomenon,
        "scope": model.scope,
        "status": model.status,
        "description": model.description,
        "owner": model.owner.name if model.owner_id else None,
        "sessions": [
            {
                "ref": session_refs[s.pk],
                "held_on": _date(s.held_on),
                "title": s.title,
                "participants": sorted(o.name for o in s.participants.all()),
                "notes": s.notes,
            }
            for s in sessions
        ],
        "steps": [
            {
                "title": step.title,
                "description": step.description,
                "elements": [
                    {
                        "ref": refs[el.pk],
                        "kind": el.kind,
                        "text": el.text,
                        "awareness": el.awareness or None,
                        "owner": el.owner.name if el.owner_id else None,
                        "partner_hint": el.partner_hint,
                        "status": el.status or None,
                        "due_date": _date(el.due_date),
                        "expected_effect": el.expected_effect,
                        "notes": el.notes,
                        "target": refs.get(el.target_id) if el.target_id else None,
                        "session": session_refs.get(el.session_id) if el.session_id else None,
                    }
                    for el in by_step.get(step.pk, [])
                ],
                "submodels": [_model_dict(sub) for sub in step.submodels.order_by("id")],
            }
            for step in steps
        ],
    }


def export_data(model: BarrierModel) -> dict[str, Any]:
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "model": _model_dict(model)}


def export_json(model: BarrierModel) -> str:
    return json.dumps(export_data(model), ensure_ascii=False, indent=2) + "\n"


# --- validation ----------------------------------------------------------------------------


class _Checker:
    def __init__(self, organisations: dict[str, Organisation], tenant: Tenant | None):
        self.errors: list[str] = []
        self.organisations = organisations
        self.tenant = tenant

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def text(
        self,
        obj: dict,
        key: str,
        path: str,
        *,
        required: bool = False,
        max_length: int | None = None,
    ) -> None:
        value = obj.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", "verplicht veld ontbreekt.")
            return
        if not isinstance(value, str):
            self.error(f"{path}.{key}", "moet tekst zijn.")
            return
        if required and not value.strip():
            self.error(f"{path}.{key}", "mag niet leeg zijn.")
        if max_length and len(value) > max_length:
            self.error(f"{path}.{key}", f"is {len(value)} tekens; maximaal {max_length}.")

    def choice(self, obj: dict, key: str, path: str, choices: list[str], *, required: bool) -> None:
        value = obj.get(key)
        if value is None:
            if required:
                self.error(
                    f"{path}.{key}", f"verplicht veld ontbreekt; kies uit {', '.join(choices)}."
                )
            return
        if value not in choices:
            self.error(
                f"{path}.{key}", f"onbekende waarde {value!r}; kies uit {', '.join(choices)}."
            )

    def date(self, obj: dict, key: str, path: str, *, required: bool = False) -> None:
        value = obj.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", "verplichte datum ontbreekt (JJJJ-MM-DD).")
            return
        valid = isinstance(value, str) and len(value) == 10
        if valid:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                valid = False
        if not valid:
            self.error(f"{path}.{key}", f"{value!r} is geen datum in de vorm JJJJ-MM-DD.")

    def organisation(self, value: Any, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, str):
            self.error(path, "moet de naam van een organisatie zijn.")
        elif self.tenant is None:
            self.error(path, "een landelijk sjabloon noemt geen organisatie; gebruik partner_hint.")
        elif value not in self.organisations:
            self.error(path, f"organisatie {value!r} bestaat niet in {self.tenant.name}.")

    def unknown_keys(self, obj: dict, allowed: set[str], path: str) -> None:
        for key in sorted(set(obj) - allowed):
            self.error(f"{path}.{key}", "onbekend veld.")

    def model(self, obj: Any, path: str, depth: int = 1) -> None:
        if not isinstance(obj, dict):
            self.error(path, "moet een object zijn.")
            return
        if depth > MAX_DEPTH:
            self.error(path, f"submodellen zijn maximaal {MAX_DEPTH} niveaus diep.")
            return
        self.unknown_keys(obj, _MODEL_KEYS, path)
        self.text(obj, "title", path, required=True, max_length=200)
        self.text(obj, "phenomenon", path, required=True, max_length=200)
        self.choice(obj, "scope", path, list(BarrierModel.Scope.values), required=True)
        self.choice(obj, "status", path, list(BarrierModel.Status.values), required=True)
        self.text(obj, "description", path)
        self.organisation(obj.get("owner"), f"{path}.owner")

        session_refs: set[str] = set()
        sessions = obj.get("sessions", [])
        if not isinstance(sessions, list):
            self.error(f"{path}.sessions", "moet een lijst zijn.")
            sessions = []
        for i, s in enumerate(sessions):
            sp = f"{path}.sessions[{i}]"
            if not isinstance(s, dict):
                self.error(sp, "moet een object zijn.")
                continue
            self.unknown_keys(s, _SESSION_KEYS, sp)
            self._ref(s, sp, session_refs)
            self.date(s, "held_on", sp, required=True)
            self.text(s, "title", sp, required=True, max_length=200)
            self.text(s, "notes", sp)
            participants = s.get("participants", [])
            if not isinstance(participants, list):
                self.error(f"{sp}.participants", "moet een lijst met organisatienamen zijn.")
            else:
                for j, name in enumerate(participants):
                    self.organisation(name, f"{sp}.participants[{j}]")

        steps = obj.get("steps")
        if not isinstance(steps, list) or not steps:
            self.error(f"{path}.steps", "moet een lijst met minstens één stap zijn.")
            return
        element_refs: dict[str, str] = {}
        pending_targets: list[tuple[str, str]] = []
        for i, step in enumerate(steps):
            stp = f"{path}.steps[{i}]"
            if not isinstance(step, dict):
                self.error(stp, "moet een object zijn.")
                continue
            self.unknown_keys(step, _STEP_KEYS, stp)
            self.text(step, "title", stp, required=True, max_length=120)
            self.text(step, "description", stp)
            elements = step.get("elements", [])
            if not isinstance(elements, list):
                self.error(f"{stp}.elements", "moet een lijst zijn.")
                elements = []
            for j, el in enumerate(elements):
                ep = f"{stp}.elements[{j}]"
                if not isinstance(el, dict):
                    self.error(ep, "moet een object zijn.")
                    continue
                self.element(el, ep, element_refs, session_refs, pending_targets)
            subs = step.get("submodels", [])
            if not isinstance(subs, list):
                self.error(f"{stp}.submodels", "moet een lijst zijn.")
                subs = []
            for k, sub in enumerate(subs):
                self.model(sub, f"{stp}.submodels[{k}]", depth + 1)
        for tp, target in pending_targets:
            if target not in element_refs:
                self.error(
                    tp, f"verwijst naar {target!r}, maar dat element bestaat niet in dit model."
                )
            elif element_refs[target] not in ("gelegenheid", "faciliteerder"):
                self.error(
                    tp,
                    f"{target!r} is een {element_refs[target]}; een barrière richt zich op een gelegenheid of faciliteerder.",
                )

    def _ref(self, obj: dict, path: str, seen: set[str] | dict) -> str | None:
        ref = obj.get("ref")
        if ref is None:
            return None
        if not isinstance(ref, str) or not ref:
            self.error(f"{path}.ref", "moet een korte tekst zijn (bijv. E1).")
            return None
        if ref in seen:
            self.error(f"{path}.ref", f"{ref!r} komt twee keer voor in dit model.")
            return None
        if isinstance(seen, set):
            seen.add(ref)
        return ref

    def element(
        self, el: dict, path: str, refs: dict[str, str], session_refs: set[str], targets: list
    ) -> None:
        self.unknown_keys(el, _ELEMENT_KEYS, path)
        self.choice(el, "kind", path, KIND_ORDER, required=True)
        kind = el.get("kind")
        ref = self._ref(el, path, refs)
        if ref:
            refs[ref] = kind
        self.text(el, "text", path, required=True, max_length=300)
        self.text(el, "partner_hint", path, max_length=200)
        self.text(el, "expected_effect", path)
        self.text(el, "notes", path)
        if el.get("awareness") is not None:
            if kind != "faciliteerder":
                self.error(f"{path}.awareness", "alleen een faciliteerder is bewust of onbewust.")
            else:
                self.choice(el, "awareness", path, list(Element.Awareness.values), required=False)
        barrier_only = ("owner", "status", "due_date", "target")
        if kind != "barriere":
            for key in barrier_only:
                if el.get(key) is not None:
                    self.error(f"{path}.{key}", "dit veld hoort alleen bij een barrière.")
            return
        self.choice(el, "status", path, list(Element.BarrierStatus.values), required=False)
        self.date(el, "due_date", path)
        self.organisation(el.get("owner"), f"{path}.owner")
        target = el.get("target")
        if target is not None:
            if not isinstance(target, str):
                self.error(f"{path}.target", "moet de ref van een element zijn (bijv. E3).")
            else:
                targets.append((f"{path}.target", target))
        session = el.get("session")
        if session is not None and session not in session_refs:
            self.error(
                f"{path}.session", f"sessie {session!r} staat niet in de sessielijst van dit model."
            )


def validate(data: Any, tenant: Tenant | None) -> list[str]:
    """Every problem in ``data`` as "path: message" (empty list = importable into ``tenant``)."""
    organisations = (
        {o.name: o for o in Organisation.objects.filter(tenant=tenant)} if tenant else {}
    )
    checker = _Checker(organisations, tenant)
    if not isinstance(data, dict):
        return ["(bestand): de inhoud moet een JSON-object zijn."]
    if data.get("format") != FORMAT:
        checker.error("format", f"moet {FORMAT!r} zijn; dit is geen Wijkkompas-barrièremodel.")
    if data.get("format_version") != FORMAT_VERSION:
        checker.error("format_version", f"moet {FORMAT_VERSION} zijn.")
    checker.unknown_keys(data, {"format", "format_version", "model"}, "(bestand)")
    if "model" not in data:
        checker.error("model", "verplicht veld ontbreekt.")
    else:
        checker.model(data["model"], "model")
    return checker.errors


def parse_json(raw: bytes | str) -> Any:
    """Decode an uploaded file; a broken file raises ImportRefused naming the line and column."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise ImportRefused(["(bestand): is geen UTF-8-tekst."]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            [f"(bestand): geen geldige JSON op regel {exc.lineno}, kolom {exc.colno} ({exc.msg})."]
        ) from None


# --- import --------------------------------------------------------------------------------


def _build(
    obj: dict, tenant: Tenant | None, orgs: dict[str, Organisation], parent_step: Step | None
) -> BarrierModel:
    model = BarrierModel.objects.create(
        tenant=tenant,
        parent_step=parent_step,
        title=obj["title"],
        phenomenon=obj["phenomenon"],
        scope=obj["scope"],
        status=obj["status"],
        description=obj.get("description") or "",
        owner=orgs.get(obj["owner"]) if obj.get("owner") else None,
    )
    sessions: dict[str, Session] = {}
    for s in obj.get("sessions", []):
        session = Session.objects.create(
            model=model,
            held_on=dt.date.fromisoformat(s["held_on"]),
            title=s["title"],
            notes=s.get("notes") or "",
        )
        session.participants.set([orgs[name] for name in s.get("participants", [])])
        if s.get("ref"):
            sessions[s["ref"]] = session
    by_ref: dict[str, Element] = {}
    pending: list[tuple[Element, str]] = []
    for position, s in enumerate(obj["steps"]):
        step = Step.objects.create(
            model=model, position=position, title=s["title"], description=s.get("description") or ""
        )
        counters: dict[str, int] = {}
        for e in s.get("elements", []):
            kind = e["kind"]
            counters[kind] = counters.get(kind, -1) + 1
            el = Element.objects.create(
                step=step,
                kind=kind,
                position=counters[kind],
                text=e["text"],
                awareness=e.get("awareness") or "",
                owner=orgs.get(e["owner"]) if e.get("owner") else None,
                partner_hint=e.get("partner_hint") or "",
                status=e.get("status") or "",
                due_date=dt.date.fromisoformat(e["due_date"]) if e.get("due_date") else None,
                expected_effect=e.get("expected_effect") or "",
                notes=e.get("notes") or "",
                session=sessions.get(e["session"]) if e.get("session") else None,
            )
            if e.get("ref"):
                by_ref[e["ref"]] = el
            if e.get("target"):
                pending.append((el, e["target"]))
        for sub in s.get("submodels", []):
            _build(sub, tenant, orgs, step)
    for el, target in pending:
        el.target = by_ref[target]
        el.save(update_fields=["target"])
    return model


def import_data(data: Any, *, tenant: Tenant | None) -> BarrierModel:
    """Validate and build; the caller wraps this in a transaction (services.import_model)."""
    errors = validate(data, tenant)
    if errors:
        raise ImportRefused(errors)
    orgs = {o.name: o for o in Organisation.objects.filter(tenant=tenant)} if tenant else {}
    return _build(data["model"], tenant, orgs, None)
