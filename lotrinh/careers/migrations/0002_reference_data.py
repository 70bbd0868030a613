import datetime as dt
from decimal import Decimal

from django.db import migrations

# The chain of guidance-matching-retention.md A5: a center's trade → the nearest O*NET-SOC occupations →
# their interest levels (OI, 1–7) averaged → the three highest letters as the trade's code. The levels below
# are estimates made while writing this table from the occupations named, NOT yet read from the release's
# Interests.txt: every row is unreviewed and says so, until a counselor panel checks it.
RELEASE = "29.1"
ATTRIBUTION = (
    "Bảng này dùng thông tin từ O*NET® 29.1 Database của Bộ Lao động Hoa Kỳ, Cục Việc làm và Đào tạo "
    "(USDOL/ETA), theo giấy phép CC BY 4.0. O*NET® là nhãn hiệu của USDOL/ETA. Lộ Trình đã sửa đổi một phần "
    "hoặc toàn bộ thông tin này; USDOL/ETA chưa phê duyệt, xác nhận hay kiểm tra các sửa đổi đó. "
    "(This page includes information from the O*NET 29.1 Database by USDOL/ETA, used under the CC BY 4.0 "
    "license. Lộ Trình has modified all or some of this information. USDOL/ETA has not approved, endorsed, or "
    "tested these modifications.)"
)
NOTE = "Mức sở thích ước lượng từ các nghề O*NET liên quan, chưa đối chiếu tệp Interests.txt — cần chuyên gia rà soát"
RIASEC = "RIASEC"

# trade name → (O*NET-SOC codes, levels R I A S E C)
PROFILES = {
    "Điện dân dụng": (["47-2111.00"], (6.9, 4.2, 1.6, 1.9, 2.1, 3.8)),
    "Điện công nghiệp": (["47-2111.00", "49-2094.00"], (6.8, 4.5, 1.5, 1.7, 2.0, 3.9)),
    "Sửa chữa xe máy": (["49-3052.00"], (6.8, 3.9, 1.4, 1.5, 2.1, 3.2)),
    "Công nghệ ô tô": (["49-3023.00"], (6.8, 4.3, 1.5, 1.9, 2.0, 3.4)),
    "May thời trang": (["51-6052.00", "51-6031.00"], (6.3, 1.6, 3.4, 1.5, 1.8, 4.0)),
    "May công nghiệp": (["51-6031.00"], (6.5, 1.5, 1.8, 1.4, 1.6, 4.8)),
    "Kỹ thuật chế biến món ăn": (["35-2014.00", "35-1011.00"], (5.9, 1.9, 3.6, 2.6, 3.9, 3.4)),
    "Tin học ứng dụng": (["15-1232.00"], (4.6, 4.9, 1.9, 3.1, 2.6, 5.6)),
    "Hàn": (["51-4121.00"], (6.9, 2.5, 1.9, 1.3, 1.8, 3.6)),
    "Kỹ thuật máy lạnh và điều hòa không khí": (["49-9021.00"], (6.7, 4.1, 1.4, 1.8, 2.2, 3.5)),
    "Chăn nuôi thú y": (["45-2093.00", "29-2056.00"], (6.2, 3.9, 1.5, 3.2, 2.0, 3.0)),
    "Nuôi trồng thủy sản": (["45-2093.00", "45-1011.00"], (6.5, 3.0, 1.3, 1.8, 2.8, 3.1)),
    "Trồng trọt và bảo vệ thực vật": (["45-2092.00", "19-4012.00"], (6.4, 3.8, 1.4, 1.6, 1.9, 3.3)),
    "Chăm sóc sắc đẹp": (["39-5094.00", "39-5092.00", "39-5012.00"], (4.1, 2.3, 4.6, 5.6, 4.0, 2.4)),
}

WEIGHTS = {
    "version": "2026.1",
    "interest": 40,
    "grades": 20,
    "demand": 25,
    "length_cost": 15,
    "demand_full_at": 50,
    "months_full": 24,
    "cost_full_vnd": 20_000_000,
    "valid_from": dt.date(2025, 1, 1),
    "citation": "Trọng số khởi đầu của Lộ Trình; cần tổ tư vấn của trung tâm rà soát",
}


def code_of(levels: tuple) -> str:
    """The three highest levels, in R-I-A-S-E-C order when equal."""
    order = sorted(range(6), key=lambda i: (-levels[i], i))
    return "".join(RIASEC[i] for i in order[:3])


def load(apps, schema_editor):
    Trade = apps.get_model("academics", "Trade")
    Profile = apps.get_model("careers", "TradeInterestProfile")
    RankingWeights = apps.get_model("careers", "RankingWeights")
    for trade in Trade.objects.all():
        if trade.name not in PROFILES:
            continue
        codes, levels = PROFILES[trade.name]
        Profile.objects.update_or_create(
            trade=trade,
            defaults={
                "code": code_of(levels),
                **{f"level_{letter.lower()}": Decimal(str(v)) for letter, v in zip(RIASEC, levels, strict=True)},
                "onet_soc_codes": codes,
                "onet_release": RELEASE,
                "reviewed": False,
                "note": NOTE,
                "attribution": ATTRIBUTION,
            },
        )
    RankingWeights.objects.update_or_create(version=WEIGHTS["version"], defaults=WEIGHTS)


class Migration(migrations.Migration):
    dependencies = [("careers", "0001_initial"), ("academics", "0005_trades")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
