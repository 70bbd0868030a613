import datetime as dt

from django.db import migrations

# The 54 ethnic groups (Danh mục các dân tộc Việt Nam, QĐ 121-TCTK/PPCĐ of 02/03/1979).
ETHNICITIES = [
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "HMông", "Dao", "Gia-rai", "Ngái", "Ê-đê",
    "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra-glai", "Xtiêng",
    "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co", "Tà-ôi", "Chơ-ro",
    "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô",
    "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu", "Ơ-đu", "Rơ-măm",
]

ID_CITATION = "TT 07/2016/TT-BCA, sửa đổi bởi TT 59/2021/TT-BCA: mã tỉnh nơi đăng ký khai sinh (63 tỉnh trước 01/07/2025)"


def load(apps, schema_editor):
    from vietnam_provinces.legacy import Province as LegacyProvince

    Ethnicity = apps.get_model("people", "Ethnicity")
    for index, name in enumerate(ETHNICITIES, start=1):
        Ethnicity.objects.update_or_create(code=f"{index:02d}", defaults={"name": name})
    IdIssuingPlace = apps.get_model("people", "IdIssuingPlace")
    for province in LegacyProvince.iter_all():
        IdIssuingPlace.objects.update_or_create(
            code=f"{int(province.code):03d}",
            defaults={"name": province.name, "valid_from": dt.date(2016, 1, 1), "citation": ID_CITATION},
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_ethnicity_guardian_idissuingplace_importjob_and_more")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
