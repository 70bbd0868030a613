"""Demo data of the industry area: a dozen real-looking enterprises of Quảng Trị (garment, wood, electrical
assembly, a Japanese-invested firm in KKT Đông Nam, hotels in Đông Hà, an auto repair chain), the demo centers'
partnerships, agreements (one ending within 30 days), two training orders (one asking for Japanese N4), about
twenty openings, and the enterprise account ``doanhnghiep.abc`` (password as the other demo accounts).

Enterprises are global: created once (by tax code), then each demo center partners with some of them.
Deterministic from ``rng``; writes go through the services so the rules and the audit hold.
"""

import datetime as dt
import random

from django.utils import timezone
from django_scopes import scopes_disabled

from lotrinh.academics.models import SchoolClass, Trade
from lotrinh.core.models import Center, Membership, User
from lotrinh.core.roles import Role

from . import services
from .models import Agreement, Enterprise, EnterpriseContact, EnterpriseSize, IndustrialPark, IndustryCode, Opening
from .validators import tax_check_digit

# (slug, name, short name, VSIC, park slug, origin, size, street, trades opened, contact, position)
ENTERPRISES = [
    (
        "may-abc-quang-tri",
        "Công ty TNHH May mặc ABC Quảng Trị",
        "May ABC",
        "1410",
        "kcn-nam-dong-ha",
        "VN",
        "large",
        "Lô C3, KCN Nam Đông Hà",
        ["May công nghiệp", "May thời trang"],
        "Nguyễn Thị Hoa",
        "Trưởng phòng nhân sự",
    ),
    (
        "hanoi-seri-quang-tri",
        "Công ty TNHH Hanosimex Quảng Trị",
        "Hanosimex QT",
        "14",
        "kcn-quan-ngang",
        "VN",
        "large",
        "KCN Quán Ngang, Gio Linh",
        ["May công nghiệp"],
        "Lê Văn Tâm",
        "Phó giám đốc",
    ),
    (
        "go-truong-thanh-qt",
        "Công ty CP Chế biến gỗ Trường Thành Quảng Trị",
        "Gỗ Trường Thành",
        "1610",
        "kcn-quan-ngang",
        "VN",
        "medium",
        "KCN Quán Ngang",
        ["Hàn"],
        "Trần Quốc Bảo",
        "Quản đốc xưởng",
    ),
    (
        "noi-that-dong-ha",
        "Công ty TNHH Nội thất gỗ Đông Hà",
        "Nội thất Đông Hà",
        "31",
        "kcn-nam-dong-ha",
        "VN",
        "small",
        "Đường 9D, KCN Nam Đông Hà",
        ["Hàn"],
        "Phan Văn Lực",
        "Giám đốc",
    ),
    (
        "dien-tu-meiko-dong-nam",
        "Công ty TNHH Điện tử Meiko Quảng Trị",
        "Meiko QT",
        "2790",
        "kkt-dong-nam-quang-tri",
        "JP",
        "large",
        "KKT Đông Nam Quảng Trị, Hải Lăng",
        ["Điện công nghiệp", "Điện dân dụng"],
        "Sato Kenji",
        "Giám đốc nhà máy",
    ),
    (
        "lap-rap-dien-quang-tri",
        "Công ty CP Lắp ráp thiết bị điện Quảng Trị",
        "Thiết bị điện QT",
        "27",
        "kcn-nam-dong-ha",
        "VN",
        "medium",
        "Lô B1, KCN Nam Đông Hà",
        ["Điện công nghiệp"],
        "Hồ Thị Mai",
        "Kế toán trưởng",
    ),
    (
        "khach-san-muong-thanh-qt",
        "Khách sạn Mường Thanh Grand Quảng Trị",
        "Mường Thanh QT",
        "5510",
        None,
        "VN",
        "medium",
        "68 Lê Duẩn, Đông Hà",
        ["Kỹ thuật chế biến món ăn"],
        "Võ Thị Thanh",
        "Trưởng bộ phận nhân sự",
    ),
    (
        "khach-san-sepon",
        "Công ty CP Khách sạn Sepon",
        "Sepon Hotel",
        "55",
        None,
        "VN",
        "small",
        "5 Lê Lợi, Đông Hà",
        ["Kỹ thuật chế biến món ăn", "Chăm sóc sắc đẹp"],
        "Đặng Văn Hùng",
        "Quản lý",
    ),
    (
        "oto-hoang-long",
        "Công ty TNHH Sửa chữa ô tô Hoàng Long",
        "Ô tô Hoàng Long",
        "4520",
        None,
        "VN",
        "small",
        "Quốc lộ 1, Đông Hà",
        ["Công nghệ ô tô", "Sửa chữa xe máy"],
        "Ngô Đình Long",
        "Chủ doanh nghiệp",
    ),
    (
        "dien-lanh-mien-trung",
        "Công ty TNHH Điện lạnh Miền Trung",
        "Điện lạnh MT",
        "4520",
        None,
        "VN",
        "micro",
        "Hùng Vương, Đông Hà",
        ["Kỹ thuật máy lạnh và điều hòa không khí"],
        "Bùi Văn Sơn",
        "Giám đốc",
    ),
    (
        "may-hai-lang-kr",
        "Công ty TNHH May Youngone Hải Lăng",
        "Youngone HL",
        "1410",
        "kkt-dong-nam-quang-tri",
        "KR",
        "large",
        "KKT Đông Nam Quảng Trị",
        ["May công nghiệp"],
        "Kim Min-jun",
        "Trưởng phòng hành chính",
    ),
    (
        "tin-hoc-quang-tri",
        "Công ty CP Công nghệ Tin học Quảng Trị",
        "QTSoft",
        "62",
        None,
        "VN",
        "micro",
        "Trần Hưng Đạo, Đông Hà",
        ["Tin học ứng dụng"],
        "Lương Thị Ngọc",
        "Giám đốc",
    ),
]
ACCOUNT_ENTERPRISE = "may-abc-quang-tri"
WAGES = {"unskilled": (5_000_000, 6_500_000), "so_cap": (6_000_000, 8_000_000), "trung_cap": (7_500_000, 11_000_000)}


