"""One person written several ways across councillor lists and results files."""

from __future__ import annotations

import pytest

from storygen.names import display_name, listed_or_given, person_key, same_person

SAME = [
    ("Cllr Mrs Ruth O'Keeffe MBE", "Ruth OKeeffe"),  # title, honour, apostrophe
    ("Ian Galletley M.B.E", "Ian Galletley"),  # an honour with stops
    ("Wye T.", "Tom Wye"),  # the Handbook's "Surname I."
    ("Keeffe, R", "Ruth Keeffe"),
    ("RJ Phillips", "Roger Phillips"),  # initials without stops
    ("Patrick Smith", "Pat Smith"),  # a known short form
    ("Tricia Gilby", "Patricia Gilby"),
    ("Kath Benson", "Kathryn Benson"),  # the first letters of the full name
    ("Les Phillimore", "Leslie Phillimore"),
    ("Iain Bentley", "Ian Bentley"),  # one letter's difference
    ("Tony Ball - Cabinet Member for Economic Development", "Anthony Ball"),  # a role
    ("David Edward Southward MBE", "David Southward"),  # a middle name
    ("Thomas Graham Elliott", "Graham Elliott"),  # known by the middle name
    ("Samantha Bourne (Not elected)", "Samantha Bourne"),  # the archive's marker
    ("Mary Smith-Jones", "Mary Smith Jones"),
    ("Rina Paolucci", "Rina Paolucci-Escobar"),  # one part of a double surname
    ("Dadds", "David Dadds"),  # a list that gives the surname only
]
DIFFERENT = [
    ("John Smith", "Jane Smith"),
    ("Paul Dendle", "Steven Dendle"),
    ("June Evans", "Gloria Evans"),
    ("Ann Able", "Ann Abel"),
    ("J. Hinchcliffe", "K. Hinchcliffe"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_one_person_written_two_ways(a: str, b: str) -> None:
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_two_people(a: str, b: str) -> None:
    assert not same_person(a, b) and not same_person(b, a)


def test_key_drops_titles_and_honours() -> None:
    key = person_key("Cllr Dr Jane Mary Doe OBE JP")
    assert key.given == ("jane", "mary") and key.surname == "doe"


def test_display_name_as_prose_writes_it() -> None:
    assert display_name("Cllr Mrs Ruth O'Keeffe MBE") == "Ruth O'Keeffe"
    assert display_name("Tony Ball - Cabinet Member for Economic Development") == "Tony Ball"


def test_a_surname_that_is_also_a_title_or_an_honour_stays() -> None:
    assert display_name("Karen Hon") == "Karen Hon"  # "Hon" before a name is a title
    assert person_key("Karen Hon").surname == "hon"
    assert display_name("Kate Ma MBE") == "Kate Ma"  # "MA" after a name is a degree
    assert not same_person("Karen Hon", "Karen Smith")
    assert display_name("The Rt Hon Sir John Smith MP") == "Sir John Smith"


def test_a_title_after_a_comma() -> None:
    assert display_name("Alastair Moss, Deputy") == "Alastair Moss"
    assert same_person("Alastair Moss, Deputy", "Moss A.")
    assert display_name("Sir Beville Stanier Bt") == "Sir Beville Stanier"


@pytest.mark.parametrize(
    ("listed", "given", "shown"),
    [
        ("Veronica Nicholson", "V. Nicholson", "Veronica Nicholson"),  # the list's full name
        ("Nathan Evans", "Nathan Morris France Evans", "Nathan Evans"),  # no middle names
        ("Cllr Mrs Ruth O'Keeffe MBE", "R. O'Keeffe", "Ruth O'Keeffe"),  # no titles
        ("Thomas Graham Elliott", "Graham Elliott", "Graham Elliott"),  # the ballot's name
        ("Dadds", "J. Dadds", "J. Dadds"),  # a list with the surname only says less
        ("R. Smith", "Robert Smith", "Robert Smith"),
        ("Jacqueline Radcliffe", "Jackie Radcliffe", "Jackie Radcliffe"),  # as on the ballot
        ("Bernard Fisher", "Bernie Fisher", "Bernie Fisher"),
        # a surname spelt otherwise, or a part of it: the ballot's, initial and all
        ("Andy Ng Siu-Hong", "A. Ng Sio-Hong", "A. Ng Sio-Hong"),
        ("Ani Townsend", "A. Stafford-Townsend", "A. Stafford-Townsend"),
    ],
)
def test_listed_or_given(listed: str, given: str, shown: str) -> None:
    assert same_person(listed, given)
    assert listed_or_given(listed, given) == shown


def test_surname_first_lists() -> None:
    assert display_name("Howard, Ray") == "Ray Howard"  # Castle Point's list
    assert display_name("O'Keeffe, Cllr Ruth MBE") == "Ruth O'Keeffe"
    assert same_person("Howard, Ray", "Ray Howard")
