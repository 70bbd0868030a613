"""The pure scoring against answer sheets added up by hand, ties, refusals; the hexagon's geometry."""

import pytest

from lotrinh.interests import hexagon, riasec

from .conftest import sheet

ITEMS = [riasec.Item(f"{t}{n}", t, (n - 1) * 6 + i + 1) for i, t in enumerate(riasec.TYPES) for n in range(1, 9)]


def test_it_scores_a_hand_computed_sheet():
    answers = sheet(
        {
            "R": [5, 4, 5, 3, 4, 5, 4, 4],  # 34
            "I": [2, 3, 1, 2, 2, 3, 2, 1],  # 16
            "A": [1, 1, 2, 1, 2, 1, 3, 1],  # 12
            "S": [3, 2, 3, 3, 2, 4, 2, 3],  # 22
            "E": [4, 3, 3, 4, 3, 4, 3, 4],  # 28
            "C": [5, 5, 4, 5, 4, 4, 3, 3],  # 33
        }
    )
    result = riasec.score(ITEMS, answers)
    assert result.scores == {"R": 34, "I": 16, "A": 12, "S": 22, "E": 28, "C": 33}
    assert result.holland_code == "RCE"
    assert result.code_with_ties == "R>C>E"
    assert not result.has_ties_in_code


def test_it_scores_the_lowest_and_highest_sheets():
    assert riasec.score(ITEMS, sheet(default=1)).scores == dict.fromkeys(riasec.TYPES, 8)
    top = riasec.score(ITEMS, sheet(default=5))
    assert top.scores == dict.fromkeys(riasec.TYPES, 40)
    # All six equal: the code shows the whole tie, the plain code follows the hexagon order.
    assert top.code_with_ties == "R=I=A=S=E=C"
    assert top.holland_code == "RIA"


def test_it_keeps_a_tie_at_the_top_visible():
    answers = sheet(
        {
            "S": [5, 5, 4, 4, 5, 4, 3, 3],  # 33
            "E": [4, 4, 4, 4, 4, 5, 4, 4],  # 33
            "A": [3, 4, 3, 4, 3, 4, 3, 4],  # 28
            "R": [2, 2, 2, 2, 2, 2, 2, 2],  # 16
            "I": [3, 3, 3, 3, 3, 3, 3, 3],  # 24
            "C": [1, 2, 1, 2, 1, 2, 1, 2],  # 12
        }
    )
    result = riasec.score(ITEMS, answers)
    assert result.scores == {"R": 16, "I": 24, "A": 28, "S": 33, "E": 33, "C": 12}
    assert result.ranking == (("S", "E"), ("A",), ("I",), ("R",), ("C",))
    assert result.code_with_ties == "S=E>A"
    assert result.holland_code == "SEA"  # S before E: hexagon order, for sorting only


def test_it_shows_every_type_sharing_the_third_place():
    answers = sheet(
        {
            "I": [5, 5, 5, 5, 5, 5, 5, 4],  # 39
            "A": [4, 4, 4, 4, 4, 4, 4, 4],  # 32
            "R": [3, 3, 3, 3, 3, 3, 3, 3],  # 24
            "C": [3, 3, 3, 3, 3, 3, 3, 3],  # 24
            "S": [2, 3, 2, 3, 2, 3, 2, 3],  # 20
            "E": [1, 1, 1, 1, 1, 1, 1, 1],  # 8
        }
    )
    result = riasec.score(ITEMS, answers)
    assert result.code_with_ties == "I>A>R=C"
    assert result.holland_code == "IAR"


def test_it_refuses_an_incomplete_sheet_naming_the_missing_items():
    answers = sheet()
    del answers["A1"]  # question 3
    answers["C2"] = None  # question 12
    with pytest.raises(riasec.AnswerSetError) as caught:
        riasec.score(ITEMS, answers)
    assert [i.item_id for i in caught.value.missing] == ["A1", "C2"]
    assert [i.order for i in caught.value.missing] == [3, 12]
    assert "A1" in str(caught.value) and "C2" in str(caught.value)


@pytest.mark.parametrize("bad", [0, 6, -1, True, "4", 3.5])
def test_it_refuses_an_answer_outside_one_to_five(bad):
    answers = sheet()
    answers["E8"] = bad
    with pytest.raises(riasec.AnswerSetError) as caught:
        riasec.score(ITEMS, answers)
    assert [i.item_id for i in caught.value.invalid] == ["E8"]
    assert caught.value.missing == ()


def test_it_refuses_an_item_the_instrument_does_not_have():
    with pytest.raises(riasec.AnswerSetError) as caught:
        riasec.score(ITEMS, {**sheet(), "X9": 3})
    assert caught.value.unknown == ("X9",)


def test_it_counts_first_letters_for_a_class():
    assert riasec.first_letter_distribution(["SEA", "SAE", "RIC", "", "CER"]) == {
        "R": 1, "I": 0, "A": 0, "S": 2, "E": 0, "C": 1,
    }  # fmt: skip


def test_it_puts_each_score_on_its_axis_of_the_hexagon():
    chart = hexagon.hexagon({"R": 40, "I": 8, "A": 24, "S": 40, "E": 8, "C": 8}, size=240)
    corners = {c.riasec_type: c for c in chart.corners}
    # R at the top corner, S at the bottom: the highest score reaches the corner, the lowest stays at the centre.
    assert (corners["R"].x, corners["R"].y) == (corners["R"].axis_x, corners["R"].axis_y) == (120.0, 38.4)
    assert (corners["S"].x, corners["S"].y) == (120.0, 201.6)
    assert (corners["I"].x, corners["I"].y) == (120.0, 120.0)
    # A halfway along its axis (lower right).
    assert corners["A"].x == pytest.approx(120 + 0.5 * 81.6 * 0.866, abs=0.1)
    assert chart.shape.split()[0] == "120.0,38.4"
    assert len(chart.outline.split()) == 6 and len(chart.rings) == 3
