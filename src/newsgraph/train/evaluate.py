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


def measure(eval_dir: Path, weasel: bool = True) -> dict[str, float]:
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
    if not weasel:
        return out
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
    cue_words = json.loads((MODELS / "cue_words.json").read_text("utf-8"))
    data = {"date": dt.date.today().isoformat(), "dev": figures, "hedging": hedging,
            "cue_words": cue_words["card"], "cue_threshold": cue_words["threshold"],
            "proposition_nouns": len(cue_words.get("proposition_nouns", [])),
            "cue_confirm": cue_words["confirm"], "cue_bare": cue_words["bare"], "modes": modes or {}}
    CARD_JSON.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", "utf-8")
    (MODELS / "MODEL_CARD.md").write_text(card_text(data), "utf-8")


def card_text(data: dict) -> str:
    """The card in words, from ``card.json`` (which ``make evaluate`` compares with)."""
    dev, h = data["dev"], data["hedging"]
    c, c_threshold, c_confirm = data["cue_words"], data["cue_threshold"], data["cue_confirm"]
    c_bare = data.get("cue_bare", 1.0)
    n_nouns = data.get("proposition_nouns", 0)
    lines = [
        "# newsgraph's learned models",
        "",
        f"Written by `make train` on {data['date']} (CPU, fixed seeds). Figures: `make evaluate`, which runs",
        "`newsgraph annotate` over the dev sets and scores it with `../shared/eval/score_sets.py`, as",
        "`run_dev.sh` does; it fails when a figure moves by more than 0.01 from the ones below.",
        "",
        "## Attribution: rules and the cue classifier",
        "",
        "- **Use**: the rules (`nlp/attribution.py`) find cues with their source, content, nesting and",
        "  source kind; the cue classifier (below) adds the words they passed over, each classified by the",
        "  same rules (reporter / anonymous / named with the speaker's entity). The facts' voice (effective",
        "  attribution, carry-over, chains) is the combined one: a learned cue that reports a clause with a",
        "  speaker (\"X blasted that ...\", \"..., X noted\") joins the rules' cues (it nests, and facts in",
        "  its words are its speaker's); the classifier's other cues (PolNeAR marks every proposition's",
        "  holder: \"he believes\", \"X wants ...\") are reported by `annotate` only. The rules' cues of a",
        "  speaker's own view (\"X said she believes ...\", \"I think ...\", \"you think\") that the",
        "  classifier does not back are not reported (the facts keep their voice): PolNeAR marks the words,",
        "  not the view (84 of 298 cues with the source \"I\" or \"you\" in the train split are gold cues).",
        "- **No span tagger**: until 2026-12-02 a transition-based span tagger (spaCy `ner` factory",
        "  on the pipeline's tok2vec, trained on `polnear_train`) added cue and source spans. Measured",
        "  without it on `polnear_dev`, cue F1 overlap 0.7800 -> 0.7808, source 0.790 -> 0.788, cue+source",
        "  recall 0.745 -> 0.736 at precision 0.802 -> 0.817; the other dev sets unchanged. It cost 17-22",
        "  ms per article inside `nlp.pipe` (+11 % on the pipeline) and 16 of the 24.5 minutes of",
        "  `make train`, for no gain in F1, so it was removed: the single-process ingest's ratio to bare",
        "  spaCy went from 0.61 to 0.685 (median of three rounds in turn, `benchmarks/run.py --phases",
        "  ratio`).",
        "- **Deeds are no cues**: a learned cue on a verb the event lexicon types ASSAULT or COERCE with a",
        "  direct object (\"gunmen attacked the convoy\") needs evidence of speech: a clause it introduces,",
        "  \"that\"/\"whether\", a judging complement (\"as reckless\", \"for lying\"), a quote, a speech",
        "  participle, or an object that is a pronoun or one of the proposition nouns (`cue_words.json`:",
        f"  {n_nouns} nouns read from `polnear_train`, as a verb's object the content of a gold cue on it",
        "  in 20% of their uses or more, heading gold sources less often). Cost on `polnear_dev`: none",
        "  (two gold \"attacked\" cues lost of 2,192; cue and source F1 overlap unchanged).",
        "",
        "## Cue classifier (`cue_words.json`)",
        "",
        "- **What**: a logistic regression (features scaled by their naive-Bayes log-count ratio, fitted",
        "  full batch from zero: deterministic) scoring each content word, preposition, dash or colon by",
        "  its word, part of speech, place in the parse (what it governs, what governs it and what governs",
        "  that, its subject) and whether it is quoted; the features are hashed (one 64-bit key each, made",
        "  for a whole article at once with numpy, looked up in a table of 2^20 weights): about 1.3 ms per",
        f"  article. {c['features']:,} weights.",
        f"- **Data**: PolNeAR train split, every candidate token ({c['train_tokens']:,}, of which",
        f"  {c['train_cue_tokens']:,} in a gold cue); settings {json.dumps(c['settings'])}. The threshold",
        f"  ({c_threshold}) was picked on `polnear_dev` (0.35-0.7 tried), as the penalty C (0.02-1.0).",
        "- **Use**: a word the rules passed over that scores above the threshold is a cue (an auxiliary,",
        "  adverb or preposition of a cue found already is part of it, as is a verb's complement or object",
        "  and a noun's clause: hits so linked are one cue, \"continued to call for\", \"have expressed",
        "  concern\", as PolNeAR keeps them; an adverb alone stands for its verb); its source is its",
        "  subject, owner (\"his plan\"), agent or the object of \"according to\"; one without a source",
        f"  stands only when it scores {c_bare} or more (PolNeAR leaves one cue in nine without a source:",
        "  \"a curfew was announced\"; picked on `polnear_dev`, 0.5-0.9 tried: cue F1 overlap +0.006,",
        "  sources unchanged). A rule cue of a speaker's own view is reported when one of its words scores",
        f"  {c_confirm} or more. The two bars were picked together on `polnear_dev` (while the span tagger",
        f"  was there: {c_confirm} was also the bar of the tagger's own cues): the figures over 0.25-0.4 by",
        "  0.6-0.7 lay within 0.0012 of each other, a choice inside the noise of one dev set.",
        "",
        "## Uncertainty detector (`hedging.json`)",
        "",
        "- **What**: NBSVM (logistic regression over binary features scaled by their naive-Bayes",
        "  log-count ratio) over a sentence's words, lemmas, word pairs, adjectives and adverbs, the rules'",
        f"  hedge words and the kinds of hedge the rules found; {h['features']:,} weights, threshold from",
        f"  five-fold F1 on the train split (F1 {h['cv_f1']}; the dev split is not used to fit or tune).",
        f"- **Data**: CoNLL-2010 Wikipedia sentences (`weasel_dev`, train split, {h['train_sentences']:,}",
        f"  sentences); settings {json.dumps(h['settings'])}.",
        "- **Use**: annotate reports the hedges of a sentence the detector finds uncertain (the rules' ones,",
        "  or the word weighing most); where it finds the sentence certain, the rules' hedges on the main",
        "  clause are kept but for epistemic modals (`WEAK_HEDGES`). The rules' main-clause",
        "  hedges alone mark facts.",
        "",
        "## Dev figures (combined: rules + learned)",
        "",
        "| measure | value |",
        "| --- | --- |",
    ]
    lines += [f"| {k} | {v} |" for k, v in sorted(dev.items())]
    if data.get("modes"):
        lines += ["", "## Rules alone / model alone / combined (`polnear_dev`)", "",
                  "| measure | rules | model | combined |", "| --- | --- | --- | --- |"]
        keys = [k for k in data["modes"]["combined"] if k.startswith("polnear_dev")]
        for k in keys:
            cells = [str(data["modes"][x].get(k, "")) for x in ("rules", "model", "combined")]
            lines.append(f"| {k} | " + " | ".join(cells) + " |")
    lines += ["", "No text, gold or output of the corpora is in the repository: only these weights.", ""]
    return "\n".join(lines)


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
            modes[how] = measure(eval_dir, weasel=how == "combined")
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
