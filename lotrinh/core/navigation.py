"""The navigation of a center, by permission: a link is shown only to roles that may open it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str
    icon: str


CENTER_NAV: tuple[NavItem, ...] = (
    NavItem(_("Home"), "core:center-home", "center.view", "home"),
    NavItem(_("Learners"), "people:learner-list", "learners.view", "users"),
    NavItem(_("Import learners"), "people:import-list", "learners.import", "upload"),
    NavItem(_("Classes"), "academics:class-list", "classes.view", "book"),
    NavItem(_("Timetable"), "academics:timetable-week", "classes.view", "calendar"),
    NavItem(_("Take the roll"), "academics:roll-today", "attendance.take", "check"),
    NavItem(_("Rolls not taken"), "academics:roll-missing", "attendance.view", "alert"),
    NavItem(_("Grades"), "assessment:gradebook", "grades.view", "grade"),
    NavItem(_("Retention"), "retention:dashboard", "retention.view", "chart"),
    NavItem(_("Interventions"), "retention:intervention-list", "retention.view", "hand"),
    NavItem(_("Streaming"), "guidance:streaming", "guidance.view", "chart"),
    NavItem(_("Counseling"), "guidance:counseling-list", "guidance.view", "hand"),
    NavItem(_("Interest tests"), "interests:session-list", "guidance.view", "check"),
    NavItem(_("Trades and demand"), "careers:trade-list", "guidance.view", "book"),
    NavItem(_("Support policies"), "support:policy-list", "guidance.view", "shield"),
    NavItem(_("Admissions"), "admissions:dashboard", "admissions.view", "users"),
    NavItem(_("Enterprises"), "industry:enterprise-list", "enterprises.view", "building"),
    NavItem(_("Labour demand"), "industry:demand", "enterprises.view", "chart"),
    NavItem(_("Internships"), "internships:round-list", "internships.view", "calendar"),
    NavItem(_("Jobs"), "jobs:dashboard", "jobs.view", "id"),
    NavItem(_("Staff"), "core:staff-list", "staff.view", "id"),
    NavItem(_("Center profile"), "core:center-profile", "center.view", "building"),
    NavItem(_("Audit log"), "core:audit-list", "audit.view", "shield"),
)


def center_nav(membership, current_url_name: str | None) -> list[dict]:
    items = []
    for item in CENTER_NAV:
        if not membership.has_perm(item.perm):
            continue
        try:
            url = reverse(item.url_name, kwargs={"center_slug": membership.center.slug})
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": item.url_name == current_url_name})
    return items