def _tax_code(index: int) -> str:
    """A valid tax code of a Quảng Trị enterprise (province prefix 32)."""
    for serial in range(1000 + index * 37, 1000 + index * 37 + 200):
        nine = f"32{serial:07d}"
        digit = tax_check_digit(nine)
        if digit is not None:
            return nine + str(digit)
    raise AssertionError(index)


def _actor(center: Center) -> User | None:
    for role in (Role.ENTERPRISE_OFFICER, Role.TRAINING_OFFICER, Role.DIRECTOR):
        membership = Membership.objects.filter(center=center, role=role, is_active=True).select_related("user").first()
        if membership:
            return membership.user
    return None


def _enterprises(communes) -> list[Enterprise]:
    industries = {c.code: c for c in IndustryCode.objects.all()}
    parks = {p.slug: p for p in IndustrialPark.objects.all()}
    rows = []
    for index, (slug, name, short, vsic, park, origin, size, street, _trades, contact, position) in enumerate(
        ENTERPRISES
    ):
        enterprise = Enterprise.objects.filter(slug=slug).first()
        if enterprise is None:
            enterprise = Enterprise.objects.create(
                slug=slug,
                tax_code=_tax_code(index),
                name=name,
                short_name=short,
                industry=industries.get(vsic),
                industrial_park=parks.get(park) if park else None,
                commune=communes[index % len(communes)] if communes else None,
                street_address=street,
                investor_origin=origin,
                size=EnterpriseSize(size),
            )
            EnterpriseContact.objects.create(
                enterprise=enterprise,
                full_name=contact,
                position=position,
                phone=f"09{index:02d}{(index * 7919) % 1000000:06d}",
                email=f"lienhe@{slug}.vn",
                is_mentor=index % 2 == 0,
            )
        rows.append(enterprise)
    return rows


