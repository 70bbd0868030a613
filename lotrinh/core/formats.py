"""Vietnamese number, money and date formatting, independent of the active locale."""

import datetime as dt
from decimal import Decimal


def group_thousands(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1234567 → '1.234.567'; 1234.5 with decimals=1 → '1.234,5'."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(str(value)):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vnd(value: int | Decimal | None) -> str:
    """1500000 → '1.500.000 ₫'."""
    if value is None or value == "":
        return ""
    return f"{group_thousands(value)} ₫"


def vn_date(value: dt.date | dt.datetime | None) -> str:
    """Always dd/mm/yyyy."""
    if not value:
        return ""
    return value.strftime("%d/%m/%Y")
