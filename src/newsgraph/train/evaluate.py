"""The dev figures of the shipped models, measured as ``run_dev.sh`` measures them.

    python -m newsgraph.train.evaluate EVAL_DIR                 # compare with the model card
    python -m newsgraph.train.evaluate EVAL_DIR --write-card    # write the figures onto the card
    python -m newsgraph.train.evaluate EVAL_DIR --modes         # rules alone / model alone / combined

``newsgraph annotate`` runs in this process over ``polnear_dev`` and the dev split of ``weasel_dev``,
and ``../shared/eval/score_sets.py`` scores its output. ``make evaluate`` fails when a figure differs
from the card's by more than 0.01: the card describes the weights that are shipped.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

from .attribution import MODELS

CARD_JSON = MODELS / "card.json"
TOLERANCE = 0.01


def _scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("newsgraph_score_sets", eval_dir / "score_sets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _annotate(path: Path) -> list[dict]:
    from ..claims import annotate_paths
    from ..errors import InputError

    return [row for row in annotate_paths([str(path)]) if not isinstance(row, InputError)]


def measure(eval_dir: Path) -> dict[str, float]:
    """polnear_dev cue / source / cue+source figures and weasel_dev (dev split) F1."""
    sc = _scorer(eval_dir)
    gold = json.loads((eval_dir / "polnear_dev" / "gold.json").read_text("utf-8"))
    res = sc.score_polnear("polnear_dev", gold, _annotate(eval_dir / "polnear_dev" / "input.jsonl"))
    out = {"polnear_dev.cue_f1_overlap": res["cue_overlap"]["f1"],
           "polnear_dev.cue_f1_exact": res["cue_exact"]["f1"],
           "polnear_dev.source_f1_overlap": res["source_overlap"]["f1"],
           "polnear_dev.source_f1_exact": res["source_exact"]["f1"],
           "polnear_dev.cue_source_recall": res["cue_and_source_overlap"]["r"],
           "polnear_dev.cue_source_precision": res["cue_and_source_overlap"]["p"]}
    wgold = json.loads((eval_dir / "weasel_dev" / "gold.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        dev = Path(tmp) / "weasel_dev_split.jsonl"
        with (eval_dir / "weasel_dev" / "input.jsonl").open(encoding="utf-8") as fh:
            dev.write_text("".join(line for line in fh if json.loads(line).get("split") == "dev"), "utf-8")
        wres = sc.score_weasel("weasel_dev", wgold, _annotate(dev), "dev")
    out.update({"weasel_dev.f1": wres["f1"], "weasel_dev.precision": wres["precision"],
                "weasel_dev.recall": wres["recall"]})
    return out


def write_card(figures: dict[str, float], modes: dict[str, dict[str, float]] | None = None) -> None:
    hedging = json.loads((MODELS / "hedging.json").read_text("utf-8"))["card"]
    comp = json.loads((MODELS / "attribution" / "component.json").read_text("utf-8"))
    data = {"date": dt.date.today().isoformat(), "dev": figures, "hedging": hedging,
            "attribution_model": comp["model"], "modes": modes or {}}
    CARD_JSON.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", "utf-8")


def check(figures: dict[str, float]) -> list[str]:
    card = json.loads(CARD_JSON.read_text("utf-8"))["dev"]
    return [f"{k}: card {card[k]}, measured {v}" for k, v in figures.items()
            if k in card and abs(card[k] - v) > TOLERANCE + 1e-9]


def main(argv: list[str]) -> int:
    eval_dir = Path(argv[0])
    if "--modes" in argv:
        modes = {}
        for how in ("rules", "model", "combined"):
            os.environ["NEWSGRAPH_ATTRIBUTION"] = how
            modes[how] = measure(eval_dir)
            print(how, json.dumps(modes[how]), flush=True)
        if "--write-card" in argv:
            write_card(modes["combined"], modes)
        return 0
    figures = measure(eval_dir)
    for k, v in figures.items():
        print(f"{k:36} {v}")
    if "--write-card" in argv:
        write_card(figures)
        return 0
    bad = check(figures)
    for line in bad:
        print("differs from the model card:", line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
