"""Where each entry of the event lexicon comes from, and whether a hand-written one earns its place.

    python scripts/event_lexicon_report.py                 # sizes, and every hand entry's origin
    python scripts/event_lexicon_report.py --entries       # also every entry of the merged lexicon
    python scripts/event_lexicon_report.py --ablate        # measure the hand entries on the dev sets

The lexicon the events stage reads is PETRARCH-2's CAMEO dictionary mapped to PLOVER
(``nlp/data/events_dictionary.yaml``, built by ``scripts/build_event_lexicon.py``) with the hand-written
entries of ``nlp/data/events.yaml`` on top. Each hand entry is one of:

- ``overrides``: the dictionary reads the same word or phrase as another PLOVER type; the hand entry
  is kept only where it beats the dictionary's reading on the development sets (``--ablate``);
- ``adds``: the dictionary has no such cue (mostly nouns and verb + object phrases, which PETRARCH
  codes through its actor and verb-pattern machinery rather than as words);
- ``same``: the dictionary already gives it with the same type (kept only where it changes which
  dictionary phrases stay, which ``--ablate`` measures as well).

``--ablate`` parses the development sets beside the repository (``../shared/eval``: the seed article,
``deep_dev``, ``plover_dev``; research use only, nothing of them is written) once, then for each hand
entry that produced an event on them runs the stages again without it (an ``overrides`` entry falls
back to the dictionary's reading) and prints the change in seed events F1, deep_dev mean events F1
and plover_dev type recall and precision. An entry whose removal costs nothing on any set does not
beat the dictionary there; entries that produce no event on the dev sets are listed as untested.
"""
from __future__ import annotations

import argparse
import copy
import importlib
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
EVAL = ROOT.parent / "shared" / "eval"

from newsgraph.nlp import lexicon as lexicon_data  # noqa: E402
from newsgraph.nlp.events.lexicon import _parse_entry  # noqa: E402

# the module (the package's ``lexicon`` is the function of the same name)
events_lexicon = importlib.import_module("newsgraph.nlp.events.lexicon")

KINDS = ("verbs", "nouns", "phrases")
PROVENANCE = Path(__file__).resolve().with_name("event_lexicon_provenance.yaml")
PROVENANCE_HEADER = """\
# Written by scripts/event_lexicon_report.py --ablate --record: each hand-written entry of
# src/newsgraph/nlp/data/events.yaml that names a trigger on the development sets, measured by removing
# it alone (an entry that overrides the dictionary then falls back to the dictionary's reading).
# without_it: the change in seed events F1, plover_dev type recall / precision, deep_dev mean events F1.
# verdict: keep (removing it costs on some set, gains on none), drop (removing it gains, costs nothing),
# neutral (no change), mixed (costs on one set, gains on another).
# Figures only; nothing of the development sets themselves.
"""


def _key(kind: str, raw: str) -> tuple[str, tuple[str, ...]]:
    words, _preps, _code = _parse_entry(str(raw), None)
    shape = "phrase" if kind == "phrases" or len(words) > 1 else kind[:-1]
    return shape, tuple(words)


def dictionary_index() -> dict[tuple[str, tuple[str, ...]], tuple[str, str | None]]:
    """(shape, words) -> (PLOVER type, CAMEO code) of the dictionary-derived lexicon as the events stage
    keeps it (less the general verbs events.yaml drops and the phrases led by a verb that frames another
    act), i.e. the lexicon with no hand-written cue."""
    data = copy.deepcopy(lexicon_data.load("events.yaml"))
    data["types"] = {}
    _use(data)
    try:
        lex = events_lexicon.lexicon()
        out: dict[tuple[str, tuple[str, ...]], tuple[str, str | None]] = {}
        out.update({("verb", (w,)): (c.type, c.cameo) for w, c in lex.verbs.items()})
        out.update({("noun", (w,)): (c.type, c.cameo) for w, c in lex.nouns.items()})
        out.update({("phrase", w): (c.type, c.cameo) for w, c in lex.phrases})
        return out
    finally:
        _use(None)


