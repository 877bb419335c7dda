"""Facts proved against the records: a fact altered after detection is caught, named with rows."""

from __future__ import annotations

import ast
from collections.abc import Callable

import pytest

from storygen.check.records import Records, prove_facts
from storygen.cli import main
from storygen.detect.fact import Entity, Fact
from storygen.ingest import load_election
from storygen.model import Election
from storygen.pipeline import check, generate
from storygen.realise.draft import Draft

from .conftest import BIRMINGHAM, FIXTURES, ROOT

KENT = FIXTURES / "kent-2025"


@pytest.fixture(scope="module")
def kent() -> tuple[Election, Draft]:
    election = load_election(KENT)
    return election, generate(election)


@pytest.fixture(scope="module")
def birmingham() -> tuple[Election, Draft]:
    election = load_election(BIRMINGHAM)
    return election, generate(election)


def seeded(draft: Draft, fact_id: str, change: Callable[[Fact], Fact]) -> Draft:
    facts = tuple(change(f) if f.id == fact_id else f for f in draft.facts)
    assert facts != draft.facts, fact_id
    return draft.model_copy(update={"facts": facts})


def faults(election: Election, draft: Draft) -> list[str]:
    return [
        f"{f.message} | expected {f.expected}"
        for f in check(election, draft).errors
        if f.code == "fact-not-borne-out"
    ]


def party(code: str, name: str) -> Entity:
    return Entity(id=f"party/{code}", type="party", name=name)


def test_the_samples_are_borne_out(
    kent: tuple[Election, Draft], birmingham: tuple[Election, Draft]
) -> None:
    for election, draft in (kent, birmingham):
        told = {i for s in draft.sentences() for i in s.facts}
        assert list(prove_facts(election, [f for f in draft.facts if f.id in told])) == []


def test_wrong_last_seat_party_caught(kent: tuple[Election, Draft]) -> None:
    """Maidstone Central: the Green took the second seat by one vote from Reform UK."""
    election, draft = kent
    bad = seeded(
        draft,
        "closest_result/maidstone-central",
        lambda f: f.model_copy(
            update={"entities": {**f.entities, "party": (party("Reform", "Reform UK"),)}}
        ),
    )
    (found,) = faults(election, bad)
    assert "credits the majority in Maidstone Central to Reform UK" in found
    assert "expected Greens, whose Stuart Jeffery was elected last" in found
    assert "kent-2025/candidates.csv row" in found  # the rows that contradict it


def test_wrong_tally_caught(kent: tuple[Election, Draft]) -> None:
    election, draft = kent
    bad = seeded(
        draft,
        "composition/council",
        lambda f: f.model_copy(update={"figures": {**f.figures, "seats:party/Reform": 56}}),
    )
    (found,) = faults(election, bad)
    assert "gives Reform UK 56 seats after the poll" in found
    assert "expected 57 (the tally of the winners: every seat was up)" in found


def test_wrong_control_status_caught(kent: tuple[Election, Draft]) -> None:
    election, draft = kent
    bad = seeded(
        draft,
        "control/Reform",
        lambda f: f.model_copy(update={"qualifiers": {**f.qualifiers, "status": "retained"}}),
    )
    (found,) = faults(election, bad)
    assert "says Reform UK kept control" in found
    assert "Conservatives had control before" in found


def test_control_for_the_wrong_party_caught(birmingham: tuple[Election, Draft]) -> None:
    election, draft = birmingham
    bad = seeded(
        draft,
        "control/Lab",
        lambda f: f.model_copy(
            update={"entities": {**f.entities, "party": (party("C", "Conservatives"),)}}
        ),
    )
    found = faults(election, bad)
    assert any("says Conservatives controls the council" in f and "Labour" in f for f in found)


def test_control_judged_against_the_wrong_size_caught(birmingham: tuple[Election, Draft]) -> None:
    election, draft = birmingham
    bad = seeded(
        draft,
        "control/Lab",
        lambda f: f.model_copy(update={"figures": {**f.figures, "majority_needed": 62}}),
    )
    (found,) = faults(election, bad)
    assert "says 62 seats make a majority" in found and found.endswith("| expected 61")


@pytest.mark.parametrize(
    ("fact_id", "update", "words"),
    [
        ("gain/weoley/Lab", {"entities": {"losers": (party("LD", "Lib Dems"),)}},
         "says Labour took Weoley from Lib Dems"),
        ("held_under_pressure/kingstanding", {"figures": {"majority": 270}},
         "gives Kingstanding a majority of 270"),
        ("defeated_incumbent/weoley/eddie-freeman", {"figures": {"margin": 128}},
         "says Eddie Freeman lost by 128"),
        ("turnout/council", {"figures": {"turnout": 35.0}}, "gives a turnout of 35.0 per cent"),
        ("vote_share/council", {"figures": {"share:party/C": 30.0}},
         "gives Conservatives 30.0 per cent of the votes"),
        ("closest_result/kings-norton", {"entities": {"ward": (
            Entity(id="ward/weoley", type="ward", name="Weoley"),)}},
         "says Weoley had the closest result"),
    ],
)  # fmt: skip
def test_other_seeded_faults_caught(
    birmingham: tuple[Election, Draft],
    fact_id: str,
    update: dict[str, dict],
    words: str,  # type: ignore[type-arg]
) -> None:
    election, draft = birmingham

    def change(f: Fact) -> Fact:
        return f.model_copy(
            update={key: {**getattr(f, key), **value} for key, value in update.items()}
        )

    found = faults(election, seeded(draft, fact_id, change))
    assert any(words in f for f in found), found


def test_a_seeded_fault_makes_generate_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule whose fact the records contradict: generate marks the draft and exits 1."""
    import storygen.pipeline as pipeline_module

    real = pipeline_module.detect

    def wrong(*args: object, **kwargs: object) -> list[Fact]:
        facts = real(*args, **kwargs)  # type: ignore[arg-type]
        return [
            f.model_copy(update={"figures": {**f.figures, "seats:party/Reform": 56}})
            if f.id == "composition/council"
            else f
            for f in facts
        ]

    monkeypatch.setattr(pipeline_module, "detect", wrong)
    assert main(["generate", str(KENT)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("NEEDS REVIEW")
    assert "fact composition/council gives Reform UK 56 seats" in captured.err


def test_a_void_ward_has_no_result_to_prove(kent: tuple[Election, Draft]) -> None:
    election, draft = kent
    ward = election.ward("ward/maidstone-central")
    void = election.model_copy(
        update={
            "wards": tuple(
                w.model_copy(update={"void": True}) if w.id == ward.id else w
                for w in election.wards
            )
        }
    )
    fact = next(f for f in draft.facts if f.id == "closest_result/maidstone-central")
    (fault,) = Records(void).prove(fact)
    assert "void" in fault.message and fault.records[0].startswith("ward/maidstone-central")


def test_the_records_check_shares_no_code_with_analyse() -> None:
    """A second derivation, deliberately separate: it reads the loaded records, nothing more."""
    source = (ROOT / "storygen" / "check" / "records.py").read_text(encoding="utf-8")
    imported = {
        node.module or ""
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    ours = {m for m in imported if m.startswith("storygen")}
    assert ours <= {"storygen.model", "storygen.detect.fact", "storygen.parties"}, ours
