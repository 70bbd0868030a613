"""The IIP RIASEC Markers (public domain), 48 items, with the English text and Lộ Trình's Vietnamese translation.

Items and ids as published by the International Interest Item Pool and used by the Open-Source Psychometrics
Project's Holland Code test (R1 … C8). Shown interleaved (R1, I1, A1, S1, E1, C1, R2, …), as that test shows them.
The Vietnamese is a forward translation in plain language (lower-secondary reading level, no gendered wording);
items marked "adapted" replace an activity unfamiliar in rural Vietnam with a close one of the same type.
"""

from django.db import migrations

CODE = "iip-riasec-markers"
VERSION = "2008"
NAME = "IIP RIASEC Markers"
CITATION = (
    "Liao, H.-Y., Armstrong, P. I., & Rounds, J. (2008). Development and initial validation of public domain "
    "Basic Interest Markers. Journal of Vocational Behavior, 73, 159–183. Armstrong, P. I., Allison, W., & "
    "Rounds, J. (2008). Development and initial validation of brief public domain RIASEC marker scales. "
    "Journal of Vocational Behavior, 73, 287–299."
)
LICENCE = "public domain"
SOURCE_URL = "https://openpsychometrics.org/tests/RIASEC/"
EN_SOURCE = "IIP RIASEC Markers (Armstrong, Allison & Rounds 2008), English original"
VI_SOURCE = "Bản dịch Lộ Trình v1 (2026), dịch xuôi, chưa hiệu đính ngược"
VI_VERSION = "v1"
ADAPTED = "adapted: an activity familiar in Vietnam, same type"

