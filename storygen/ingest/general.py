"""A UK general election as stories: one per constituency, one for the UK, its nations and regions.

`load_general` reads a results export (or a folder with `general.toml`) and its baseline, the
previous election on the same boundaries: named with `previous`, else found beside the file (the
latest earlier export, declared or notional, whose boundary set starts on the same day: 2017 for
2019, the notional 2019 for 2024). `story_elections` turns it into `Election` models, the same
kind councils give, each with a `GeneralInfo` saying what the story covers:

- a constituency story is a single-seat contest: its candidates, the electorate and ballots
  (valid plus rejected), the seat's previous holder (`defending`) and its previous result
  (`previous`, notional where it is);
- the UK story is a council whose wards are the 650 constituencies, every seat up, with the
  baseline's seats as the composition before; a nation or English region likewise.

Nothing here is derived from the results beyond the baseline's own winner and runner-up; holds,
gains, majorities and changes are the analysis's.
"""

from __future__ import annotations

import glob
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from storygen.errors import FieldValueError, InputFormatError, InputNotFoundError, StorygenError
from storygen.ingest.imports.parliament import (
    ExportConstituency,
    ExportFile,
    is_parliament_export,
    peek,
    read_parliament,
)
from storygen.model import (
    Area,
    Candidate,
    Composition,
    Council,
    DataWarning,
    DefendedSeat,
    Election,
    ElectionType,
    GeneralInfo,
    GeneralScope,
    Incumbency,
    PreviousCandidate,
    PreviousContest,
    Provenance,
    Source,
    Ward,
    slugify,
)

CONTEXT = "general.toml"
COMPASS = ("North", "South", "East", "West")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _GeneralIn(_In):
    results: str | list[str] = Field(
        description="the export file, a glob, or a list of them (later files win)"
    )
    previous: str | None = Field(default=None, description="the baseline export, if any")
    seats: int | None = Field(default=None, ge=1, description="seats in the House of Commons")
    samples: list[str] = Field(default=[], description="constituencies kept as golden samples")


class _ProvenanceIn(_In):
    file: str
    origin: str
    licence: str | None = None
    note: str | None = None


class GeneralContext(_In):
    """`general.toml`: where a general election's files are, and where they came from."""

    general: _GeneralIn
    provenance: list[_ProvenanceIn] = []


@dataclass
class GeneralElection:
    """One general election as read: its results, its baseline, and what could not be read."""

    current: ExportFile
    baseline: ExportFile | None
    house_seats: int
    warnings: list[str] = field(default_factory=list)
    broken: dict[str, list[StorygenError]] = field(default_factory=dict)
    provenance: tuple[Provenance, ...] = ()
    samples: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def is_general_source(path: Path) -> bool:
    """A UK Parliament export, or a folder holding `general.toml`."""
    return (path.is_dir() and (path / CONTEXT).is_file()) or is_parliament_export(path)


def find_baseline(path: Path) -> Path | None:
    """The previous election on the same boundaries among the exports beside `path`."""
    here = peek(path)
    if here is None:
        return None
    day, _, boundaries = here
    best: tuple[object, Path] | None = None
    for other in sorted(path.parent.iterdir()):
        if other == path or not is_parliament_export(other):
            continue
        seen = peek(other)
        if seen is None or seen[0] >= day or boundaries is None or seen[2] != boundaries:
            continue
        if best is None or (seen[0], seen[1]) > best[0]:  # type: ignore[operator]
            best = ((seen[0], seen[1]), other)
    return best[1] if best else None


def _read_context(folder: Path) -> GeneralContext:
    path = folder / CONTEXT
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return GeneralContext.model_validate(raw)
    except tomllib.TOMLDecodeError as exc:
        raise InputFormatError(f"not TOML: {exc}", file=f"{folder.name}/{CONTEXT}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        raise FieldValueError(
            str(err["msg"]),
            file=f"{folder.name}/{CONTEXT}",
            field=".".join(str(p) for p in err["loc"]),
            expected="results (file or glob), previous, seats, samples; [[provenance]]",
        ) from None


def _merge(files: list[ExportFile]) -> ExportFile:
    """Several exports of one election (a folder fed one declaration at a time): later files'
    constituencies replace earlier ones'."""
    first = files[0]
    for other in files[1:]:
        if other.polling_day != first.polling_day or other.notional != first.notional:
            raise InputFormatError(
                "files of two elections in one folder",
                file=other.display,
                field="General election polling date",
                expected=first.polling_day.isoformat(),
                got=other.polling_day.isoformat(),
            )
    merged = dict(first.constituencies)
    for other in files[1:]:
        merged.update(other.constituencies)
    return ExportFile(
        display=first.display if len(files) == 1 else ", ".join(f.display for f in files),
        polling_day=first.polling_day,
        notional=first.notional,
        boundaries=first.boundaries,
        constituencies=merged,
        provenance=first.provenance,
    )


