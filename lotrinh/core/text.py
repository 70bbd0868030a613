"""Vietnamese text: names stored NFC, searched without diacritics."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_name(value: str) -> str:
    """NFC, single spaces, trimmed: 'Nguyễn  Thị Hằng ' in NFD becomes 'Nguyễn Thị Hằng'."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


def vietnamese_sort_key(value: str) -> tuple:
    """Dictionary order: letters by the Vietnamese alphabet (D before Đ, O before Ô before Ơ), tones last."""
    base = unicodedata.normalize("NFD", normalize_name(value).lower())
    letters, tones = [], []
    for ch in unicodedata.normalize("NFC", "".join(c for c in base if c not in "\u0300\u0301\u0303\u0309\u0323")):
        letters.append(_ALPHABET.index(ch) if ch in _ALPHABET else 100 + ord(ch))
    tones = [c for c in base if c in "\u0300\u0301\u0303\u0309\u0323"]
    return tuple(letters), tuple(tones)


def search_key(value: str) -> str:
    """Lower case, no diacritics, đ→d: 'Nguyễn Thị Hằng' → 'nguyen thi hang'."""
    decomposed = unicodedata.normalize("NFD", normalize_name(value).lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
