"""Stories of hand-made elections unlike Birmingham: the copy says only what their data supports."""

from __future__ import annotations

from storygen.pipeline import check, generate
from storygen.publish.writers import to_text

from .conftest import Build, ward_rows

THREE = [
    *ward_rows("North", ("Ann Able", "Lab", 900, True), ("Bob Baker", "C", 800, False)),
    *ward_rows("South", ("Cat Cole", "Lab", 700, True), ("Dan Dyer", "LD", 650, False)),
    *ward_rows("East", ("Eve Ely", "C", 600, True), ("Fay Fox", "Lab", 500, False)),
]


def story(build: Build, rows: list[tuple[str, ...]], extra: str = "") -> str:
    election = build(rows, extra)
    draft = generate(election)
    assert check(election, draft).errors == []  # and the checker agrees with every sentence
    return to_text(draft)


def test_no_composition_before_no_claim_that_control_changed(build: Build) -> None:
    text = story(build, THREE, "[composition_after]\nseats = { Labour = 4, Conservative = 2 }\n")
    assert "Labour has control of Testshire" in text
    assert "took control" not in text and "takes control" not in text and "kept" not in text


def test_parties_are_listed_by_seats_whatever_the_file_order(build: Build) -> None:
    extra = "[composition_after]\nseats = { Conservative = 2, Labour = 4 }\n"
    text = story(build, THREE, extra)
    assert "Labour has control of Testshire, with four of the six seats" in text
    assert "The Conservatives finished with two seats" in text
    assert text.index("four of the six") < text.index("finished with two")


def test_a_defeated_councillor_in_a_two_seat_ward_is_not_said_to_have_lost_to_anyone(
    build: Build,
) -> None:
    rows = ward_rows(
        "Weald",
        ("Jo Top", "Lab", 2125, True),
        ("Al Second", "Lab", 2050, True),
        ("Cy Third", "C", 1990, False),
        ("Ed Fourth", "C", 1943, False),
    )
    rows += THREE
    extra = """
    [wards.Weald]
    defending = [
      { party = "C", councillor = "Ed Fourth" },
      { party = "C", councillor = "Cy Third" },
    ]
    """
    text = story(build, rows, extra)
    # with two seats, who beat whom is not known: no winner and no margin is named
    # and the two of one ward are named together
    assert "Cy Third and Ed Fourth in Weald" in text or "Ed Fourth and Cy Third in Weald" in text
    assert "beaten by" not in text and "107" not in text


def test_a_seat_decided_by_lot_is_reported_as_such(build: Build) -> None:
    rows = [
        *ward_rows("North", ("Ann Able", "Lab", 900, True), ("Bob Baker", "C", 900, False)),
        *THREE[2:],
    ]
    extra = """
    [wards.North.previous]
    year = 2020
    winner = "Labour"
    majority = 120
    """
    text = story(build, rows, extra)
    assert "decided by lot" in text
    assert "by zero votes" not in text and "by 0 votes" not in text
