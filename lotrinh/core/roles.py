"""Who may do what: one table, readable at a glance (docs/ARCHITECTURE.md copies it).

A permission is a plain string "<area>.<action>". A view declares the one it needs with
``@center_view(perm=...)``; a membership's role grants a fixed set of them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    TRAINING_OFFICER = "training_officer", _("Training officer")
    COUNSELOR = "counselor", _("Counselor")
    TEACHER = "teacher", _("Teacher")
    ENTERPRISE_OFFICER = "enterprise_officer", _("Enterprise-relations officer")
    ACCOUNTANT = "accountant", _("Accountant")


class SupervisorRole(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")


# Every permission a center route may declare, with what it lets a user do.
PERMISSIONS: dict[str, str] = {
    "center.view": _("See the center's home"),
    "center.edit": _("Change the center's profile"),
    "staff.view": _("See the staff list"),
    "staff.manage": _("Add staff, change roles, end memberships"),
    "staff.reveal_id": _("Reveal a staff member's ID number"),
    "audit.view": _("Browse the audit log"),
    "learners.view": _("See learner records"),
    "learners.manage": _("Create and change learner records"),
    "learners.view_sensitive": _("See sensitive learner data (ethnicity)"),
    "learners.reveal_id": _("Reveal a learner's ID number"),
    "learners.import": _("Import learner lists from files"),
    "consents.manage": _("Record and withdraw consents"),
    "classes.view": _("See classes and the timetable"),
    "classes.view_all": _("See every class's sessions, not only one's own"),
    "classes.manage": _("Create classes and edit the timetable"),
    "attendance.take": _("Take the roll"),
    "attendance.view": _("See attendance reports"),
    "grades.view": _("See grades and transcripts"),
    "grades.enter": _("Enter grades"),
    "retention.view": _("See drop-out risks and the retention dashboard"),
    "interventions.manage": _("Plan and close interventions for learners at risk"),
    "reports.view": _("See reports and indicators"),
    "guidance.view": _("See cohorts, streaming, interest results and recommendations"),
    "guidance.manage": _("Record destinations, run interest tests, log counseling and outreach"),
    "plans.manage": _("Set plan targets (streaming, admissions)"),
    "admissions.view": _("See admission plans and applications"),
    "admissions.manage": _("Review, admit and enrol applicants"),
    "enterprises.view": _("See enterprises, partnerships, agreements, orders and openings"),
    "enterprises.manage": _("Record enterprises, partnerships, agreements, orders and openings"),
    "internships.view": _("See internship slots, allocations and follow-up"),
    "internships.manage": _("Run and publish the internship allocation, record follow-up"),
    "jobs.view": _("See job placements, graduate follow-up and employment rates"),
    "jobs.manage": _("Record job placements and graduate follow-up"),
}

_ALL = frozenset(PERMISSIONS)
_CENTER = {"center.view", "learners.view", "classes.view"}

# fmt: off
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DIRECTOR:           _ALL,
    Role.DEPUTY_DIRECTOR:    _ALL - {"audit.view"},
    Role.TRAINING_OFFICER:   frozenset(_CENTER | {"staff.view", "learners.manage", "learners.view_sensitive",
                                                  "learners.reveal_id", "learners.import", "consents.manage",
                                                  "classes.view_all", "classes.manage", "attendance.take",
                                                  "attendance.view", "grades.view", "grades.enter",
                                                  "retention.view", "interventions.manage", "reports.view",
                                                  "guidance.view", "guidance.manage", "admissions.view",
                                                  "admissions.manage", "enterprises.view", "enterprises.manage",
                                                  "internships.view", "internships.manage", "jobs.view",
                                                  "jobs.manage"}),
    Role.COUNSELOR:          frozenset(_CENTER | {"learners.view_sensitive", "consents.manage", "classes.view_all",
                                                  "attendance.view", "grades.view", "retention.view",
                                                  "interventions.manage", "reports.view", "guidance.view",
                                                  "guidance.manage", "admissions.view", "enterprises.view",
                                                  "internships.view", "jobs.view", "jobs.manage"}),
    Role.TEACHER:            frozenset(_CENTER | {"attendance.take", "grades.view", "grades.enter"}),
    Role.ENTERPRISE_OFFICER: frozenset(_CENTER | {"classes.view_all", "grades.view", "reports.view",
                                                  "enterprises.view", "enterprises.manage", "internships.view",
                                                  "internships.manage", "jobs.view", "jobs.manage"}),
    Role.ACCOUNTANT:         frozenset({"center.view", "learners.view", "staff.view", "reports.view",
                                        "admissions.view"}),
}
# fmt: on

SUPERVISOR_PERMISSIONS: dict[str, frozenset[str]] = {
    SupervisorRole.SUPERVISOR: frozenset({"supervision.view"}),
}


def role_has_perm(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())