def hand_entries() -> list[dict[str, Any]]:
    """Every hand-written cue of events.yaml with its origin against the dictionary."""
    index = dictionary_index()
    out = []
    for ptype, spec in lexicon_data.load("events.yaml")["types"].items():
        for kind in KINDS:
            for raw in spec.get(kind) or []:
                key = _key(kind, raw)
                found = index.get(key)
                origin = "adds" if found is None else "same" if found[0] == ptype else "overrides"
                out.append({"type": ptype, "kind": kind, "raw": str(raw), "words": " ".join(key[1]),
                            "origin": origin, "dictionary": found[0] if found else None})
    return out


TAXONOMY = ROOT.parent / "shared" / "docs" / "taxonomy.md"


def taxonomy_cues() -> set[tuple[str, tuple[str, ...]]]:
    """(PLOVER type, lemmas) of the cue words the house taxonomy lists for each type ("withdrew" ->
    RETREAT withdraw): a hand entry that is one of them defines the type and stays whatever the
    dictionary says."""
    from newsgraph.model import PLOVER_TYPES
    from newsgraph.nlp import load_model

    if not TAXONOMY.exists():
        return set()
    nlp = load_model()
    out: set[tuple[str, tuple[str, ...]]] = set()
    for line in TAXONOMY.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        ptype = cells[0].strip("`")
        if ptype not in PLOVER_TYPES:
            continue
        for cue in cells[2].split(","):
            words = tuple(t.lemma_.lower() for t in nlp(f"They {cue.strip()}")[1:]
                          if t.is_alpha and t.lower_ not in ("a", "an", "the", "itself"))
            if words:
                out.add((ptype, words))
    return out


def sizes() -> dict[str, Any]:
    lex = events_lexicon.lexicon()
    by_type: Counter[str] = Counter()
    for table in (lex.verbs, lex.nouns):
        by_type.update(c.type for c in table.values())
    by_type.update(c.type for _, c in lex.phrases)
    return {"verbs": len(lex.verbs), "nouns": len(lex.nouns), "phrases": len(lex.phrases),
            "not_events": len(lex.not_events), "by_type": dict(sorted(by_type.items()))}


def reasons() -> dict[tuple[str, str, str], str]:
    """(type, kind, entry) -> why a hand entry is kept: one of the taxonomy's cue words, its verdict
    measured on the dev sets (``PROVENANCE``), or untested."""
    import yaml

    out: dict[tuple[str, str, str], str] = {}
    if PROVENANCE.exists():
        data = yaml.safe_load(PROVENANCE.read_text("utf-8")) or {}
        for r in data.get("entries") or []:
            cost = ", ".join(f"{k} {v:+.3f}" for k, v in r["without_it"].items() if v)
            out[(r["type"], r["kind"], str(r["entry"]))] = f"measured: {r['verdict']}" + \
                (f" (without it: {cost})" if cost else "")
    taxonomy = taxonomy_cues()
    for e in hand_entries():
        k = (e["type"], e["kind"], e["raw"])
        if (e["type"], tuple(e["words"].split())) in taxonomy:
            out[k] = "a cue word of the taxonomy; " + out.get(k, "untested on the dev sets")
        out.setdefault(k, "untested on the dev sets")
    return out


