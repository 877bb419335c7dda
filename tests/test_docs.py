"""The README documents what a user can run: every command, and the quick start."""

from __future__ import annotations

import re

from storygen.cli import cli

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in cli.commands if not re.search(rf"`storygen {name}\b", README)]
    assert not missing, f"README does not document: {missing}"


def test_quick_start_is_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert [c for c in commands if c] == ["make demo", "make test"]


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), name


def test_every_option_is_in_the_readme() -> None:
    """Each option of each command is in the README, in its long or its short form."""
    missing = []
    for name, command in cli.commands.items():
        for param in command.params:
            opts = [o for o in getattr(param, "opts", []) if o.startswith("-") and o != "--help"]
            if opts and not any(
                re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", README) for o in opts
            ):
                missing.append(f"{name} {opts[0]}")
    assert not missing, f"README does not document: {missing}"
