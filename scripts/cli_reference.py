#!/usr/bin/env python3
"""Write docs/cli.md, the reference of every `newsgraph` command and option, from the Typer app.

    python scripts/cli_reference.py            # rewrites docs/cli.md

Why: tests/test_cli_docs.py fails when an option is documented neither in the README nor in docs/;
after adding a command or an option, run this and commit docs/cli.md with it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from newsgraph.cli import app

OUT = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "/")


def reference() -> str:
    group: Any = typer.main.get_command(app)  # a click Group
    lines = ["# Command-line reference", "",
             "Every command and option of `newsgraph` (`newsgraph COMMAND --help` says the same). "
             "`tests/test_cli_docs.py` fails when an option is documented neither here nor in the README; "
             "`python scripts/cli_reference.py` rewrites this file from the app.", "",
             "## Global options", "", "| option | what it does |", "| --- | --- |"]
    for p in group.params:
        if p.name != "help" and any(o.startswith("--") for o in p.opts):
            lines.append(f"| `{' / '.join(p.opts + p.secondary_opts)}` | {_cell(getattr(p, 'help', ''))} |")
    for name in sorted(group.commands):
        cmd = group.commands[name]
        lines += ["", f"## `newsgraph {name}`", "", (cmd.help or "").strip().split("\n")[0], ""]
        args = [p for p in cmd.params if p.param_type_name == "argument"]
        opts = [p for p in cmd.params if p.param_type_name == "option" and p.name != "help"]
        if args:
            described = [f"`{(p.metavar or p.name or '').upper()}` ({_cell(getattr(p, 'help', ''))})"
                         for p in args]
            lines += ["Arguments: " + ", ".join(described), ""]
        if opts:
            lines += ["| option | what it does |", "| --- | --- |"]
            lines += [f"| `{' / '.join(p.opts + p.secondary_opts)}` | {_cell(getattr(p, 'help', ''))} |"
                      for p in opts]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    OUT.write_text(reference(), encoding="utf-8")
    print(f"wrote {OUT}")
