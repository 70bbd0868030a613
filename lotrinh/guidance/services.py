"""State changes of the guidance area: catchment schools, grade-9 lists and destinations, streaming targets,
counseling sessions and parent outreach. Every change to personal data is audited."""

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from lotrinh.core.audit import audit_record, changes_between
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, Commune, Membership, User
from lotrinh.core.text import normalize_name, search_key
from lotrinh.people.import_services import import_file_open, max_bytes
from lotrinh.people.importing import headers, parse
from lotrinh.people.importing.messages import CELL_PROBLEMS, FILE_PROBLEMS
from lotrinh.people.models import Guardian, Learner
from lotrinh.people.services import learner_data_errors

from .destinations import destination_from_text
from .models import (
    Audience,
    Cohort,
    CohortGraduate,
    CounselingSession,
    CounselingTopic,
    Destination,
    DestinationRecord,
    DestinationSource,
    GraduateImport,
    LowerSecondarySchool,
    OutreachAttendee,
    OutreachEvent,
    OutreachMaterial,
    StreamingTarget,
)

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        field = next(iter(errors))
        raise ApplicationError(errors[field][0], errors=errors, field=field)


# --- Schools and cohorts ----------------------------------------------------------------------------------


@transaction.atomic
def school_create(
    *, center: Center, name: str, commune: Commune | None, actor: User, code: str = "", in_disadvantaged_area=False
) -> LowerSecondarySchool:
    """Add a lower-secondary school to the center's catchment."""
    name = normalize_name(name)
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Enter the school's name.")]
    elif LowerSecondarySchool.objects.filter(name=name).exists():
        errors["name"] = [_("This school is already in the catchment.")]
    if commune is None:
        errors["commune"] = [_("Choose the commune or ward of the school.")]
    _raise(errors)
    school = LowerSecondarySchool.objects.create(
        center=center, name=name, commune=commune, code=code.strip(), in_disadvantaged_area=in_disadvantaged_area
    )
    audit_record(
        actor=actor, center=center, action=AuditEvent.Action.CREATE, obj=school, changes={"name": [None, name]}
    )
    return school


@transaction.atomic
def school_update(*, school: LowerSecondarySchool, actor: User, **fields) -> LowerSecondarySchool:
    """Change a school's name, commune, code, area or whether it is still active."""
    before = {f: getattr(school, f) for f in fields}
    if "name" in fields:
        fields["name"] = normalize_name(fields["name"])
        if not fields["name"]:
            raise ApplicationError(_("Enter the school's name."), field="name")
        if LowerSecondarySchool.objects.filter(name=fields["name"]).exclude(pk=school.pk).exists():
            raise ApplicationError(_("This school is already in the catchment."), field="name")
    for name, value in fields.items():
        setattr(school, name, value)
    school.save()
    changes = changes_between(before, fields)
    if changes:
        audit_record(actor=actor, center=school.center, action=AuditEvent.Action.UPDATE, obj=school, changes=changes)
    return school


