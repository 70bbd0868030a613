"""Reference data of the industry app, loaded by migration 0002 (idempotent ``load``).

- Industry codes: a subset of the Vietnamese Standard Industrial Classification VSIC 2018
  (Quyết định 27/2018/QĐ-TTg of 06/07/2018), level 2 and a few level-4 codes seen in Quảng Trị.
- Industrial parks and economic zones of Quảng Trị (Quyết định 1912/QĐ-TTg and the province's planning).
- Investor origins: ISO 3166-1 alpha-2 codes with their Vietnamese label.
"""

QUANG_TRI = 44

INDUSTRY_CODES: list[tuple[str, str, int]] = [
    ("01", "Nông nghiệp và hoạt động dịch vụ có liên quan", 2),
    ("10", "Sản xuất, chế biến thực phẩm", 2),
    ("13", "Dệt", 2),
    ("14", "Sản xuất trang phục", 2),
    ("1410", "May trang phục (trừ trang phục từ da lông thú)", 4),
    ("15", "Sản xuất da và các sản phẩm có liên quan", 2),
    ("16", "Chế biến gỗ và sản xuất sản phẩm từ gỗ, tre, nứa", 2),
    ("1610", "Cưa, xẻ, bào gỗ và bảo quản gỗ", 4),
    ("22", "Sản xuất sản phẩm từ cao su và plastic", 2),
    ("23", "Sản xuất sản phẩm từ khoáng phi kim loại khác", 2),
    ("25", "Sản xuất sản phẩm từ kim loại đúc sẵn", 2),
    ("26", "Sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học", 2),
    ("27", "Sản xuất thiết bị điện", 2),
    ("2790", "Sản xuất thiết bị điện khác", 4),
    ("31", "Sản xuất giường, tủ, bàn, ghế", 2),
    ("35", "Sản xuất và phân phối điện, khí đốt", 2),
    ("41", "Xây dựng nhà các loại", 2),
    ("45", "Bán, sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác", 2),
    ("4520", "Bảo dưỡng, sửa chữa ô tô và xe có động cơ khác", 4),
    ("47", "Bán lẻ (trừ ô tô, mô tô, xe máy)", 2),
    ("49", "Vận tải đường sắt, đường bộ", 2),
    ("55", "Dịch vụ lưu trú", 2),
    ("5510", "Dịch vụ lưu trú ngắn ngày (khách sạn)", 4),
    ("56", "Dịch vụ ăn uống", 2),
    ("62", "Lập trình máy vi tính, dịch vụ tư vấn máy vi tính", 2),
    ("86", "Hoạt động y tế", 2),
    ("96", "Hoạt động dịch vụ phục vụ cá nhân khác", 2),
]

INDUSTRIAL_PARKS: list[tuple[str, str]] = [
    ("kcn-nam-dong-ha", "KCN Nam Đông Hà"),
    ("kcn-quan-ngang", "KCN Quán Ngang"),
    ("kcn-tay-bac-ho-xa", "KCN Tây Bắc Hồ Xá"),
    ("kcn-quang-tri", "KCN Quảng Trị"),
    ("kkt-dong-nam-quang-tri", "KKT Đông Nam Quảng Trị"),
    ("kktck-lao-bao", "KKT cửa khẩu Lao Bảo"),
    ("kcn-hon-la", "KCN Hòn La"),
    ("kcn-tay-bac-dong-hoi", "KCN Tây Bắc Đồng Hới"),
]

COUNTRIES: dict[str, str] = {
    "VN": "Việt Nam (trong nước)",
    "JP": "Nhật Bản",
    "KR": "Hàn Quốc",
    "TW": "Đài Loan",
    "CN": "Trung Quốc",
    "SG": "Singapore",
    "TH": "Thái Lan",
    "LA": "Lào",
    "US": "Hoa Kỳ",
    "DE": "Đức",
    "FR": "Pháp",
    "AU": "Úc",
}


def country_label(code: str) -> str:
    return COUNTRIES.get(code, code)


def country_choices() -> list[tuple[str, str]]:
    return list(COUNTRIES.items())


def load(apps, schema_editor) -> None:
    """Idempotent: the e2e live server flushes the database and calls this again."""
    IndustryCode = apps.get_model("industry", "IndustryCode")
    IndustrialPark = apps.get_model("industry", "IndustrialPark")
    Province = apps.get_model("core", "Province")
    for code, label, level in INDUSTRY_CODES:
        IndustryCode.objects.update_or_create(code=code, defaults={"label": label, "level": level})
    if not Province.objects.filter(code=QUANG_TRI).exists():
        return
    for slug, name in INDUSTRIAL_PARKS:
        IndustrialPark.objects.update_or_create(slug=slug, defaults={"name": name, "province_id": QUANG_TRI})
