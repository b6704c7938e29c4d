"""Every command is documented in the README, and every command has help with an example."""
from __future__ import annotations

import typer.main

from newsgraph.cli import app

from .conftest import ROOT


def commands() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)


def test_cli_docs_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in commands() if f"`{c}" not in readme and f"newsgraph {c}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_cli_docs_every_command_has_help():
    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        assert (cmd.help or "").strip(), f"{name} has no help text"
