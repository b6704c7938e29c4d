"""How fast cross-article resolution is: resolve 10,000 and 100,000 generated actor names.

    .venv/bin/python benchmarks/resolve_bench.py              # 10k and 100k
    .venv/bin/python benchmarks/resolve_bench.py --sizes 2000 --seed 3

Names are generated with the variance real reporting has: transliterations (Qasem / Qassem /
Ghasem, Esmail / Ismail, Hezbollah / Hizballah), the article (Al- / al- / el- / none), apostrophes
(Kata'ib / Kataib), honorifics (Sheikh, Sayyed), kunyas ("Abu X", alone, in brackets or with the
surname), one-word surname mentions, organisation shapes (Kata'ib X, Harakat X, X Brigades, ...)
with their acronyms, and places. Each generated actor appears several times under different forms.

Every name is resolved on one core through :class:`newsgraph.resolve.matcher.Index`, which uses the
same blocking keys, scores and choice as the database resolver. The script prints the time, the
candidates scored per name (blocking at work), and how the result compares with the truth the
generator knows (entities fragmented, merged).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsgraph.nlp.keys import parse_org, skel  # noqa: E402
from newsgraph.resolve.matcher import Index  # noqa: E402

GIVEN = """Ahmad Ali Hassan Hussein Mohammed Mahmoud Qasem Esmail Hadi Falih Qais Akram Haidar Abdulaziz Jamal
Hamed Mustafa Kazem Jafar Abbas Karim Nouri Ammar Hamid Mahdi Sadeq Reza Mohsen Yasser Nasser Khalid Omar Tariq
Faleh Hashem Adel Sami Saleh Saeed Raad Laith Muqtada Adnan Ibrahim Yousef Ismail Hamza Zaid Bilal Wissam Majid
Fadhil Muthanna Jawad Baqer Mortaza Hossein Ayad Ghazi Shibl Rasul Taha Abdullah Abdulrahman Abdulkarim Nabil
Osama Hazem Firas Safaa Bassem Ziad Amer Thamer Muayad Falah Salam Naim Ayman Hisham Marwan Walid Jassim""".split()
ROOTS_C = list("bdfhjklmnrstzq") + ["sh", "kh", "gh", "th", "dh"]
VOWELS = ["a", "i", "u", "aa", "ee", "ou", "e", "o"]
SUFFIX = ["i", "awi", "ani", "ri", "iri", "aji", "ali", "adi", "ari"]
ORG_SHAPES = ["Kata'ib {x}", "Harakat {x}", "Asa'ib {x}", "Saraya {x}", "Liwa {x}", "Jaish {x}", "{x} Brigades",
              "{x} Movement", "{x} Organization", "Islamic Resistance in {x}", "Popular {x} Units", "{x} Front"]
ORG_WORDS = ["Hezbollah", "Sayyid al-Shuhada", "Ahl al-Haq", "al-Salam", "al-Khorasani", "Imam Ali", "al-Nujaba",
             "Ansar Allah", "al-Awfiya", "Badr", "al-Abbas", "Ashab al-Kahf", "al-Haqq", "Thar Allah", "al-Zahra"]


ENGLISH = {"Brigades", "Movement", "Organization", "Islamic", "Resistance", "in", "Popular", "Units", "Front"}


def word(rng: random.Random, syll: int) -> str:
    s = ""
    for _ in range(syll):
        s += rng.choice(ROOTS_C) + rng.choice(VOWELS[:3])
    return s + rng.choice(ROOTS_C)


def variant(rng: random.Random, w: str) -> str:
    """One transliteration of a word: vowels, doubled letters, q/gh, apostrophes, ou/u, ee/i."""
    out = w
    subs = [("q", "gh"), ("e", "i"), ("i", "e"), ("o", "u"), ("u", "o"), ("ss", "s"), ("s", "ss"), ("a'", "a"),
            ("ou", "u"), ("ee", "i"), ("dh", "d"), ("ai", "ei"), ("y", "i")]
    if w in ENGLISH:
        return w
    for a, b in rng.sample(subs, 2):
        if a in out[1:]:
            i = out.index(a, 1)
            if a == "s" and out[i + 1:i + 2] in ("h", "s"):
                continue
            out = out[:i] + b + out[i + len(a):]
    return out


def article(rng: random.Random) -> str:
    return rng.choice(["Al-", "al-", "el-", "al ", "", "Al "])


class Person:
    def __init__(self, rng: random.Random, surnames: list[str]):
        self.given = rng.choice(GIVEN)
        self.surname = rng.choice(surnames)
        self.kunya = ("Abu " + rng.choice(GIVEN)) if rng.random() < 0.3 else None
        self.title = rng.choice(["Sheikh ", "Sayyed ", "Ayatollah ", ""]) if rng.random() < 0.15 else ""

    def forms(self, rng: random.Random) -> list[str]:
        g, s = variant(rng, self.given), variant(rng, self.surname).capitalize()
        full = f"{self.title}{g} {article(rng)}{s}" if rng.random() < 0.8 else f"{g} {article(rng)}{s}"
        names = [full, s]
        r = rng.random()
        if self.kunya and r < 0.4:
            names = [f"{g} ({self.kunya}) {article(rng)}{s}", self.kunya, s]
        elif self.kunya and r < 0.55:
            names = [f"{self.kunya} {article(rng)}{s}"]
        elif r < 0.58:
            names = [s]  # an article that only gives the surname
        return names


class Org:
    def __init__(self, rng: random.Random):
        shape = rng.choice(ORG_SHAPES)
        x = rng.choice(ORG_WORDS) if rng.random() < 0.1 else " ".join(
            word(rng, rng.randint(1, 2)).capitalize() for _ in range(rng.randint(1, 2)))
        self.name = shape.format(x=x)
        words = [w for w in self.name.replace("-", " ").split() if w.lower() not in ("al", "in", "of", "the")]
        self.acronym = "".join(w[0].upper() for w in words) if len(words) >= 3 else None

    def forms(self, rng: random.Random) -> list[str]:
        name = " ".join(variant(rng, w) if rng.random() < 0.5 else w for w in self.name.split())
        if rng.random() < 0.3:
            name = name.replace("'", "")
        if self.acronym and rng.random() < 0.3:
            return [name, self.acronym] if rng.random() < 0.6 else [self.acronym]
        return [name]


class Place:
    def __init__(self, rng: random.Random):
        self.name = word(rng, rng.randint(1, 3)).capitalize()

    def forms(self, rng: random.Random) -> list[str]:
        return [variant(rng, self.name)]


def identity(t: str, a) -> set[str]:
    """What makes two generated actors indistinguishable by name: a person's given name + surname,
    a surname and a kunya; an organisation's or place's words (skeletons)."""
    if t == "person":
        out = {f"p:{skel(a.given.lower())}|{skel(a.surname)}"}
        if a.kunya:
            out.add(f"k:{skel(a.kunya.split()[1].lower())}|{skel(a.surname)}")
        return out
    if t == "organization":
        return {"o:" + " ".join(skel(w) for w in parse_org(a.name).core)} | (
            {"a:" + a.acronym} if a.acronym else set())
    return {"l:" + skel(a.name.lower())}


def generate(n: int, seed: int) -> list[tuple[int, str, list[str]]]:
    """n actor mentions (truth id, type, names), about three per actor."""
    rng = random.Random(seed)
    n_actors = max(1, n // 3)
    surnames = list({word(rng, rng.randint(2, 3)) + rng.choice(SUFFIX) for _ in range(max(50, n_actors))})
    actors = []
    seen: set[str] = set()  # two true actors never share a name (as the resolver folds it)
    while len(actors) < n_actors:
        r = rng.random()
        a = (("person", Person(rng, surnames)) if r < 0.6 else
             ("organization", Org(rng)) if r < 0.9 else ("location", Place(rng)))
        ident = identity(*a)
        if ident & seen:
            continue
        seen |= ident
        actors.append(a)
    out = []
    for _ in range(n):
        i = rng.randrange(n_actors)
        t, a = actors[i]
        out.append((i, t, a.forms(rng)))
    return out


def run(n: int, seed: int) -> dict:
    items = generate(n, seed)
    idx = Index()
    got: list[str] = []
    t0, c0 = time.perf_counter(), time.process_time()
    for _truth, t, names in items:
        eid, _m = idx.resolve(t, names)
        got.append(eid)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    by_truth: dict[int, set[str]] = defaultdict(set)
    by_entity: dict[str, set[int]] = defaultdict(set)
    got = [idx.entity_of(i) for i in range(len(got))]  # where each actor is in the end (a parting moves some)
    for (truth, _t, _n), eid in zip(items, got):
        by_truth[truth].add(eid)
        by_entity[eid].add(truth)
    return {"names": n, "seconds": secs, "cpu": cpu, "per_name_us": secs / n * 1e6, "entities": len(idx),
            "true_actors": len(by_truth), "scored_per_name": idx.scored / n,
            "fragmented": sum(1 for v in by_truth.values() if len(v) > 1) / len(by_truth),
            "merged": sum(1 for v in by_entity.values() if len(v) > 1) / len(by_entity),
            "rules": Counter()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    results = []
    for n in args.sizes:
        r = run(n, args.seed)
        results.append(r)
        print(f"{r['names']:>7} names: {r['seconds']:6.1f} s wall, {r['cpu']:6.1f} s CPU  "
              f"({r['per_name_us']:.0f} µs/name, "
              f"{r['scored_per_name']:.1f} candidates scored/name) -> {r['entities']} entities for "
              f"{r['true_actors']} true actors; fragmented {r['fragmented']:.1%}, merged {r['merged']:.1%}",
              flush=True)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        growth = b["cpu"] / a["cpu"]
        size = b["names"] / a["names"]
        print(f"growth: x{size:.0f} names -> x{growth:.1f} time (CPU; linear x{size:.0f}, quadratic x{size * size:.0f})")


if __name__ == "__main__":
    main()