def load_general(
    path: str | Path, previous: str | Path | None = None, seats: int | None = None
) -> GeneralElection:
    """Read a general election: an export file (baseline from `previous` or found beside it)
    or a folder with `general.toml`."""
    path = Path(path)
    if not path.exists():
        raise InputNotFoundError("no such file or folder", file=str(path), expected="an export")
    provenance: list[Provenance] = []
    samples: tuple[str, ...] = ()
    if path.is_dir():
        ctx = _read_context(path)
        patterns = ctx.general.results
        names = [patterns] if isinstance(patterns, str) else list(patterns)
        files: list[Path] = []
        for pattern in names:
            found = sorted(Path(p) for p in glob.glob(str(path / pattern)))
            files += [f for f in found if f not in files]
        if not files:
            raise InputNotFoundError(
                f"no results file matches {names}",
                file=f"{path.name}/{CONTEXT}",
                field="general.results",
                expected="an export file (or a glob) in the folder",
            )
        baseline_path = path / ctx.general.previous if ctx.general.previous else None
        seats = seats or ctx.general.seats
        samples = tuple(ctx.general.samples)
        provenance = [Provenance(**p.model_dump()) for p in ctx.provenance]
        display = path.name
    else:
        files = [path]
        baseline_path = Path(previous) if previous else find_baseline(path)
        display = ""
    if previous:
        baseline_path = Path(previous)
    warnings: list[str] = []
    broken: dict[str, list[StorygenError]] = {}
    exports = []
    for file in files:
        shown = f"{display}/{file.name}" if display else file.name
        export, file_warnings, file_broken = read_parliament(file, shown)
        exports.append(export)
        warnings += [str(w) for w in file_warnings]
        broken.update(file_broken)
    current = _merge(exports)
    baseline = None
    notes = []
    if baseline_path is not None:
        shown = f"{display}/{baseline_path.name}" if display else baseline_path.name
        baseline, base_warnings, base_broken = read_parliament(baseline_path, shown)
        warnings += [str(w) for w in base_warnings]
        for name, errors in base_broken.items():
            notes.append(f"baseline {name}: {errors[0]}: no comparisons there")
        if baseline.polling_day >= current.polling_day:
            raise InputFormatError(
                "the baseline is not an earlier election",
                file=baseline.display,
                field="General election polling date",
                expected=f"a polling day before {current.polling_day.isoformat()}",
                got=baseline.polling_day.isoformat(),
            )
    else:
        notes.append("no previous election on the same boundaries: no gains, holds or changes")
    seen = set(current.constituencies) | set(baseline.constituencies if baseline else ())
    house = seats or len(seen)
    if not provenance:
        provenance = [current.provenance, *([baseline.provenance] if baseline else [])]
    return GeneralElection(
        current=current,
        baseline=baseline,
        house_seats=house,
        warnings=warnings,
        broken=broken,
        provenance=tuple(provenance),
        samples=samples,
        notes=notes,
    )


def area_prose(name: str) -> str:
    """An English region as prose writes it after "in": "the North East", "Yorkshire and the
    Humber", "London"."""
    words = name.split()
    text = " ".join(w.lower() if i and w == "The" else w for i, w in enumerate(words))
    return f"the {text}" if words and words[0] in COMPASS else text


def _winner_order(seat: ExportConstituency) -> list[int]:
    """Candidate indexes by votes, most first; an exact tie by the export's result position."""
    return sorted(
        range(len(seat.candidates)),
        key=lambda i: (
            -(seat.candidates[i].votes or 0),
            seat.candidates[i].position or 10**6,
            i,
        ),
    )


def _previous(seat: ExportConstituency, export: ExportFile, slug: str) -> PreviousContest | None:
    if not seat.declared:
        return None
    order = _winner_order(seat)
    cands = [seat.candidates[i] for i in order]
    winner, runner = cands[0], (cands[1] if len(cands) > 1 else None)
    ballots = (
        seat.valid + seat.invalid if seat.valid is not None and seat.invalid is not None else None
    )
    return PreviousContest(
        id=f"previous/{slug}",
        year=export.polling_day.year,
        date=export.polling_day,
        winner=winner.party,
        runner_up=runner.party if runner else None,
        majority=(winner.votes or 0) - (runner.votes or 0) if runner else None,
        candidates=tuple(
            PreviousCandidate(name=c.name, party=c.party, votes=c.votes or 0, elected=c is winner)
            for c in cands
        ),
        note="notional result on these boundaries" if export.notional else None,
        electorate=seat.electorate,
        ballots=ballots,
        notional=export.notional,
        source=Source(file=export.display, row=seat.row),
    )


