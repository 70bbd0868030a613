"""The national support and tuition policies a GDNN-GDTX center applies (domain brief §4).

Confidence tags from the brief: V verified in a retrieved source, S secondary, M believed, U uncertain. An M or
U row is shown as "chưa xác minh" everywhere. ``load`` is idempotent (update_or_create on code + version, then
on policy + group code), so running it again changes nothing.
"""

import datetime as dt

from django.db import migrations

VET = ["so_cap", "duoi_3_thang", "trung_cap", "cao_dang", "trung_hoc_nghe"]
VET_FORMAL = ["so_cap", "trung_cap", "cao_dang", "trung_hoc_nghe"]
GDTX = ["gdtx_thcs", "gdtx_thpt"]
# The meal and travel allowances go to the people the decision supports (its groups); which groups exactly is
# read from the brief's summary, not the decree's own text: M.
QD46_GROUPS = [
    "disability", "ethnic_minority", "policy_beneficiary", "poor", "near_poor", "land_recovered",
    "female_lost_job", "fisher", "fisher_steel_vessel", "female", "rural_worker",
]

QD46 = {
    "code": "QD-46-2015-TTg",
    "version": 1,
    "title": "Hỗ trợ đào tạo trình độ sơ cấp, đào tạo dưới 3 tháng",
    "citation": "Quyết định 46/2015/QĐ-TTg ngày 28/9/2015 của Thủ tướng Chính phủ, Điều 3, Điều 4 và Điều 5",
    "issuing_body": "Thủ tướng Chính phủ",
    "kind": "training_support",
    "effective_from": dt.date(2016, 1, 1),
    "effective_to": None,
    "confidence": "U",
    "once_only": True,
    "note": (
        "Mức hỗ trợ đã xác minh; việc còn hiệu lực năm 2026 (hay đã được thay bằng văn bản theo Luật GDNN 2025, "
        "Luật Việc làm 2025) chưa xác minh. Chỉ áp dụng một mức cao nhất. Trường hợp được hỗ trợ lại sau khi "
        "mất việc (tối đa 3 lần, do UBND tỉnh quyết định) chưa được mã hóa."
    ),
    "rules": [
        {"group_code": "nguoi_khuyet_tat", "label": "Người khuyết tật", "benefit": "training_cost",
         "levels": ["so_cap", "duoi_3_thang"], "all_of": ["disability"], "cap_vnd": 6_000_000,
         "exclusive_group": "training", "tier": 60},
        {"group_code": "dtts_ngheo_hoac_ngheo_xa_dbkk",
         "label": "Người thuộc hộ đồng bào dân tộc thiểu số nghèo; người thuộc hộ nghèo ở xã, thôn, bản đặc biệt "
                  "khó khăn",
         "benefit": "training_cost", "levels": ["so_cap", "duoi_3_thang"], "all_of": ["poor"],
         "any_of": ["ethnic_minority", "disadvantaged_commune"], "cap_vnd": 4_000_000,
         "exclusive_group": "training", "tier": 40},
        {"group_code": "dtts_nguoi_co_cong_ho_ngheo",
         "label": "Người dân tộc thiểu số, người có công với cách mạng, người thuộc hộ nghèo, hộ bị thu hồi đất "
                  "nông nghiệp / đất kinh doanh, lao động nữ bị mất việc làm, ngư dân",
         "benefit": "training_cost", "levels": ["so_cap", "duoi_3_thang"],
         "any_of": ["ethnic_minority", "policy_beneficiary", "poor", "land_recovered", "female_lost_job",
                    "fisher"],
         "cap_vnd": 3_000_000, "exclusive_group": "training", "tier": 30},
        {"group_code": "ho_can_ngheo", "label": "Người thuộc hộ cận nghèo", "benefit": "training_cost",
         "levels": ["so_cap", "duoi_3_thang"], "all_of": ["near_poor"], "cap_vnd": 2_500_000,
         "exclusive_group": "training", "tier": 25},
        {"group_code": "phu_nu_lao_dong_nong_thon", "label": "Phụ nữ, lao động nông thôn (ngoài các nhóm trên)",
         "benefit": "training_cost", "levels": ["so_cap", "duoi_3_thang"], "any_of": ["female", "rural_worker"],
         "cap_vnd": 2_000_000, "exclusive_group": "training", "tier": 20},
        {"group_code": "ngu_dan_tau_vo_thep",
         "label": "Ngư dân học nghề trên tàu vỏ thép / vật liệu mới có máy chính từ 400 CV (toàn bộ chi phí)",
         "benefit": "training_cost", "levels": ["so_cap", "duoi_3_thang"], "all_of": ["fisher_steel_vessel"],
         "cap_vnd": None, "exclusive_group": "training", "tier": 100},
        {"group_code": "tien_an", "label": "Hỗ trợ tiền ăn 30.000 ₫ / ngày học thực tế", "benefit": "per_day",
         "levels": ["so_cap", "duoi_3_thang"],
         "any_of": QD46_GROUPS, "amount_vnd": 30_000, "confidence": "M"},
        {"group_code": "di_lai_15km", "label": "Hỗ trợ đi lại 200.000 ₫ / khóa khi nơi học cách nơi ở từ 15 km",
         "benefit": "per_course", "levels": ["so_cap", "duoi_3_thang"], "min_distance_km": 15,
         "any_of": QD46_GROUPS, "amount_vnd": 200_000, "confidence": "M", "exclusive_group": "travel", "tier": 1},
        {"group_code": "di_lai_5km_khuyet_tat_xa_kho_khan",
         "label": "Hỗ trợ đi lại 300.000 ₫ / khóa cho người khuyết tật hoặc cư trú ở xã khó khăn / đặc biệt khó "
                  "khăn, nơi học cách nơi ở từ 5 km",
         "benefit": "per_course", "levels": ["so_cap", "duoi_3_thang"],
         "any_of": ["disability", "disadvantaged_commune"], "min_distance_km": 5, "amount_vnd": 300_000,
         "exclusive_group": "travel", "tier": 2},
    ],
}

