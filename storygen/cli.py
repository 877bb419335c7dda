"""The storygen command line: validate election folders, publish the input schema, list parties."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from storygen import __version__
from storygen.errors import StorygenError, ValidationFailed
from storygen.ingest import load_election
from storygen.ingest.native import context_schema
from storygen.parties import party_table


def _report(exc: StorygenError) -> None:
    """Print a user error as one line per problem on stderr."""
    errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    for error in errors:
        click.echo(f"error: {error}", err=True)
    if len(errors) > 1:
        click.echo(f"{len(errors)} errors", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storygen")
def cli() -> None:
    """storygen: news stories from election results."""


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
def validate(path: Path) -> None:
    """Check an election folder and print 'ok' with a one-line summary, or every error found."""
    election = load_election(path)
    click.echo(f"ok  {election.summary()}")


@cli.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of stdout."
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the native context file (election.toml / election.json)."""
    text = json.dumps(context_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@cli.command()
def parties() -> None:
    """List the party table: code, PA abbreviation, name, and the codes and names it accepts."""
    for party in party_table():
        aliases = ", ".join(dict.fromkeys((*party.codes, *party.registered)))
        click.echo(f"{party.code:8} {party.pa:8} {party.name:28} {aliases}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors are printed in one line each and exit with status 1."""
    try:
        cli.main(args=argv, prog_name="storygen", standalone_mode=False)
    except StorygenError as exc:
        _report(exc)
        return 1
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