def _check_year(year: int | None, field: str = "graduation_year") -> int:
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ApplicationError(
            _("Enter a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}, field=field
        )
    return year


@transaction.atomic
def cohort_create(*, school: LowerSecondarySchool, graduation_year: int, actor: User) -> Cohort:
    """The grade-9 cohort of a school for a year (the existing one when it is already there)."""
    _check_year(graduation_year)
    cohort, created = Cohort.objects.get_or_create(center=school.center, school=school, graduation_year=graduation_year)
    if created:
        audit_record(
            actor=actor,
            center=school.center,
            action=AuditEvent.Action.CREATE,
            obj=cohort,
            changes={"graduation_year": [None, graduation_year]},
        )
    return cohort


# --- Importing a grade-9 list ----------------------------------------------------------------------------

CLASS_LABELS = ("Lớp", "Lớp 9", "Lớp học", "Tên lớp", "Class")
DESTINATION_LABELS = (
    "Nơi học tiếp", "Nơi học tiếp theo", "Học tiếp", "Hướng đi", "Hướng đi sau THCS", "Nơi đến", "Dự kiến",
    "Nguyện vọng", "Phân luồng", "Destination",
)  # fmt: skip
_CLASS_KEYS = {headers.header_key(x) for x in CLASS_LABELS}
_DESTINATION_KEYS = {headers.header_key(x) for x in DESTINATION_LABELS}
_FIELD_NAMES = {
    "full_name": _("Full name"),
    "date_of_birth": _("Date of birth"),
    "sex": _("Sex"),
}


def _extra_columns(layout: headers.Layout) -> dict[str, headers.HeaderColumn]:
    """The columns the learner importer does not read: the class and the destination ("Nơi học tiếp")."""
    found: dict[str, headers.HeaderColumn] = {}
    for column in layout.columns:
        key = headers.header_key(column.label)
        if key in _CLASS_KEYS and "class_name" not in found:
            found["class_name"] = column
        elif key in _DESTINATION_KEYS and "destination" not in found:
            found["destination"] = column
    return found


def _cell(cells: list, column: headers.HeaderColumn | None) -> str:
    return parse.text(cells[column.index]) if column and column.index < len(cells) else ""


def _refusal(row: int, column: headers.HeaderColumn | None, message: str) -> dict:
    return {
        "row": row,
        "column": column.letter if column else "",
        "label": column.label if column else "",
        "message": str(message),
    }


def upload_size_check(size: int) -> None:
    """Refuse an upload larger than the learner importer accepts, before reading it."""
    if size > max_bytes():
        megabytes = max(1, round(max_bytes() / 1024 / 1024))
        raise ApplicationError(str(FILE_PROBLEMS["too_large"]) % {"size": megabytes}, field="file")


@transaction.atomic
def graduate_import_preview(
    *, cohort: Cohort, data: bytes, file_name: str, actor: User, today: dt.date | None = None
) -> GraduateImport:
    """Read and check a grade-9 list with the learner importer's reader, header detection and cell parsing;
    keep the rows that passed and the refusals (row, column, reason) for the preview. Nothing is saved yet."""
    today = today or timezone.localdate()
    opened = import_file_open(data)  # size, type, zip-bomb and row-count refusals; the header
    layout = opened.layout
    extra = _extra_columns(layout)
    kept, refused = [], []
    seen: dict[tuple[str, str], int] = {}
    for row in parse.parse_rows(opened.rows, layout, today=today):
        problems = []
        for problem in row.problems:
            message = CELL_PROBLEMS.get(problem.code, problem.code)
            problems.append(_refusal(row.number, layout.column(problem.field), str(message) % problem.params))
        values = {k: row.values[k] for k in ("full_name", "date_of_birth", "sex")}
        if not problems:
            for name, messages in learner_data_errors(dict(values), today=today, place_codes=set()).items():
                column = layout.column(row.sources.get(name, "")) if row.sources.get(name) else None
                problems.extend(_refusal(row.number, column, m) for m in messages)
        cells = opened.rows[row.number - 1]

        class_name = _cell(cells, extra.get("class_name"))[:20]
        written = _cell(cells, extra.get("destination"))
        destination = destination_from_text(written) if written else None
        if written and destination is None:
            problems.append(
                _refusal(
                    row.number,
                    extra["destination"],
                    _(
                        "“%(value)s” is not a destination: write THPT, GDTX, 9+, trung học nghề, sơ cấp, trung cấp, "
                        "đi làm or chưa rõ."
                    )
                    % {"value": written},
                )
            )
        if not problems:
            key = (search_key(values["full_name"]), values["date_of_birth"].isoformat())
            if key in seen:
                column = layout.column(row.sources["full_name"])
                problems.append(
                    _refusal(
                        row.number,
                        column,
                        CELL_PROBLEMS["duplicate_name_dob"] % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = row.number
        if problems:
            refused.extend(problems)
            continue
        kept.append(
            {
                "row": row.number,
                "full_name": normalize_name(values["full_name"]),
                "date_of_birth": values["date_of_birth"].isoformat(),
                "sex": values["sex"],
                "class_name": class_name,
                "destination": destination or "",
            }
        )
    existing = set(
        CohortGraduate.objects.filter(cohort=cohort).values_list("name_search", "date_of_birth")
    )  # the preview says which rows are already in the cohort
    for item in kept:
        item["exists"] = (search_key(item["full_name"]), dt.date.fromisoformat(item["date_of_birth"])) in existing
    return GraduateImport.objects.create(
        center=cohort.center,
        cohort=cohort,
        file_name=(file_name or "")[:200],
        rows=kept,
        refused=refused,
        created_by=actor,
    )


@transaction.atomic
def graduate_import_commit(*, job: GraduateImport, actor: User, today: dt.date | None = None) -> GraduateImport:
    """Save the previewed rows at once: new graduates are created, a changed destination is recorded; a row
    already in the cohort with the same destination changes nothing (re-importing a list creates nothing)."""
    today = today or timezone.localdate()
    job = GraduateImport.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=job.pk)
    if job.committed_at is not None:
        raise ApplicationError(_("This list has already been saved."))
    cohort = job.cohort
    existing = {(g.name_search, g.date_of_birth): g for g in CohortGraduate.objects.filter(cohort=cohort)}
    learners = _learners_matching(job.rows)
    created, updated, records = [], [], []
    for item in job.rows:
        born = dt.date.fromisoformat(item["date_of_birth"])
        key = (search_key(item["full_name"]), born)
        graduate = existing.get(key)
        destination = item.get("destination") or ""
        if graduate is None:
            graduate = CohortGraduate(
                center=cohort.center,
                cohort=cohort,
                full_name=item["full_name"],
                name_search=key[0],
                date_of_birth=born,
                sex=item["sex"],
                class_name=item.get("class_name", ""),
                learner_id=learners.get(key),
            )
            if destination:
                graduate.destination = destination
                graduate.destination_source = DestinationSource.IMPORTED_FILE
                graduate.destination_on = today
            created.append(graduate)
            existing[key] = graduate
        elif destination and destination != graduate.destination:
            graduate.destination = destination
            graduate.destination_source = DestinationSource.IMPORTED_FILE
            graduate.destination_on = today
            updated.append(graduate)
    CohortGraduate.objects.bulk_create(created)
    CohortGraduate.objects.bulk_update(updated, ["destination", "destination_source", "destination_on"])
    for graduate in [*created, *updated]:
        if graduate.destination_source == DestinationSource.IMPORTED_FILE and graduate.destination_on == today:
            records.append(
                DestinationRecord(
                    center=cohort.center,
                    graduate=graduate,
                    destination=graduate.destination,
                    source=DestinationSource.IMPORTED_FILE,
                    recorded_on=today,
                    recorded_by=actor,
                )
            )
    DestinationRecord.objects.bulk_create(records)
    job.committed_at = timezone.now()
    job.created_count, job.updated_count = len(created), len(updated)
    job.save(update_fields=["committed_at", "created_count", "updated_count"])
    audit_record(
        actor=actor,
        center=cohort.center,
        action=AuditEvent.Action.CREATE,
        obj=job,
        changes={"graduates_created": [None, len(created)], "destinations_changed": [None, len(updated)]},
    )
    return job


def _learners_matching(rows: list[dict]) -> dict[tuple[str, dt.date], int]:
    """Graduates who are already learners here (same name and date of birth): the link is made at once."""
    keys = {(search_key(r["full_name"]), dt.date.fromisoformat(r["date_of_birth"])) for r in rows}
    if not keys:
        return {}
    names = {k[0] for k in keys}
    found: dict[tuple[str, dt.date], int] = {}
    for pk, name, born in Learner.objects.filter(name_search__in=names).values_list(
        "pk", "name_search", "date_of_birth"
    ):
        if (name, born) in keys:
            found.setdefault((name, born), pk)
    return found


# --- Destinations ---------------------------------------------------------------------------------------


def _destination_errors(destination: str, source: str, recorded_on: dt.date | None, today: dt.date) -> dict:
    errors: dict[str, list[str]] = {}
    if destination not in Destination.values:
        errors["destination"] = [_("Choose a destination.")]
    if source not in DestinationSource.values:
        errors["source"] = [_("Choose where the information comes from.")]
    if recorded_on is None:
        errors["recorded_on"] = [_("Enter the date (dd/mm/yyyy).")]
    elif recorded_on > today:
        errors["recorded_on"] = [_("The date is in the future.")]
    return errors


@transaction.atomic
def destination_record(
    *,
    graduate: CohortGraduate,
    destination: str,
    source: str,
    recorded_on: dt.date | None,
    actor: User,
    today: dt.date | None = None,
) -> CohortGraduate:
    """Record where a graduate went (a new history row; the graduate shows the latest)."""
    destinations_bulk_record(
        cohort=graduate.cohort,
        changes={graduate.pk: destination},
        source=source,
        recorded_on=recorded_on,
        actor=actor,
        today=today,
    )
    graduate.refresh_from_db()
    return graduate


@transaction.atomic
def destinations_bulk_record(
    *,
    cohort: Cohort,
    changes: dict[int, str],
    source: str,
    recorded_on: dt.date | None,
    actor: User,
    today: dt.date | None = None,
) -> int:
    """Record the destinations of several graduates of a cohort at once; only real changes are written.

    Every value is checked first: one bad row and nothing is saved. Returns how many changed."""
    today = today or timezone.localdate()
    errors = _destination_errors(Destination.UNKNOWN, source, recorded_on, today)
    bad = [pk for pk, value in changes.items() if value not in Destination.values]
    if bad:
        errors["destination"] = [_("Choose a destination for every graduate.")]
    _raise(errors)
    graduates = {
        g.pk: g for g in CohortGraduate.objects.select_for_update().filter(cohort=cohort, pk__in=list(changes))
    }
    if len(graduates) != len(changes):
        raise ApplicationError(_("Some graduates are not in this cohort."), field="destination")
    changed, records = [], []
    for pk, value in changes.items():
        graduate = graduates[pk]
        if graduate.destination == value:
            continue  # unchanged rows of the table are posted too
        old = graduate.destination
        graduate.destination, graduate.destination_source, graduate.destination_on = value, source, recorded_on
        changed.append(graduate)
        records.append(
            DestinationRecord(
                center=cohort.center,
                graduate=graduate,
                destination=value,
                source=source,
                recorded_on=recorded_on,
                recorded_by=actor,
            )
        )
        audit_record(
            actor=actor,
            center=cohort.center,
            action=AuditEvent.Action.UPDATE,
            obj=graduate,
            changes={"destination": [old, value], "destination_source": [None, source]},
        )
    CohortGraduate.objects.bulk_update(changed, ["destination", "destination_source", "destination_on"])
    DestinationRecord.objects.bulk_create(records)
    return len(changed)


# --- Streaming targets ----------------------------------------------------------------------------------


def _target_values(
    *, from_year, to_year, min_percent, citation: str
) -> tuple[int, int, Decimal, str]:  # checks every field, raises with all problems at once
    errors: dict[str, list[str]] = {}
    try:
        percent = Decimal(str(min_percent)) if min_percent not in (None, "") else None
    except InvalidOperation:
        percent = None
    if percent is None or not percent.is_finite():
        errors["min_percent"] = [_("Enter the minimum percent, a number from 0 to 100.")]
    elif percent < 0 or percent > 100:
        errors["min_percent"] = [_("A target is a percent from 0 to 100.")]
    elif percent != percent.quantize(Decimal("0.01")):
        errors["min_percent"] = [_("At most two decimals.")]
    for name, year in (("from_year", from_year), ("to_year", to_year)):
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            errors[name] = [
                _("Enter a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            ]
    if "from_year" not in errors and "to_year" not in errors and from_year > to_year:
        errors["to_year"] = [_("The last year comes before the first.")]
    citation = " ".join((citation or "").split())
    if not citation:
        errors["citation"] = [_("Cite the plan or decision that sets this target.")]
    elif len(citation) > 300:
        errors["citation"] = [_("At most 300 characters.")]
    _raise(errors)
    return from_year, to_year, percent, citation  # type: ignore[return-value]


@transaction.atomic
def streaming_target_create(
    *,
    center: Center,
    school: LowerSecondarySchool | None,
    from_year: int | None,
    to_year: int | None,
    min_percent,
    citation: str,
    actor: User,
) -> StreamingTarget:
    """A center's own VET target (e.g. the province's plan), for the whole catchment or one school."""
    from_year, to_year, percent, citation = _target_values(
        from_year=from_year, to_year=to_year, min_percent=min_percent, citation=citation
    )
    overlapping = StreamingTarget.objects.filter(school=school, from_year__lte=to_year, to_year__gte=from_year)
    if overlapping.exists():
        raise ApplicationError(
            _("Another target already covers some of these years for the same scope: change that one instead."),
            field="from_year",
        )
    target = StreamingTarget.objects.create(
        center=center,
        school=school,
        from_year=from_year,
        to_year=to_year,
        min_percent=percent,
        citation=citation,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=target,
        changes={"min_percent": [None, str(percent)], "citation": [None, citation]},
    )
    return target


@transaction.atomic
def streaming_target_update(
    *, target: StreamingTarget, from_year, to_year, min_percent, citation: str, actor: User
) -> StreamingTarget:
    """Change a center target; the same checks as when it was made."""
    from_year, to_year, percent, citation = _target_values(
        from_year=from_year, to_year=to_year, min_percent=min_percent, citation=citation
    )
    overlapping = StreamingTarget.objects.filter(
        school_id=target.school_id, from_year__lte=to_year, to_year__gte=from_year
    ).exclude(pk=target.pk)
    if overlapping.exists():
        raise ApplicationError(
            _("Another target already covers some of these years for the same scope: change that one instead."),
            field="from_year",
        )
    before = {f: getattr(target, f) for f in ("from_year", "to_year", "min_percent", "citation")}
    after = {"from_year": from_year, "to_year": to_year, "min_percent": percent, "citation": citation}
    for name, value in after.items():
        setattr(target, name, value)
    target.save(update_fields=list(after))
    audit_record(
        actor=actor,
        center=target.center,
        action=AuditEvent.Action.UPDATE,
        obj=target,
        changes=changes_between({k: str(v) for k, v in before.items()}, {k: str(v) for k, v in after.items()}),
    )
    return target


@transaction.atomic
def streaming_target_delete(*, target: StreamingTarget, actor: User) -> None:
    """Remove a center target: the national one applies again for its years."""
    audit_record(
        actor=actor,
        center=target.center,
        action=AuditEvent.Action.DELETE,
        obj=target,
        changes={"min_percent": [str(target.min_percent), None]},
    )
    target.delete()


# --- Counseling -----------------------------------------------------------------------------------------

SESSION_FIELDS = (
    "held_on",
    "counselor",
    "guardian_present",
    "guardian",
    "topics",
    "notes",
    "follow_up",
    "follow_up_due",
    "follow_up_done",
)


def _session_errors(learner: Learner, values: dict, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    held_on = values.get("held_on")
    if held_on is None:
        errors["held_on"] = [_("Enter the date (dd/mm/yyyy).")]
    elif held_on > today:
        errors["held_on"] = [_("The session cannot be in the future: record it once it has taken place.")]
    counselor = values.get("counselor")
    if (
        counselor is None
        or not Membership.objects.filter(center=learner.center, user=counselor, is_active=True).exists()
    ):
        errors["counselor"] = [_("The counselor must be a staff member of this center.")]
    topics = values.get("topics") or []
    if not topics:
        errors["topics"] = [_("Choose at least one topic.")]
    elif any(t not in CounselingTopic.values for t in topics):
        errors["topics"] = [_("Choose topics from the list.")]
    guardian = values.get("guardian")
    if guardian is not None:
        if not values.get("guardian_present"):
            errors["guardian"] = [_("A guardian is named but not marked present.")]
        elif not learner.guardian_links.filter(guardian=guardian).exists():
            errors["guardian"] = [_("This guardian is not one of the learner's guardians.")]
    if values.get("follow_up_due") and not (values.get("follow_up") or "").strip():
        errors["follow_up"] = [_("Write the follow-up action that is due.")]
    if (values.get("follow_up") or "").strip() and not values.get("follow_up_due"):
        errors["follow_up_due"] = [_("Enter when the follow-up is due.")]
    return errors


def _session_audit(session: CounselingSession) -> dict:
    return {
        "held_on": session.held_on,
        "counselor": session.counselor,
        "guardian_present": session.guardian_present,
        "guardian": session.guardian,
        "topics": ",".join(session.topics),
        "notes": session.notes,
        "follow_up": session.follow_up,
        "follow_up_due": session.follow_up_due,
        "follow_up_done": session.follow_up_done,
    }


@transaction.atomic
def counseling_session_create(
    *,
    learner: Learner,
    held_on: dt.date | None,
    counselor: User | None,
    topics: list[str],
    actor: User,
    guardian_present: bool = False,
    guardian: Guardian | None = None,
    notes: str = "",
    follow_up: str = "",
    follow_up_due: dt.date | None = None,
    today: dt.date | None = None,
) -> CounselingSession:
    """Log a counseling session with a learner (and their guardian, if one came)."""
    today = today or timezone.localdate()
    values = {
        "held_on": held_on,
        "counselor": counselor,
        "guardian_present": bool(guardian_present),
        "guardian": guardian,
        "topics": list(dict.fromkeys(topics or [])),
        "notes": (notes or "").strip(),
        "follow_up": (follow_up or "").strip(),
        "follow_up_due": follow_up_due,
    }
    _raise(_session_errors(learner, values, today))
    session = CounselingSession.objects.create(center=learner.center, learner=learner, created_by=actor, **values)
    audit_record(
        actor=actor,
        center=learner.center,
        action=AuditEvent.Action.CREATE,
        obj=session,
        changes=changes_between({}, _session_audit(session)),
    )
    return session


@transaction.atomic
def counseling_session_update(
    *, session: CounselingSession, actor: User, today: dt.date | None = None, **fields
) -> CounselingSession:
    """Change a logged session (notes, topics, its follow-up, marking the follow-up done…)."""
    today = today or timezone.localdate()
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    session = CounselingSession.objects.select_for_update(of=("self",)).select_related("learner").get(pk=session.pk)
    before = _session_audit(session)
    values = {name: getattr(session, name) for name in SESSION_FIELDS}
    values.update(fields)
    for name in ("notes", "follow_up"):
        values[name] = (values[name] or "").strip()
    values["topics"] = list(dict.fromkeys(values["topics"] or []))
    if not values["guardian_present"] and "guardian" not in fields:
        values["guardian"] = None
    _raise(_session_errors(session.learner, values, today))
    for name, value in values.items():
        setattr(session, name, value)
    session.save()
    changes = changes_between(before, _session_audit(session))
    if changes:
        audit_record(actor=actor, center=session.center, action=AuditEvent.Action.UPDATE, obj=session, changes=changes)
    return session


# --- Outreach ------------------------------------------------------------------------------------------

MATERIAL_MAX_BYTES = 10 * 1024 * 1024
MATERIAL_MAX_PIXELS = 40_000_000
_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png"}


def _material_kind(upload: File) -> str:
    """'pdf', 'jpg' or 'png', by content (never the name); ApplicationError for anything else or too large."""
    if upload.size is None or upload.size > MATERIAL_MAX_BYTES:
        raise ApplicationError(_("The file is larger than 10 MB; choose a smaller one."), field="file")
    refused = ApplicationError(_("Only a PDF or an image (JPEG, PNG) can be attached."), field="file")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    try:
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise refused from error
    finally:
        upload.seek(0)
    if kind not in _IMAGE_FORMATS:
        raise refused
    if width * height > MATERIAL_MAX_PIXELS:
        raise ApplicationError(_("The image has too many pixels; choose a smaller one."), field="file")
    return _IMAGE_FORMATS[kind]


def _attendee_rows(attendees: list[dict]) -> list[dict]:
    rows = []
    for number, item in enumerate(attendees or [], start=1):
        name = normalize_name(item.get("full_name", ""))
        phone = (item.get("phone") or "").strip()
        school = normalize_name(item.get("school_name", ""))
        if not (name or phone or school):
            continue
        if not name:
            raise ApplicationError(_("Attendee %(n)s: enter the full name.") % {"n": number}, field="attendees")
        rows.append({"full_name": name[:150], "phone": phone[:15], "school_name": school[:200]})
    return rows


@transaction.atomic
def outreach_event_create(
    *,
    center: Center,
    title: str,
    held_on: dt.date | None,
    place: str,
    audience: str,
    actor: User,
    school: LowerSecondarySchool | None = None,
    description: str = "",
    attendance: int | None = None,
    attendees: list[dict] | None = None,
) -> OutreachEvent:
    """Record a parent or pupil meeting with how many came (and, optionally, who)."""
    errors: dict[str, list[str]] = {}
    title, place = normalize_name(title), normalize_name(place)
    if not title:
        errors["title"] = [_("Enter a title.")]
    if held_on is None:
        errors["held_on"] = [_("Enter the date (dd/mm/yyyy).")]
    if not place:
        errors["place"] = [_("Enter where it takes place.")]
    if audience not in Audience.values:
        errors["audience"] = [_("Choose the audience.")]
    if attendance is not None and attendance < 0:
        errors["attendance"] = [_("The attendance cannot be negative.")]
    _raise(errors)
    rows = _attendee_rows(attendees or [])
    count = max(attendance or 0, len(rows))
    event = OutreachEvent.objects.create(
        center=center,
        title=title,
        held_on=held_on,
        place=place,
        audience=audience,
        school=school,
        description=(description or "").strip(),
        attendance=count,
        created_by=actor,
    )
    OutreachAttendee.objects.bulk_create(OutreachAttendee(center=center, event=event, **row) for row in rows)
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=event,
        changes={"title": [None, title], "attendance": [None, count], "attendees": [None, len(rows)]},
    )
    return event


@transaction.atomic
def outreach_attendees_add(*, event: OutreachEvent, attendees: list[dict], actor: User) -> int:
    """Add names to an event's attendance list; the count grows to at least the number of names."""
    rows = _attendee_rows(attendees)
    if not rows:
        raise ApplicationError(_("Enter at least one attendee's name."), field="attendees")
    OutreachAttendee.objects.bulk_create(OutreachAttendee(center=event.center, event=event, **row) for row in rows)
    listed = event.attendees.count()
    old = event.attendance
    if listed > event.attendance:
        event.attendance = listed
        event.save(update_fields=["attendance"])
    audit_record(
        actor=actor,
        center=event.center,
        action=AuditEvent.Action.UPDATE,
        obj=event,
        changes={"attendees": [None, [r["full_name"] for r in rows]], "attendance": [old, event.attendance]},
    )
    return len(rows)


@transaction.atomic
def outreach_material_add(*, event: OutreachEvent, upload: File, actor: User) -> OutreachMaterial:
    """Attach a PDF or an image to an event (checked by content, at most 10 MB, stored under a random name)."""
    kind = _material_kind(upload)
    material = OutreachMaterial(
        center=event.center,
        event=event,
        original_name=(getattr(upload, "name", "") or f"tai-lieu.{kind}").rsplit("/", 1)[-1][:200],
        kind=kind,
        size=upload.size,
        uploaded_by=actor,
    )
    # A random name: the file name must not say who is in a photo.
    material.file.save(f"{uuid.uuid4().hex}.{kind}", upload, save=False)
    material.save()
    audit_record(
        actor=actor,
        center=event.center,
        action=AuditEvent.Action.CREATE,
        obj=material,
        changes={"file": [None, material.original_name]},
    )
    return material
