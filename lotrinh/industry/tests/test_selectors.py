"""Lists and the demand read with a fixed number of queries, however many rows; demand figures checked by hand."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from lotrinh.academics.models import Enrollment, EnrollmentStatus, EnrollmentStatusChange, Trade
from lotrinh.factories import LearnerFactory, SchoolClassFactory
from lotrinh.industry import selectors
from lotrinh.industry.models import Agreement, AgreementQuota, Opening, TrainingOrder
from lotrinh.industry.tests.conftest import make_enterprise, partner


def _grow(center, n, today, offset):
    trade = Trade.objects.order_by("pk")[offset % 3]
    for i in range(n):
        enterprise = make_enterprise(f"dn-{offset}-{i}", f"Doanh nghiệp {offset}-{i}")
        partner(center, enterprise)
        with scope(center=center):
            school_class = SchoolClassFactory(center=center, trade=trade)
            Enrollment.objects.create(
                center=center, learner=LearnerFactory(center=center), school_class=school_class, enrolled_on=today
            )
            TrainingOrder.objects.create(
                center=center, enterprise=enterprise, trade=trade, head_count=4, starts_on=today,
                school_class=school_class,
            )  # fmt: skip
            agreement = Agreement.objects.create(
                center=center, kind="internship", enterprise=enterprise, number=f"{offset}-{i}",
                signed_on=today, valid_from=today, valid_to=today + dt.timedelta(days=30),
            )  # fmt: skip
            AgreementQuota.objects.create(center=center, agreement=agreement, what="interns", quantity=5)
            Opening.objects.create(
                center=center, enterprise=enterprise, trade=trade, title="Thợ", count=2, wage_min=1, wage_max=2,
                deadline=today + dt.timedelta(days=3),
            )  # fmt: skip


READS = {
    "partnership_list": lambda c, d: selectors.partnership_list(center=c),
    "agreement_list": lambda c, d: [list(a.quotas.all()) for a in selectors.agreement_list(center=c, day=d)],
    "training_order_list": lambda c, d: selectors.training_order_list(center=c),
    "opening_list": lambda c, d: [o.trade.name for o in selectors.opening_list(center=c)],
    "labour_demand": lambda c, d: selectors.labour_demand(center=c, day=d),
    "agreements_expiring": lambda c, d: selectors.agreements_expiring(center=c, day=d),
}


@pytest.mark.parametrize("name", sorted(READS))
def test_it_reads_in_a_fixed_number_of_queries(name, center_a, today):
    read = READS[name]
    _grow(center_a, 2, today, 0)
    with scope(center=center_a), CaptureQueriesContext(connection) as few:
        read(center_a, today)
    _grow(center_a, 5, today, 1)
    with scope(center=center_a), CaptureQueriesContext(connection) as many:
        read(center_a, today)
    assert len(many) == len(few)


def test_it_counts_open_positions_and_graduates_by_trade(center_a, abc, today):
    trade, other = Trade.objects.order_by("pk")[:2]
    with scope(center=center_a):
        for count, status, deadline in [(5, "open", 3), (7, "open", 0), (11, "closed", 3), (13, "open", -1)]:
            Opening.objects.create(
                center=center_a, enterprise=abc, trade=trade, title="x", count=count, wage_min=1, wage_max=2,
                status=status, deadline=today + dt.timedelta(days=deadline),
            )  # fmt: skip
        school_class = SchoolClassFactory(center=center_a, trade=other)
        enrollment = Enrollment.objects.create(
            center=center_a, learner=LearnerFactory(center=center_a), school_class=school_class, enrolled_on=today,
            status=EnrollmentStatus.GRADUATED,
        )  # fmt: skip
        EnrollmentStatusChange.objects.create(
            center=center_a, enrollment=enrollment, status=EnrollmentStatus.GRADUATED, effective_on=today
        )
        # open, deadline not passed: 5 + 7; the closed one and the one past its deadline do not count
        assert selectors.openings_demand_by_trade(center=center_a, day=today) == {trade.pk: 12}
        rows = {r["trade_id"]: r for r in selectors.labour_demand(center=center_a, day=today)["rows"]}
    # posted this quarter, whatever their state: 5 + 7 + 11 + 13
    assert rows[trade.pk]["demand"] == 36 and rows[trade.pk]["graduates"] == 0
    assert rows[other.pk]["demand"] == 0 and rows[other.pk]["graduates"] == 1
