"""Start-up: commands that run no check never import spaCy; bundled templates render unsandboxed,
compiled once; an editor's templates stay sandboxed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2.sandbox import SandboxedEnvironment

from storygen.realise import render

from .conftest import BIRMINGHAM, ROOT

# Runs the CLI in a fresh interpreter and reports which heavy modules it imported.
PROBE = """
import json, sys
from storygen.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
found = {name: name in sys.modules for name in ("spacy", "jinja2")}
print(json.dumps({"code": code, **found}))
"""


def _probe(*args: str, cwd: Path = ROOT) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["validate", str(BIRMINGHAM)],
        ["schema"],
        ["parties"],
    ],
)
def test_commands_without_a_draft_import_neither_spacy_nor_jinja(args: list[str]) -> None:
    found = _probe(*args)
    assert found["code"] == 0
    assert found["spacy"] is False and found["jinja2"] is False


def test_no_check_drafts_without_importing_spacy(tmp_path: Path) -> None:
    found = _probe("generate", str(BIRMINGHAM), "--no-check", "-o", str(tmp_path / "d.txt"))
    assert found == {"code": 0, "spacy": False, "jinja2": True}
    found = _probe("batch", str(BIRMINGHAM), "--no-check", "--out", str(tmp_path / "out"))
    assert found == {"code": 0, "spacy": False, "jinja2": True}
    assert (tmp_path / "out" / "birmingham-2016-05-05.txt").exists()


FOLDERS = ("barnet-2022", "birmingham-2016", "kent-2025", "rushmoor-2024")  # drafted ok


def test_a_checked_batch_checks_in_its_checker_process_alone(tmp_path: Path) -> None:
    folders = [str(ROOT / "fixtures" / name) for name in FOLDERS]
    found = _probe("batch", *folders, "--out", str(tmp_path / "out"))
    # the batch process drafts and writes with the reports it is given back; spaCy is the
    # checker process's
    assert found == {"code": 0, "spacy": False, "jinja2": True}
    index = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))
    assert [c["status"] for c in index["councils"]] == ["ok"] * len(FOLDERS)
    assert len(list((tmp_path / "out").glob("*.txt"))) == len(FOLDERS)


def test_a_checked_draft_does_import_spacy(tmp_path: Path) -> None:
    found = _probe("generate", str(BIRMINGHAM), "-o", str(tmp_path / "d.txt"))
    assert found == {"code": 0, "spacy": True, "jinja2": True}


def test_bundled_templates_render_unsandboxed_and_strict() -> None:
    env = render.make_environment()
    assert not isinstance(env, SandboxedEnvironment)
    assert env.undefined.__name__ == "StrictUndefined" and env.autoescape is False
    editor = render.make_environment(ROOT / "templates")
    assert isinstance(editor, SandboxedEnvironment)
    assert set(editor.filters) == set(env.filters) and editor.undefined is env.undefined


def test_phrasings_are_looked_up_once_per_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    env = render.make_environment()
    loads: list[str] = []
    original = env.get_template

    def counting(name: str, *args: object) -> object:
        loads.append(name)
        return original(name, *args)

    monkeypatch.setattr(env, "get_template", counting)
    first = render._variant_macros(env, "gain")
    assert loads[0] == "fragments/gain.j2"
    loaded = len(loads)
    for _ in range(5):
        assert render._variant_macros(env, "gain") is first
    assert len(loads) == loaded


def test_compiled_templates_are_kept_between_processes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    draft = tmp_path / "draft.txt"
    command = [sys.executable, "-m", "storygen", "generate", str(BIRMINGHAM), "--no-check"]
    env = {"STORYGEN_CACHE": str(cache), "PATH": "/usr/bin:/bin"}
    subprocess.run([*command, "-o", str(draft)], cwd=ROOT, env=env, check=True)
    kept = sorted((cache / "templates").iterdir())
    assert kept, "the first run keeps its compiled templates"
    stamps = [p.stat().st_mtime_ns for p in kept]
    again = tmp_path / "again.txt"
    subprocess.run([*command, "-o", str(again)], cwd=ROOT, env=env, check=True)
    assert [p.stat().st_mtime_ns for p in sorted((cache / "templates").iterdir())] == stamps
    assert again.read_bytes() == draft.read_bytes()
    nocache = tmp_path / "nocache.txt"
    subprocess.run(
        [*command, "-o", str(nocache)], cwd=ROOT, env={**env, "STORYGEN_CACHE": ""}, check=True
    )
    assert nocache.read_bytes() == draft.read_bytes()
