"""Enterprise accounts see their own enterprise only: anyone else gets the 404 of an unknown enterprise."""

from django.urls import reverse
from django_scopes import scopes_disabled

from lotrinh.conftest import client_for, make_user
from lotrinh.core.tenancy import SCOPE_ATTR
from lotrinh.industry.access import enterprise_view
from lotrinh.industry.models import EnterpriseContact, Opening, Partnership
from lotrinh.industry.tests.conftest import partner


def home(slug: str) -> str:
    return reverse("industry:portal-home", kwargs={"enterprise_slug": slug})


def test_it_shows_the_enterprise_home_to_its_account(ana, abc):
    response = client_for(ana).get(home(abc.slug))
    assert response.status_code == 200
    assert "Công ty TNHH May ABC" in response.content.decode()
    assert "Trung tâm GDNN-GDTX Đông Hà" in response.content.decode()


def test_it_sends_anonymous_visitors_to_the_login_page(abc):
    response = client_for(None).get(home(abc.slug))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_it_answers_404_to_a_user_who_is_no_contact(abc, center_a):
    stranger = make_user("stranger", "Ngô Văn Lạ")
    assert client_for(stranger).get(home(abc.slug)).status_code == 404


def test_it_answers_404_to_center_staff_who_are_no_contact(abc, alice):
    assert client_for(alice).get(home(abc.slug)).status_code == 404


def test_it_answers_404_to_the_contact_of_another_enterprise(abc, xavier):
    assert client_for(xavier).get(home(abc.slug)).status_code == 404


def test_it_answers_the_same_404_to_an_unknown_enterprise(ana):
    unknown = client_for(ana).get(home("khong-co"))
    other = client_for(make_user("z", "Z")).get(home("may-abc"))
    assert unknown.status_code == other.status_code == 404
    assert "May ABC" not in other.content.decode()


def test_it_answers_404_to_an_inactive_contact(ana, abc):
    EnterpriseContact.objects.filter(user=ana).update(is_active=False)
    assert client_for(ana).get(home(abc.slug)).status_code == 404


def test_it_logs_out_a_deactivated_account(ana, abc):
    client = client_for(ana)
    ana.is_active = False
    ana.save()
    response = client.get(home(abc.slug))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_it_runs_the_view_in_the_scope_of_the_active_partner_centers_only(rf, ana, abc, center_a, center_b):
    partner(center_b, abc, status=Partnership.Status.ENDED)
    seen = {}

    @enterprise_view()
    def probe(request, enterprise_slug):
        seen["enterprise"] = request.enterprise
        seen["contact"] = request.enterprise_contact
        seen["partnerships"] = list(Partnership.objects.values_list("center_id", flat=True))
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = rf.get("/dn/may-abc/")
    request.user = ana
    assert probe(request, enterprise_slug=abc.slug).status_code == 200
    assert seen["enterprise"] == abc
    assert seen["contact"].user == ana
    # center B's (ended) partnership row is out of scope: only center A's rows are reachable
    assert seen["partnerships"] == [center_a.pk]


def test_it_declares_the_enterprise_scope():
    @enterprise_view()
    def probe(request, enterprise_slug):  # pragma: no cover
        return None

    assert getattr(probe, SCOPE_ATTR) == "enterprise"


def test_it_lists_only_own_openings_on_the_enterprise_home(ana, abc, xyz, center_a, today):
    from lotrinh.academics.models import Trade

    trade = Trade.objects.first()
    partner(center_a, xyz)
    with scopes_disabled():
        for enterprise, title in [(abc, "Thợ may công nghiệp"), (xyz, "Thợ mộc XYZ")]:
            Opening.objects.create(
                center=center_a,
                enterprise=enterprise,
                trade=trade,
                title=title,
                count=3,
                wage_min=6_000_000,
                wage_max=8_000_000,
                deadline=today,
            )
    page = client_for(ana).get(home(abc.slug)).content.decode()
    assert "Thợ may công nghiệp" in page
    assert "Thợ mộc XYZ" not in page


def test_it_lands_an_enterprise_account_on_its_enterprise_home_after_login(ana, abc):
    response = client_for(ana).get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == home(abc.slug)


def test_it_lets_a_staff_member_who_is_also_a_contact_choose(alice, abc):
    EnterpriseContact.objects.create(enterprise=abc, user=alice, full_name=alice.full_name)
    response = client_for(alice).get(reverse("core:home"))
    assert response.status_code == 200
    assert home(abc.slug) in response.content.decode()
