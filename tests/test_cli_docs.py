"""Every command is documented in the README, and every command has help with an example."""
from __future__ import annotations

import re

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


def _options() -> list[tuple[str, str]]:
    """(command, long option) for every option of every command, and the app's own options."""
    group = typer.main.get_command(app)
    out = [("newsgraph", opt) for p in group.params for opt in p.opts if opt.startswith("--")]
    for name, cmd in group.commands.items():
        for p in cmd.params:
            out += [(name, opt) for opt in [*p.opts, *p.secondary_opts] if opt.startswith("--")]
    return sorted(set(out))


def test_cli_docs_every_option_is_in_the_readme_or_docs():
    """As datasette checks: an option nobody can read about is an option nobody uses."""
    text = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    missing = [f"{cmd} {opt}" for cmd, opt in _options()
               if opt != "--help" and not re.search(re.escape(opt) + r"(?![\w-])", text)]
    assert not missing, f"options documented nowhere (README.md or docs/): {missing}"