def _ward(
    seat: ExportConstituency | None,
    base: ExportConstituency | None,
    ge: GeneralElection,
) -> Ward:
    known = seat or base
    assert known is not None
    slug = slugify(known.name)
    ward_id = f"constituency/{slug}"
    previous = _previous(base, ge.baseline, slug) if base and ge.baseline else None
    defending: tuple[DefendedSeat, ...] = ()
    if previous is not None and previous.winner is not None:
        mp = None if previous.notional else previous.candidates[0].name or None
        defending = (DefendedSeat(party=previous.winner, councillor=mp),)
    if seat is None:  # in the baseline, not yet in the results: to declare
        return Ward(
            id=ward_id,
            name=known.name,
            code=known.code,
            seats_up=1,
            declared=False,
            defending=defending,
            previous=previous,
            candidates=(),
            source=Source(file=ge.baseline.display if ge.baseline else "", row=known.row),
        )
    declared = seat.declared
    winner = _winner_order(seat)[0] if declared else None
    candidates = []
    seen: set[str] = set()
    for i, cand in enumerate(seat.candidates):
        cand_id = f"candidate/{slug}/{slugify(cand.name) or slugify(cand.party)}"
        while cand_id in seen:
            cand_id += "-2"
        seen.add(cand_id)
        candidates.append(
            Candidate(
                id=cand_id,
                name=cand.name or cand.party,
                party=cand.party,
                votes=cand.votes if declared else None,
                elected=(i == winner) if declared else None,
                incumbent=Incumbency.YES if cand.sitting else Incumbency.NO,
                former_member=cand.former and not cand.sitting,
                source=Source(file=ge.current.display, row=cand.row),
            )
        )
    ballots = (
        seat.valid + seat.invalid if seat.valid is not None and seat.invalid is not None else None
    )
    return Ward(
        id=ward_id,
        name=seat.name,
        code=seat.code,
        seats_up=1,
        electorate=seat.electorate,
        ballots=ballots if declared else None,
        declared=declared,
        defending=defending,
        previous=previous,
        candidates=tuple(candidates),
        source=Source(file=ge.current.display, row=seat.row),
    )


def _disagreements(
    seat: ExportConstituency | None, base: ExportConstituency | None, ward: Ward, display: str
) -> list[DataWarning]:
    """Where the export's own figures (its result summary, majority, shares) disagree with what
    its votes and the baseline give: the story says what the votes prove, marked for review."""
    if seat is None or not seat.declared:
        return []
    issues = [
        DataWarning(
            code="export-disagrees",
            message=e.message,
            file=e.file,
            row=e.row,
            field=e.field,
            expected=e.expected,
            records=(ward.id,),
            review=True,
        )
        for e in seat.issues
    ]
    if seat.summary and base is not None and base.declared:
        now = seat.candidates[_winner_order(seat)[0]].abbreviation
        then = base.candidates[_winner_order(base)[0]].abbreviation
        derived = f"{now} hold" if now == then else f"{now} gain from {then}"
        if derived != seat.summary:
            issues.append(
                DataWarning(
                    code="summary-disagrees",
                    message=f"{seat.name}: the export's result summary is {seat.summary!r}, "
                    "but the votes and the previous result give another",
                    file=display,
                    row=seat.row,
                    field="Election result summary",
                    expected=repr(derived),
                    records=(ward.id,),
                    review=True,
                )
            )
    return issues


def _info(ge: GeneralElection, scope: GeneralScope, **extra: object) -> GeneralInfo:
    base = ge.baseline
    return GeneralInfo(
        scope=scope,
        house_seats=ge.house_seats,
        baseline_year=base.polling_day.year if base else None,
        baseline_date=base.polling_day if base else None,
        notional=bool(base and base.notional),
        **extra,
    )