def report(show_entries: bool) -> None:
    s = sizes()
    print(f"event lexicon: {s['verbs']} verbs, {s['nouns']} nouns, {s['phrases']} phrases "
          f"({s['not_events']} 'no event' phrases)")
    print("  cues by PLOVER type: " + ", ".join(f"{t} {n}" for t, n in s["by_type"].items()))
    hand = hand_entries()
    counts = Counter((e["origin"], e["kind"]) for e in hand)
    print(f"hand-written entries (events.yaml): {len(hand)}")
    for origin in ("adds", "overrides", "same"):
        print(f"  {origin:9} " + ", ".join(f"{k} {counts[(origin, k)]}" for k in KINDS))
    why = reasons()
    kinds = Counter(why[(e["type"], e["kind"], e["raw"])].split(" (")[0] for e in hand)
    print("why each is kept: " + "; ".join(f"{n} {k}" for k, n in kinds.most_common()))
    print("hand entries that override the dictionary's type (hand <- dictionary), and why:")
    for e in hand:
        if e["origin"] == "overrides":
            print(f"  {e['type']:9} <- {e['dictionary']:9} {e['kind'][:-1]:6} {e['words']:24} "
                  f"{why[(e['type'], e['kind'], e['raw'])]}")
    if show_entries:
        hand_keys = {(_key(e["kind"], e["raw"]), e["type"]): e for e in hand}
        lex = events_lexicon.lexicon()
        rows = [(("verb", (w,)), c) for w, c in lex.verbs.items()] + \
               [(("noun", (w,)), c) for w, c in lex.nouns.items()] + \
               [(("phrase", w), c) for w, c in lex.phrases]
        for key, cue in sorted(rows, key=lambda r: (r[1].type, r[0])):
            e = hand_keys.get((key, cue.type))
            where = f"hand-written, {e['origin']}: {why[(e['type'], e['kind'], e['raw'])]}" if e else \
                f"dictionary (CAMEO {cue.cameo})"
            print(f"  {cue.type:9} {key[0]:6} {' '.join(key[1]):32} {where}")


# ---------------------------------------------------------------- ablation on the dev sets
class _Variant:
    """``nlp.lexicon`` as the events package reads it, with events.yaml replaced by a variant."""

    def __init__(self, events_yaml: dict[str, Any]):
        self.events_yaml = events_yaml

    def load(self, name: str, shape: Any = dict[str, Any]) -> Any:
        return self.events_yaml if name == "events.yaml" else lexicon_data.load(name, shape)

    def words(self, name: str, key: str) -> frozenset[str]:
        return lexicon_data.words(name, key)


def _use(events_yaml: dict[str, Any] | None) -> None:
    events_lexicon.lexicon_data = _Variant(events_yaml) if events_yaml is not None else lexicon_data  # type: ignore[assignment]
    events_lexicon.lexicon.cache_clear()
    events_lexicon._known.cache_clear()
    events_lexicon._inflected.cache_clear()


