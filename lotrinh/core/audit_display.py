"""The audit log as a person reads it: fields named as the forms name them, choices and dates in Vietnamese.

The log stores what the services wrote (``{field: [old, new]}`` with field names, choice codes and ISO dates);
this turns one event's changes into lines for the page and the export. Pure: no query.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .formats import vn_date

# Keys that are not fields of the model: summaries written by the services.
SUMMARY_LABELS = {
    "file": gettext_lazy("File"),
    "learners_created": gettext_lazy("Learners created"),
    "learner_ids": gettext_lazy("Learner record numbers"),
    "already_in_center": gettext_lazy("Already in the center"),
    "guardians_created": gettext_lazy("Guardians created"),
    "enrolled": gettext_lazy("Enrolled into the class"),
    "id_number": gettext_lazy("ID number"),
    "guardian": gettext_lazy("Guardian"),
    "attendees": gettext_lazy("Attendees"),
    "code": gettext_lazy("Holland code"),
    "employer": gettext_lazy("Employer"),
    "enterprise": gettext_lazy("Enterprise"),
    "graduates_created": gettext_lazy("Graduates created"),
    "destinations_changed": gettext_lazy("Destinations changed"),
    "placed": gettext_lazy("Placed"),
    "placements": gettext_lazy("Placements"),
    "solver": gettext_lazy("Allocation method"),
    "preferences": gettext_lazy("Internship preferences"),
    "program": gettext_lazy("Program"),
    "school_class": gettext_lazy("Class"),
    "documents": gettext_lazy("Documents"),
    "reason": gettext_lazy("Reason"),
    "rule": gettext_lazy("Rule"),
    "rules": gettext_lazy("Rules"),
}
EMPTY = "—"
CODE_LIKE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str


def change_lines(object_type: str, changes: dict[str, list[Any]]) -> list[ChangeLine]:
    """One line per changed field: its label, then the old and the new value as the page shows them."""
    model = _model(object_type)
    lines = []
    for name, (old, new) in changes.items():
        field = _field(model, name)
        label = capfirst(field.verbose_name) if field is not None else SUMMARY_LABELS.get(name, name)
        choices = _choices(model, field, name)
        lines.append(ChangeLine(label=str(label), old=_shown(field, old, choices), new=_shown(field, new, choices)))
    return lines


def _choices(model: type[models.Model] | None, field: models.Field | None, name: str) -> dict[str, Any]:
    """A field's choices, or those a model names for a list it keeps in JSON (``audit_choices``)."""
    if field is not None and field.choices:
        return {str(k): v for k, v in field.flatchoices}
    return {str(k): v for k, v in getattr(model, "audit_choices", {}).get(name, [])}


def object_type_name(object_type: str) -> str:
    """``jobs.jobplacement`` as a person says it ("Việc làm"); a model since removed, as stored."""
    if object_type == "export":  # a list taken out as a file (audit_export), not one record
        return _("File export")
    model = _model(object_type)
    return str(capfirst(model._meta.verbose_name)) if model is not None else object_type


def is_labelled(model: type[models.Model], name: str) -> bool:
    """Whether the log can name this key: a field of the model, one of the summaries above, or a key that is
    already a person's words (a roll or a grade sheet keys its lines by learner and column)."""
    return not CODE_LIKE.fullmatch(name) or name in SUMMARY_LABELS or _field(model, name) is not None


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None or name in SUMMARY_LABELS:
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or a reverse relation: not a field the log names
        return None
    return field if isinstance(field, models.Field) else None


def _shown(field: models.Field | None, value: Any, choices: dict[str, Any]) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(_shown(field, item, choices) for item in value) or EMPTY
    if choices:
        return str(choices.get(str(value), value))
    if isinstance(field, models.DateTimeField):
        return _datetime(value)
    if isinstance(field, models.DateField):
        return _date(value)
    if isinstance(field, models.DecimalField | models.FloatField):
        return str(value).replace(".", ",")
    return str(value)


def _date(value: Any) -> str:
    try:
        return vn_date(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _datetime(value: Any) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%H:%M} {vn_date(moment)}"