def story_elections(ge: GeneralElection) -> list[Election]:
    """Every story of a general election: the UK, each nation, each English region (in the
    order the export first names them), then each constituency, A to Z."""
    current, base = ge.current, ge.baseline
    codes = list(current.constituencies)
    codes += [c for c in (base.constituencies if base else {}) if c not in current.constituencies]
    places: dict[str, tuple[str, str | None]] = {}
    wards: dict[str, Ward] = {}
    doubts: dict[str, list[DataWarning]] = {}
    for code in codes:
        seat = current.constituencies.get(code)
        prev = base.constituencies.get(code) if base else None
        known = seat or prev
        assert known is not None
        wards[code] = _ward(seat, prev, ge)
        places[code] = (known.country, known.region)
        doubts[code] = _disagreements(seat, prev, wards[code], current.display)
    day = current.polling_day
    notes = tuple(ge.notes)
    if base is not None:
        missing = [wards[c].name for c in codes if wards[c].previous is None]
        if missing:
            notes += (
                f"no baseline result for {len(missing)} constituencies "
                f"({', '.join(missing[:5])}{', …' if len(missing) > 5 else ''}): "
                "no gain, hold or change there",
            )
    provenance = ge.provenance
    order = sorted(codes, key=lambda c: wards[c].name)
    timed = [c for c in codes if c in current.constituencies]
    times = {c: current.constituencies[c].declared_at for c in timed}
    declaration_order: tuple[str, ...] = ()
    if timed and all(times[c] is not None for c in timed):
        # the real order: by declaration time, ties within the minute by name
        declaration_order = tuple(
            wards[c].id for c in sorted(timed, key=lambda c: (times[c], wards[c].name))
        )
    src = Source(file=current.display, cite="Country name and English region name")

    def composition(scope_codes: list[str]) -> Composition | None:
        if base is None or any(wards[c].previous is None for c in scope_codes):
            return None
        seats = Counter(wards[c].previous.winner for c in scope_codes)  # type: ignore[union-attr]
        return Composition(
            id="composition/before",
            seats={p: n for p, n in sorted(seats.items(), key=lambda kv: (-kv[1], kv[0])) if p},
            note=("notional " if base.notional else "")
            + f"{base.polling_day.year} result: the winner of every constituency",
            source=Source(file=base.display, cite="winners of the previous election"),
        )

    def area_election(
        key: str, name: str, scope: GeneralScope, scope_codes: list[str], prose: str
    ) -> Election:
        regions: dict[str, list[str]] = {}
        nations: dict[str, list[str]] = {}
        for c in scope_codes:
            country, region = places[c]
            nations.setdefault(country, []).append(wards[c].id)
            if region:
                regions.setdefault(region, []).append(wards[c].id)
        areas = []
        if scope is GeneralScope.UK:
            for n, ids in nations.items():
                areas.append(Area(id=f"area/{slugify(n)}", name=n, wards=tuple(ids), source=src))
        if scope in (GeneralScope.UK, GeneralScope.NATION):
            for r, ids in regions.items():
                areas.append(
                    Area(id=f"area/{slugify(r)}", name=area_prose(r), wards=tuple(ids), source=src)
                )
        in_scope = {wards[c].id for c in scope_codes}
        return Election(
            id=f"{key}-{day.isoformat()}",
            council=Council(
                id=f"council/{key}",
                name=name,
                full_name=prose if prose != name else None,
                total_seats=len(scope_codes) or None,
            ),
            date=day,
            type=ElectionType.ALL_OUT,
            composition_before=composition(scope_codes),
            wards=tuple(wards[c] for c in sorted(scope_codes, key=lambda c: wards[c].name)),
            areas=tuple(areas),
            provenance=provenance,
            declaration_order=tuple(i for i in declaration_order if i in in_scope),
            notes=notes,
            warnings=tuple(w for c in scope_codes for w in doubts[c]),
            general=_info(
                ge,
                scope,
                area=None if scope is GeneralScope.UK else name,
                area_prose=None if scope is GeneralScope.UK else prose,
            ),
        )

    stories = [area_election("uk", "United Kingdom", GeneralScope.UK, codes, "the UK")]
    nation_codes: dict[str, list[str]] = {}
    region_codes: dict[str, list[str]] = {}
    for c in codes:
        country, region = places[c]
        nation_codes.setdefault(country, []).append(c)
        if region:
            region_codes.setdefault(region, []).append(c)
    used = {"uk"} | {slugify(wards[c].name) for c in codes}
    unnamed = ge.house_seats - len(codes)
    if unnamed > 0:
        # seats no file names yet: a nation's or region's count cannot say "of how many"
        nation_codes.clear()
        region_codes.clear()
        stories[0] = stories[0].model_copy(
            update={
                "notes": (
                    *notes,
                    f"{unnamed} seats are in no file yet: no nation or region stories",
                )
            }
        )
    for groups, scope in ((nation_codes, GeneralScope.NATION), (region_codes, GeneralScope.REGION)):
        for name, scope_codes in sorted(groups.items()):
            key = slugify(name)
            if key in used:
                key += "-area"
            used.add(key)
            prose = name if scope is GeneralScope.NATION else area_prose(name)
            stories.append(area_election(key, name, scope, scope_codes, prose))
    for code in order:
        ward = wards[code]
        seat = current.constituencies.get(code)
        country, region = places[code]
        stories.append(
            Election(
                id=f"{slugify(ward.name)}-{day.isoformat()}",
                council=Council(
                    id=f"council/{slugify(ward.name)}", name=ward.name, code=code, total_seats=1
                ),
                date=day,
                type=ElectionType.ALL_OUT,
                wards=(ward,),
                provenance=provenance,
                notes=notes,
                warnings=tuple(doubts[code]),
                general=_info(
                    ge,
                    GeneralScope.CONSTITUENCY,
                    country=country,
                    region=region,
                    declared_at=seat.declared_at if seat else None,
                ),
            )
        )
    return stories
