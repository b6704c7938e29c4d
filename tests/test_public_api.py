"""The public Python API: exactly the documented names, each importable, a version, no side effects
on import, and package data that matches the files."""
from __future__ import annotations

import glob
import re
import subprocess
import sys
import tomllib

import pytest

import newsgraph

from .conftest import ROOT


def documented_names() -> list[str]:
    """The names in the table under '## The Python API' of docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## The Python API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Za-z_]+)` \|", section, flags=re.M)


def test_public_api_exports_exactly_the_documented_names():
    assert sorted(newsgraph.__all__) == sorted(documented_names())
    for name in newsgraph.__all__:
        assert getattr(newsgraph, name) is not None, name


def test_public_api_names_are_the_library_objects():
    from newsgraph.service import ingest_paths, open_store
    from newsgraph.store import queries

    assert newsgraph.open_store is open_store
    assert newsgraph.ingest_paths is ingest_paths
    assert newsgraph.queries is queries
    with pytest.raises(AttributeError):
        newsgraph.no_such_name  # noqa: B018


def test_public_api_version_is_the_package_version():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "newsgraph.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", newsgraph.__version__)


def test_public_api_import_is_cheap_and_changes_nothing():
    """Importing the package loads no NLP, no database layer, and leaves the collector alone."""
    code = ("import gc, sys, newsgraph; print(newsgraph.__version__); "
            "print(sorted(m for m in ('spacy', 'sqlalchemy', 'fastapi') if m in sys.modules)); "
            "print(gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}).stdout.split("\n")
    assert out[0] == newsgraph.__version__
    assert out[1] == "[]"
    assert out[2] == "0"


@pytest.mark.slow
def test_public_api_loading_the_model_leaves_the_collector_alone():
    code = "import gc; from newsgraph.nlp import load_model; load_model(); print(gc.get_freeze_count())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}).stdout
    assert out.strip() == "0"


def test_public_api_package_data_matches_the_files():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = meta["tool"]["setuptools"]["package-data"]["newsgraph"]
    pkg = ROOT / "src" / "newsgraph"
    for pattern in patterns:
        assert glob.glob(str(pkg / pattern)), f"package data {pattern!r} matches no file"
    assert (pkg / "py.typed").exists()
    data = {p.name for p in (pkg / "nlp" / "data").glob("*") if p.suffix != ".py" and p.is_file()}
    assert all(p.endswith(".yaml") for p in data), data  # every word list is shipped