def _without(data: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    items = out["types"][entry["type"]][entry["kind"]]
    items.remove(next(x for x in items if str(x) == entry["raw"]))
    return out


class DevSets:
    """The dev sets parsed once; ``score()`` runs the stages, the store and the scorers again."""

    def __init__(self) -> None:
        import yaml
        from spacy.tokens import Doc

        from newsgraph.ingest import read_paths
        from newsgraph.nlp import Pipeline

        sys.path.insert(0, str(EVAL))
        self.pipeline = Pipeline()
        self.Doc = Doc
        self.sets: dict[str, list] = {}
        self.golds: dict[str, Any] = {}
        inputs = {"seed": [EVAL.parent / "seeds" / "000_ff3af8a6350a9149.txt"],
                  "plover_dev": [EVAL / "plover_dev" / "input.jsonl"]}
        tmp = Path(tempfile.mkdtemp())
        lines = (EVAL / "deep_dev" / "input.jsonl").read_text("utf-8").splitlines(keepends=True)
        for g in sorted((EVAL / "deep_dev").glob("*.yaml")):
            ids = set(yaml.safe_load(g.read_text("utf-8"))["documents"])
            part = tmp / f"{g.stem}.jsonl"
            part.write_text("".join(x for x in lines if json.loads(x)["title"] in ids), "utf-8")
            inputs[f"deep:{g.stem}"] = [part]
            self.golds[f"deep:{g.stem}"] = yaml.safe_load(g.read_text("utf-8"))
        self.golds["seed"] = yaml.safe_load((EVAL / "seed_gold.yaml").read_text("utf-8"))
        self.golds["plover_dev"] = json.loads((EVAL / "plover_dev" / "gold.json").read_text("utf-8"))
        for name, paths in inputs.items():
            arts = [a for a in read_paths([str(p) for p in paths]) if hasattr(a, "text")]
            docs = [self.pipeline.nlp(self.pipeline.make_doc(a)).to_bytes() for a in arts]
            self.sets[name] = list(zip(arts, docs))

    def score(self) -> tuple[dict[str, float], Counter[str]]:
        import score as seed_score
        import score_sets

        from newsgraph import open_store
        from newsgraph.export import json_export
        from newsgraph.service import IngestReport, store_extraction

        figures: dict[str, float] = {}
        triggers: Counter[str] = Counter()
        deep = []
        for name, rows in self.sets.items():
            with tempfile.TemporaryDirectory() as tmp:
                store = open_store(str(Path(tmp) / "kb.db"))
                for art, data in rows:
                    doc = self.Doc(self.pipeline.nlp.vocab).from_bytes(data)
                    ext = self.pipeline.run_stages(art, doc)
                    triggers.update(ev.trigger.text.lower() for ev in ext.events if ev.trigger)
                    store_extraction(store, ext, IngestReport(), None)
                export = json_export.build(store)
                store.close()
            if name == "plover_dev":
                res = score_sets.score_events("plover_dev", self.golds[name], export)
                figures["plover_recall"] = res["type_recall"]
                figures["plover_precision"] = res["type_precision"]
            else:
                ev = seed_score.Scorer(self.golds[name], export).events()
                if name == "seed":
                    figures["seed_events"] = ev["f1"]
                else:
                    deep.append(ev["f1"])
        figures["deep_events"] = round(sum(deep) / len(deep), 3) if deep else 0.0
        return figures, triggers


def verdict(delta: dict[str, float]) -> str:
    """``keep``: removing the entry costs on some set and gains on none; ``drop``: it costs nothing
    anywhere (an entry that only adds is dropped only when removing it gains); ``mixed``."""
    worse = any(v < 0 for v in delta.values())
    better = any(v > 0 for v in delta.values())
    return "keep" if worse and not better else "mixed" if worse else "drop" if better else "neutral"


def ablate(limit: int | None, record: Path | None) -> None:
    base_yaml = copy.deepcopy(lexicon_data.load("events.yaml"))
    dev = DevSets()
    _use(None)
    base, triggers = dev.score()
    print("with every hand entry: " + " · ".join(f"{k} {v}" for k, v in base.items()), flush=True)
    fired = {t for t in triggers}
    lemmas = {events_lexicon.lemma_of(t, t, t.isalpha()) for t in fired} | fired
    hand = hand_entries()
    tested = [e for e in hand if set(e["words"].split()) & lemmas]
    untested = [e for e in hand if e not in tested]
    print(f"{len(tested)} hand entries name a trigger on the dev sets; {len(untested)} name none (untested)",
          flush=True)
    rows = []
    for e in tested[:limit]:
        _use(_without(base_yaml, e))
        got, _ = dev.score()
        delta = {k: round(got[k] - base[k], 3) for k in base}
        rows.append({"type": e["type"], "kind": e["kind"], "entry": e["raw"], "origin": e["origin"],
                     "without_it": delta, "verdict": verdict(delta)})
        print(f"  {e['type']:9} {e['kind'][:-1]:6} {e['words']:28} {e['origin']:9} "
              + " ".join(f"{k} {v:+.3f}" for k, v in delta.items()) + f"  -> {rows[-1]['verdict']}",
              flush=True)
    _use(None)
    if record is not None:
        import yaml

        record.write_text(PROVENANCE_HEADER + yaml.safe_dump(
            {"baseline": base, "entries": rows,
             "untested": [{"type": e["type"], "kind": e["kind"], "entry": e["raw"], "origin": e["origin"]}
                          for e in untested]}, sort_keys=False, allow_unicode=True), "utf-8")
        print(f"recorded in {record}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--entries", action="store_true", help="list every entry of the merged lexicon")
    ap.add_argument("--ablate", action="store_true", help="measure each hand entry on the dev sets")
    ap.add_argument("--limit", type=int, default=None, help="ablate at most this many entries")
    ap.add_argument("--record", type=Path, nargs="?", const=PROVENANCE, default=None,
                    help=f"with --ablate, write the verdicts (default {PROVENANCE.name})")
    args = ap.parse_args()
    report(args.entries)
    if args.ablate:
        ablate(args.limit, args.record)


if __name__ == "__main__":
    main()
