"""The shape of the code: no import cycle between the packages and top modules of newsgraph, and
one error catalogue that lists every code raised anywhere."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx

from newsgraph import errors

SRC = Path(__file__).resolve().parent.parent / "src" / "newsgraph"


def _unit(module: str) -> str | None:
    """The package or top module a dotted module name belongs to (``store`` for newsgraph.store.x)."""
    parts = module.split(".")
    if parts[0] != "newsgraph" or len(parts) < 2:
        return None
    return parts[1]


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> nx.DiGraph:
    """Every import, at module level or inside a function, between the units of src/newsgraph.
    The root package's lazy facade (newsgraph/__init__.py) is no unit: nothing inside imports it."""
    graph = nx.DiGraph()
    for path in SRC.rglob("*.py"):
        if path == SRC / "__init__.py":
            continue
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        here = _unit(name)
        graph.add_node(here)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                targets = [mod] if node.module else [f"{mod}.{a.name}" for a in node.names]
            for t in targets:
                assert t != "newsgraph", f"{name} imports the root package's facade"
                there = _unit(t)
                if there and there != here:
                    graph.add_edge(here, there, where=name)
    return graph


def test_no_import_cycle_between_the_packages_and_top_modules():
    graph = import_graph()
    assert {"store", "resolve", "ingest", "nlp", "service", "cli", "api"} <= set(graph)
    cycles = list(nx.simple_cycles(graph))
    described = [" -> ".join(c + [c[0]]) + " (" + ", ".join(
        graph.edges[a, b]["where"] for a, b in zip(c, c[1:] + c[:1])) + ")" for c in cycles]
    assert not cycles, "import cycles: " + "; ".join(described)


def test_the_store_does_not_import_resolution():
    """The writer is given a resolver (store.writer.Resolver); the store never imports resolve."""
    assert not import_graph().has_edge("store", "resolve")


_CODE = re.compile(r"\bNG\d{3}\b")


def test_every_error_code_used_anywhere_is_in_the_catalogue():
    catalogue = {cls.code for cls in _subclasses(errors.NewsgraphError) if getattr(cls, "code", None)}
    catalogue |= set(_CODE.findall((SRC / "errors.py").read_text(encoding="utf-8")))
    used: dict[str, str] = {}
    for path in SRC.rglob("*"):
        if path.suffix not in (".py", ".js", ".html") or path.name == "errors.py" \
                or "node_modules" in path.parts:
            continue
        for code in _CODE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(code, str(path.relative_to(SRC)))
    missing = {c: where for c, where in used.items() if c not in catalogue}
    assert not missing, f"codes used but not in errors.py: {missing}"


def test_codes_are_unique_in_the_catalogue():
    codes = [cls.code for cls in _subclasses(errors.NewsgraphError) if "code" in vars(cls)]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)


def _subclasses(cls: type) -> list[type]:
    out, todo = [], [cls]
    while todo:
        c = todo.pop()
        out.append(c)
        todo.extend(c.__subclasses__())
    return out