ND238 = {
    "code": "ND-238-2025-ND-CP",
    "version": 1,
    "title": "Miễn, giảm học phí (các nhóm liên quan đến trung tâm GDNN-GDTX)",
    "citation": "Nghị định 238/2025/NĐ-CP ngày 03/9/2025 của Chính phủ (thay thế Nghị định 81/2021/NĐ-CP và "
                "97/2023/NĐ-CP), điều về đối tượng miễn, giảm học phí",
    "issuing_body": "Chính phủ",
    "kind": "tuition_exemption",
    "effective_from": dt.date(2025, 9, 3),
    "effective_to": None,
    "confidence": "V",
    "once_only": False,
    "note": "Chỉ áp dụng một mức miễn / giảm cao nhất. Danh sách đầy đủ 14 nhóm chưa được đối chiếu với Công báo.",
    "rules": [
        {"group_code": "gdtx_cong_lap", "label": "Học viên GDTX cấp THCS, THPT tại cơ sở công lập",
         "benefit": "tuition_percent", "levels": GDTX, "ownership": "public", "percent": 100,
         "exclusive_group": "tuition", "tier": 100},
        {"group_code": "nguoi_co_cong", "label": "Đối tượng theo Pháp lệnh ưu đãi người có công với cách mạng",
         "benefit": "tuition_percent", "levels": VET + GDTX, "all_of": ["policy_beneficiary"], "percent": 100,
         "exclusive_group": "tuition", "tier": 100},
        {"group_code": "nguoi_khuyet_tat_gdnn", "label": "Người học giáo dục nghề nghiệp là người khuyết tật",
         "benefit": "tuition_percent", "levels": VET_FORMAL, "all_of": ["disability"], "percent": 100,
         "exclusive_group": "tuition", "tier": 100},
        {"group_code": "mo_coi_trung_cap_cao_dang",
         "label": "Người học trung cấp, cao đẳng mồ côi cả cha và mẹ, không nơi nương tựa",
         "benefit": "tuition_percent", "levels": ["trung_cap", "cao_dang"], "all_of": ["orphan"], "percent": 100,
         "exclusive_group": "tuition", "tier": 100},
        {"group_code": "tot_nghiep_thcs_hoc_trung_cap", "label": "Người tốt nghiệp THCS học tiếp lên trung cấp",
         "benefit": "tuition_percent", "levels": ["trung_cap"], "all_of": ["thcs_graduate"], "percent": 100,
         "exclusive_group": "tuition", "tier": 100, "confidence": "S"},
        {"group_code": "dtts_ngheo_can_ngheo_gdnn",
         "label": "Người học GDNN là người dân tộc thiểu số thuộc hộ nghèo, hộ cận nghèo",
         "benefit": "tuition_percent", "levels": VET_FORMAL, "all_of": ["ethnic_minority", "poor_or_near_poor"],
         "percent": 100, "exclusive_group": "tuition", "tier": 100, "confidence": "M"},
        {"group_code": "nghe_dac_thu_doc_hai",
         "label": "Người học ngành nghệ thuật truyền thống, đặc thù hoặc nặng nhọc, độc hại, nguy hiểm (giảm 70%)",
         "benefit": "tuition_percent", "levels": VET_FORMAL, "all_of": ["special_trade"], "percent": 70,
         "exclusive_group": "tuition", "tier": 70},
        {"group_code": "dtts_vung_dbkk",
         "label": "Người dân tộc thiểu số (không phải dân tộc rất ít người) cùng cha hoặc mẹ thường trú ở thôn, xã "
                  "đặc biệt khó khăn (giảm 70%)",
         "benefit": "tuition_percent", "levels": VET_FORMAL, "all_of": ["ethnic_minority", "disadvantaged_commune"],
         "percent": 70, "exclusive_group": "tuition", "tier": 70},
        {"group_code": "con_tai_nan_lao_dong",
         "label": "Con của cha hoặc mẹ hưởng trợ cấp tai nạn lao động, bệnh nghề nghiệp thường xuyên (giảm 50%)",
         "benefit": "tuition_percent", "levels": VET_FORMAL, "all_of": ["parent_work_accident"], "percent": 50,
         "exclusive_group": "tuition", "tier": 50},
    ],
}

