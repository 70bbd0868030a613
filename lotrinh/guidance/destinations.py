"""A destination as a school or a file writes it ("THPT", "Học nghề", "Đi làm"…) → a Destination value (pure)."""

from lotrinh.people.importing.headers import header_key

# Compared without diacritics, case or punctuation (header_key); the longest matching phrase wins.
_WORDS: dict[str, tuple[str, ...]] = {
    "so_cap": ("sơ cấp", "so cap", "học nghề ngắn hạn", "nghề ngắn hạn", "ngắn hạn"),
    "trung_cap": ("trung cấp", "trung cap", "tc", "trung cấp nghề", "cao đẳng", "cao dang"),
    "thn": ("trung học nghề", "trường trung học nghề", "thn", "học nghề", "nghề"),
    "9plus": ("9+", "9 +", "9 cộng", "chương trình 9+", "trung cấp 9+", "văn hóa nghề", "văn hoá và nghề",
              "văn hóa và nghề"),
    "gdtx": ("gdtx", "thpt gdtx", "bổ túc", "bổ túc văn hóa", "giáo dục thường xuyên", "trung tâm", "gdnn gdtx",
             "gdnn-gdtx", "tại trung tâm"),
    "thpt": ("thpt", "thpt công lập", "công lập", "trường thpt", "lớp 10", "vào lớp 10", "cấp 3", "thpt tư thục",
             "trung học phổ thông"),
    "work": ("đi làm", "lao động", "làm việc", "đi xuất khẩu lao động", "xuất khẩu lao động", "ở nhà làm",
             "làm ruộng", "đi làm ăn", "work"),
    "unknown": ("chưa rõ", "không rõ", "chưa biết", "không biết", "?", "unknown", "khác", "bỏ học"),
}  # fmt: skip

_TABLE: dict[str, str] = {}
for _destination, _labels in _WORDS.items():
    for _label in _labels:
        _key = header_key(_label) or _label.strip()
        _TABLE.setdefault(_key, _destination)
# "9+" has no letters or digits beyond the 9: header_key makes it "9"; keep the plus sign's meaning.
_TABLE["9"] = "9plus"


def destination_from_text(value: str) -> str | None:
    """The destination a cell names, or None when it names none ('' is None too)."""
    raw = (value or "").strip()
    if not raw:
        return None
    if "9+" in raw.replace(" ", ""):
        return "9plus"
    key = header_key(raw) or raw
    if key in _TABLE:
        return _TABLE[key]
    # A longer sentence: "Học trung cấp nghề điện" → trung cấp. Longest phrase first.
    for phrase in sorted(_TABLE, key=len, reverse=True):
        if len(phrase) > 2 and f" {phrase} " in f" {key} ":
            return _TABLE[phrase]
    return None