# (item id, English, Vietnamese, translator's note)
ITEMS = [
    ("R1", "Test the quality of parts before shipment", "Kiểm tra chất lượng linh kiện trước khi đóng hàng gửi đi", ""),
    ("R2", "Lay brick or tile", "Xây tường gạch hoặc lát gạch men", ""),
    ("R3", "Work on an offshore oil-drilling rig", "Làm việc trên giàn khoan dầu khí ngoài biển", ""),
    ("R4", "Assemble electronic parts", "Lắp ráp linh kiện điện tử", ""),
    ("R5", "Operate a grinding machine in a factory", "Vận hành máy mài trong nhà máy", ""),
    ("R6", "Fix a broken faucet", "Sửa vòi nước bị hỏng", ""),
    ("R7", "Assemble products in a factory", "Lắp ráp sản phẩm trong nhà máy", ""),
    ("R8", "Install flooring in houses", "Lát sàn (gạch, gỗ) cho nhà ở", ""),
    ("I1", "Study the structure of the human body", "Tìm hiểu cấu tạo cơ thể người", ""),
    ("I2", "Study animal behavior", "Quan sát, tìm hiểu thói quen sống của các con vật", ""),
    ("I3", "Do research on plants or animals", "Nghiên cứu về cây trồng hoặc vật nuôi", ""),
    ("I4", "Develop a new medical treatment or procedure", "Tìm ra một cách chữa bệnh mới", ""),
    ("I5", "Conduct biological research", "Làm nghiên cứu sinh học", ""),
    ("I6", "Study whales and other types of marine life", "Tìm hiểu cá voi và các loài sinh vật biển", ""),
    ("I7", "Work in a biology lab", "Làm việc trong phòng thí nghiệm sinh học", ""),
    ("I8", "Make a map of the bottom of an ocean", "Vẽ bản đồ đáy biển", ""),
    ("A1", "Conduct a musical choir", "Chỉ huy một đội hát đồng ca", "choir: đội hát đồng ca, more familiar than dàn hợp xướng"),
    ("A2", "Direct a play", "Dàn dựng một vở kịch", ""),
    ("A3", "Design artwork for magazines", "Vẽ, thiết kế hình ảnh cho sách báo", ""),
    ("A4", "Write a song", "Sáng tác một bài hát", ""),
    ("A5", "Write books or plays", "Viết sách hoặc viết kịch bản", ""),
    ("A6", "Play a musical instrument", "Chơi một loại nhạc cụ", ""),
    ("A7", "Perform stunts for a movie or television show", "Đóng thế các cảnh mạo hiểm trong phim hoặc chương trình truyền hình", ""),
    ("A8", "Design sets for plays", "Thiết kế sân khấu, phông cảnh cho vở diễn", ""),
    ("S1", "Give career guidance to people", "Tư vấn giúp người khác chọn nghề", ""),
    ("S2", "Do volunteer work at a non-profit organization", "Làm tình nguyện cho một tổ chức từ thiện", ""),
    ("S3", "Help people who have problems with drugs or alcohol", "Giúp người đang gặp vấn đề với ma túy hoặc rượu bia", ""),
    ("S4", "Teach an individual an exercise routine", "Hướng dẫn một người tập một bài thể dục", ""),
    ("S5", "Help people with family-related problems", "Giúp người khác vượt qua khó khăn trong gia đình", ""),
    ("S6", "Supervise the activities of children at a camp", "Trông nom, tổ chức vui chơi cho trẻ em trong sinh hoạt hè", ADAPTED + " (summer activities of the village instead of a camp)"),
    ("S7", "Teach children how to read", "Dạy trẻ em tập đọc", ""),
    ("S8", "Help elderly people with their daily activities", "Giúp người cao tuổi trong sinh hoạt hằng ngày", ""),
    ("E1", "Sell restaurant franchises to individuals", "Thuyết phục người khác mua quyền mở quán ăn theo thương hiệu của mình", ADAPTED + " (franchise explained)"),
    ("E2", "Sell merchandise at a department store", "Bán hàng ở siêu thị hoặc trung tâm thương mại", ADAPTED + " (supermarket for department store)"),
    ("E3", "Manage the operations of a hotel", "Quản lý hoạt động của một khách sạn", ""),
    ("E4", "Operate a beauty salon or barber shop", "Mở và điều hành một tiệm làm tóc", ""),
    ("E5", "Manage a department within a large company", "Quản lý một phòng ban trong công ty lớn", ""),
    ("E6", "Manage a clothing store", "Quản lý một cửa hàng quần áo", ""),
    ("E7", "Sell houses", "Làm môi giới mua bán nhà đất", ""),
    ("E8", "Run a toy store", "Điều hành một cửa hàng đồ chơi", ""),
    ("C1", "Generate the monthly payroll checks for an office", "Làm bảng lương hằng tháng cho một cơ quan", ADAPTED + " (payroll sheet for payroll checks)"),
    ("C2", "Inventory supplies using a hand-held computer", "Kiểm kê hàng hóa bằng máy quét cầm tay", ""),
    ("C3", "Use a computer program to generate customer bills", "Dùng phần mềm máy tính để lập hóa đơn cho khách hàng", ""),
    ("C4", "Maintain employee records", "Quản lý hồ sơ nhân viên", ""),
    ("C5", "Compute and record statistical and other numerical data", "Tính toán và ghi chép số liệu thống kê", ""),
    ("C6", "Operate a calculator", "Làm tính bằng máy tính cầm tay", ""),
    ("C7", "Handle customers' bank transactions", "Làm giao dịch gửi, rút tiền cho khách ở ngân hàng", ""),
    ("C8", "Keep shipping and receiving records", "Ghi sổ hàng nhập, hàng xuất của kho", ""),
]
TYPES = "RIASEC"


def order_of(item_id: str) -> int:
    """Interleaved: R1 I1 A1 S1 E1 C1 R2 … C8 are questions 1 … 48."""
    return (int(item_id[1:]) - 1) * len(TYPES) + TYPES.index(item_id[0]) + 1


def load(apps, schema_editor):
    Instrument = apps.get_model("interests", "Instrument")
    InstrumentItem = apps.get_model("interests", "InstrumentItem")
    ItemText = apps.get_model("interests", "ItemText")
    instrument, _ = Instrument.objects.update_or_create(
        code=CODE,
        version=VERSION,
        defaults={"name": NAME, "citation": CITATION, "licence": LICENCE, "source_url": SOURCE_URL, "is_current": True},
    )
    for item_id, english, vietnamese, note in ITEMS:
        item, _ = InstrumentItem.objects.update_or_create(
            instrument=instrument, item_id=item_id, defaults={"riasec_type": item_id[0], "order": order_of(item_id)}
        )
        ItemText.objects.update_or_create(
            item=item, language="en", defaults={"text": english, "source": EN_SOURCE, "source_version": VERSION}
        )
        ItemText.objects.update_or_create(
            item=item,
            language="vi",
            defaults={"text": vietnamese, "source": VI_SOURCE, "source_version": VI_VERSION, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("interests", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
