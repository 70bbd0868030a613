import pytest

from lotrinh.industry.validators import tax_check_digit, tax_code_errors, tax_code_normalize

FORMAT = "Mã số thuế phải có 10 chữ số (hoặc 10 chữ số, dấu gạch và 3 chữ số của chi nhánh)."


@pytest.mark.parametrize("value", ["0100233488", "0100233488-001", "0100 233 488"])
def test_it_accepts_valid_codes(value):
    assert tax_code_errors(value) == []


@pytest.mark.parametrize("value", ["", "12345", "01002334881", "0100233488-01", "0100233488/001", "01002334AB"])
def test_it_refuses_a_bad_format_with_the_vietnamese_message(value):
    assert tax_code_errors(value) == [FORMAT]


def test_it_refuses_a_wrong_check_digit():
    (message,) = tax_code_errors("0100233480")
    assert "chữ số cuối" in message


def test_it_refuses_branch_000():
    assert tax_code_errors("0100233488-000")


def test_it_computes_the_check_digit_by_hand():
    # 0·31+1·29+0·23+0·19+2·17+3·13+3·7+4·5+8·3 = 167; 167 mod 11 = 2; 10 − 2 = 8
    assert tax_check_digit("010023348") == 8
    # a sum divisible by 11 leaves no digit: 000000000 → 10
    assert tax_check_digit("000000000") is None


def test_it_normalizes_spaces_and_dots():
    assert tax_code_normalize(" 01.00.233.488 ") == "0100233488"
