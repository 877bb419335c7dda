"""General elections end to end: read an export and its baseline, make every story's election.

`stories` gives the UK story, then each nation and English region, then each constituency (A to
Z), each an `Election` the pipeline drafts like a council's. The one figure a constituency story
needs from the others, where its majority ranks on the night, is derived here from the UK
story's analysis (every seat declared) and carried in its `GeneralInfo.night`.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from storygen.analyse.general import analyse_constituencies, night_ranks
from storygen.errors import StorygenError
from storygen.ingest.general import GeneralElection, load_general, story_elections
from storygen.model import Election, GeneralScope, slugify

if TYPE_CHECKING:
    from storygen.batch import Job, Outcome


def stories(ge: GeneralElection) -> list[Election]:
    """Every story of a general election, constituencies ranked among the night's seats."""
    elections = story_elections(ge)
    ranks = night_ranks(analyse_constituencies(elections[0]))
    out = []
    for election in elections:
        info = election.general
        if info is not None and info.scope is GeneralScope.CONSTITUENCY:
            rank = ranks.get(election.wards[0].id)
            if rank is not None:
                election = election.model_copy(
                    update={"general": info.model_copy(update={"night": rank})}
                )
        out.append(election)
    return out


def find_story(elections: list[Election], name: str | None) -> Election:
    """The story of a constituency, nation or region by name (any case); None: the UK's."""
    if not name:
        return elections[0]
    wanted = slugify(name)
    for election in elections:
        if slugify(election.council.name) == wanted or election.id.startswith(f"{wanted}-"):
            return election
    names = [e.council.name for e in elections]
    close = difflib.get_close_matches(name, names, n=3)
    raise StorygenError(
        f"no story {name!r} in this general election",
        field="--story",
        expected="a constituency, nation or English region the results cover, or none for the UK",
        hint=f"did you mean {' or '.join(map(repr, close))}?" if close else None,
    )


def load_story(
    path: str | Path, story: str | None = None, previous: str | Path | None = None
) -> Election:
    """One story of a general election (the UK's unless `story` names another)."""
    return find_story(stories(load_general(path, previous)), story)


def batch_jobs(
    source: Path, previous: Path | None = None
) -> tuple[list[Job], list[Outcome], list[str]]:
    """Every story of a general election as batch jobs; constituencies whose rows cannot be read
    as failures (their seats count as undeclared in the UK, nation and region stories); and
    warnings about figures of the export its own votes contradict."""
    from storygen.batch import Job, Outcome

    ge = load_general(source, previous)
    failures = [
        Outcome(
            key=f"{slugify(name)}-unread",
            council=name,
            status="failed",
            errors=[str(e) for e in errors],
        )
        for name, errors in ge.broken.items()
    ]
    jobs = []
    for election in stories(ge):
        digest = hashlib.sha256(election.model_dump_json().encode()).hexdigest()[:16]
        jobs.append(Job(election.id, election, tuple(election.notes), digest))
    return jobs, failures, list(ge.warnings)
