import datetime as dt

from django import forms
from django.template import Context, Template
from django.utils import translation

from lotrinh.core.formats import group_thousands, vn_date, vnd
from lotrinh.core.text import normalize_name, search_key
from lotrinh.core.validators import normalize_phone


class DateForm(forms.Form):
    day = forms.DateField()


def test_it_reads_dates_day_first():
    with translation.override("vi"):
        form = DateForm({"day": "05/12/2025"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == dt.date(2025, 12, 5)


def test_it_refuses_a_month_day_date_that_cannot_be_day_first():
    with translation.override("vi"):
        form = DateForm({"day": "12/31/2025"})
        assert not form.is_valid()


def test_it_prints_dates_day_first_in_templates():
    with translation.override("vi"):
        rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ d|vndate }}").render(
            Context({"d": dt.date(2025, 12, 5)})
        )
    assert rendered == "05/12/2025 05/12/2025"


def test_it_groups_thousands_the_vietnamese_way():
    assert group_thousands(1234567) == "1.234.567"
    assert group_thousands(1234.5, 1) == "1.234,5"
    assert vnd(1500000) == "1.500.000 ₫"
    assert vn_date(dt.date(2026, 1, 2)) == "02/01/2026"


def test_it_stores_names_nfc_and_searches_without_diacritics():
    decomposed = "Nguye\u0302\u0303n  Thi\u0323 Ha\u0306\u0300ng "
    assert normalize_name(decomposed) == "Nguyễn Thị Hằng"
    assert search_key("Nguyễn Thị Hằng") == "nguyen thi hang"
    assert search_key("Đặng Đình") == "dang dinh"


def test_it_normalizes_vietnamese_phone_numbers():
    assert normalize_phone("+84 912 345 678") == "0912345678"
    assert normalize_phone("0912.345.678") == "0912345678"
    assert normalize_phone("84912345678") == "0912345678"