NQ217 = {
    "code": "NQ-217-2025-QH15",
    "version": 1,
    "title": "Miễn học phí chương trình giáo dục phổ thông tại cơ sở công lập",
    "citation": "Nghị quyết 217/2025/QH15 ngày 26/6/2025 của Quốc hội, áp dụng từ năm học 2025-2026",
    "issuing_body": "Quốc hội",
    "kind": "tuition_exemption",
    "effective_from": dt.date(2025, 9, 1),
    "effective_to": None,
    "confidence": "V",
    "once_only": False,
    "note": "Tại cơ sở ngoài công lập, mức hỗ trợ do HĐND tỉnh quy định. Việc áp dụng cho phần văn hóa của "
            "trung học nghề chưa xác minh.",
    "rules": [
        {"group_code": "gdtx_pho_thong_cong_lap",
         "label": "Học viên học chương trình giáo dục phổ thông (kể cả GDTX) tại cơ sở công lập",
         "benefit": "tuition_percent", "levels": GDTX, "ownership": "public", "percent": 100},
    ],
}

POLICIES = [QD46, ND238, NQ217]


def load(apps, schema_editor):
    SupportPolicy = apps.get_model("support", "SupportPolicy")
    SupportRule = apps.get_model("support", "SupportRule")
    for data in POLICIES:
        data = dict(data)
        rules = data.pop("rules")
        policy, _ = SupportPolicy.objects.update_or_create(
            code=data.pop("code"), version=data.pop("version"), defaults={**data, "province": None}
        )
        for position, rule in enumerate(rules):
            rule = dict(rule)
            defaults = {
                "position": position,
                "label": rule["label"],
                "benefit": rule["benefit"],
                "levels": rule.get("levels", []),
                "ownership": rule.get("ownership", "any"),
                "all_of": rule.get("all_of", []),
                "any_of": rule.get("any_of", []),
                "min_distance_km": rule.get("min_distance_km"),
                "cap_vnd": rule.get("cap_vnd"),
                "percent": rule.get("percent"),
                "amount_vnd": rule.get("amount_vnd"),
                "exclusive_group": rule.get("exclusive_group", ""),
                "tier": rule.get("tier", 0),
                "confidence": rule.get("confidence", "V"),
            }
            SupportRule.objects.update_or_create(policy=policy, group_code=rule["group_code"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