def demo_extend(*, center: Center, rng: random.Random, today: dt.date) -> dict[str, int]:
    actor = _actor(center)
    if actor is None or Agreement.objects.filter(center=center).exists():
        return {"partners": 0}
    from lotrinh.core.models import Commune

    with scopes_disabled():
        communes = list(Commune.objects.filter(province_id=44).order_by("code")[:12])
        enterprises = _enterprises(communes)
    trades = {t.name: t for t in Trade.objects.filter(Trade.holding_on(today))}
    # the main demo center partners with all of them, the others with a few
    main = center.slug == "dong-ha"
    chosen = enterprises if main else rng.sample(enterprises, 4)
    partnerships = []
    for enterprise in chosen:
        since = today - dt.timedelta(days=rng.randint(120, 1500))
        partnership, _created = services.enterprise_partner(
            center=center,
            tax_code=enterprise.tax_code,
            since=since,
            actor=actor,
            notes="Đối tác tiếp nhận thực tập và tuyển dụng học viên tốt nghiệp." if rng.random() < 0.5 else "",
        )
        partnerships.append(partnership)
        for days_ago, kind, note in [
            (rng.randint(5, 40), "visit", "Thăm xưởng, trao đổi nhu cầu tuyển lao động quý tới."),
            (rng.randint(41, 120), "call", "Gọi điện xác nhận số thực tập sinh nhận trong đợt tới."),
        ]:
            services.partnership_activity_add(
                partnership=partnership, day=today - dt.timedelta(days=days_ago), kind=kind, note=note, actor=actor
            )
    if main:
        with scopes_disabled():
            abc = next(e for e in enterprises if e.slug == ACCOUNT_ENTERPRISE)
            contact = abc.contacts.filter(user__isnull=True).first()
            if contact is not None and not User.objects.filter(username="doanhnghiep.abc").exists():
                from lotrinh.core.demo import DEMO_PASSWORD

                user, _password = services.enterprise_account_create(
                    partnership=partnerships[enterprises.index(abc)],
                    contact=contact,
                    username="doanhnghiep.abc",
                    actor=actor,
                )
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
    # agreements: a linkage with the partner school, internships and a recruitment commitment
    year_ago = today - dt.timedelta(days=330)
    services.agreement_create(
        center=center,
        kind=Agreement.Kind.LINKAGE,
        partner_school="Trường Cao đẳng Kỹ thuật Quảng Trị",
        number=f"12/{year_ago.year}/HĐLK-{center.slug[:2].upper()}",
        signed_on=year_ago,
        valid_from=year_ago,
        valid_to=today + dt.timedelta(days=rng.randint(12, 28)),
        actor=actor,
        quotas=[("linkage_places", 40, 36)],
        notes="Liên kết đào tạo trung cấp cho lớp 9+.",
    )
    for index, partnership in enumerate(partnerships[:4]):
        kind = [Agreement.Kind.INTERNSHIP, Agreement.Kind.RECRUITMENT, Agreement.Kind.ORDER_TRAINING][index % 3]
        what = {"internship": "interns", "recruitment": "recruits", "order_training": "trained_workers"}[kind]
        quantity = rng.choice([10, 15, 20, 30])
        services.agreement_create(
            center=center,
            kind=kind,
            enterprise=partnership.enterprise,
            number=f"{index + 3:02d}/{today.year}/HĐ-{partnership.enterprise.slug[:6].upper()}",
            signed_on=today - dt.timedelta(days=200),
            valid_from=today - dt.timedelta(days=200),
            valid_to=today + dt.timedelta(days=rng.randint(90, 700)),
            actor=actor,
            quotas=[(what, quantity, rng.randint(0, quantity))],
        )
    # training orders (the Japanese firm asks for JLPT N4)
    by_slug = {p.enterprise.slug: p.enterprise for p in partnerships}
    classes = list(SchoolClass.objects.filter(center=center, trade__isnull=False).order_by("name")[:2])
    meiko = by_slug.get("dien-tu-meiko-dong-nam")
    if meiko and "Điện công nghiệp" in trades:
        services.training_order_create(
            center=center,
            enterprise=meiko,
            trade=trades["Điện công nghiệp"],
            head_count=20,
            starts_on=today + dt.timedelta(days=45),
            actor=actor,
            skills="Đọc bản vẽ điện, lắp ráp tủ điện, an toàn điện; làm việc theo ca.",
            language="Tiếng Nhật",
            language_level="JLPT N4",
            place="KKT Đông Nam Quảng Trị",
            school_class=classes[0] if classes else None,
        )
    abc_e = by_slug.get(ACCOUNT_ENTERPRISE) or partnerships[0].enterprise
    if "May công nghiệp" in trades:
        services.training_order_create(
            center=center,
            enterprise=abc_e,
            trade=trades["May công nghiệp"],
            head_count=30,
            starts_on=today - dt.timedelta(days=20),
            actor=actor,
            skills="Vận hành máy may 1 kim, 2 kim; đọc tác nghiệp.",
            place="KCN Nam Đông Hà",
            school_class=classes[1] if len(classes) > 1 else None,
        )
    # openings: about twenty at the main center, a few elsewhere
    specs = {e[0]: e for e in ENTERPRISES}
    openings = 0
    target = 20 if main else 5
    while openings < target:
        partnership = partnerships[openings % len(partnerships)]
        spec = specs[partnership.enterprise.slug]
        names = [n for n in spec[8] if n in trades]
        if not names:
            openings += 1
            continue
        trade = trades[rng.choice(names)]
        level = rng.choice(["unskilled", "so_cap", "so_cap", "trung_cap"])
        low, high = WAGES[level]
        opening = services.opening_create(
            center=center,
            enterprise=partnership.enterprise,
            trade=trade,
            title=rng.choice(["Công nhân", "Thợ", "Kỹ thuật viên", "Nhân viên"]) + " " + trade.name.lower(),
            count=rng.choice([2, 3, 5, 8, 10, 15, 20]),
            wage_min=low,
            wage_max=high + rng.choice([0, 500_000, 1_000_000]),
            deadline=today + dt.timedelta(days=rng.randint(7, 75)),
            actor=actor,
            level=level,
            shifts=rng.choice(Opening.Shifts.values),
            place=spec[7],
        )
        # spread the posting dates over the last year so the demand by quarter has a history
        Opening.objects.filter(pk=opening.pk).update(created_at=timezone.now() - dt.timedelta(days=rng.randint(0, 330)))
        openings += 1
    return {"partners": len(partnerships), "openings": openings}
