"""Build nlp/data/known_actors.yaml from the Phoenix country dictionary (petrarch2, MIT licence).

    python scripts/build_known_actors.py ../shared/data/petrarch2/Phoenix.Countries.actors.txt

Why: "US", "U.S.", "USA" and "United States" are one country, which no spelling rule can tell; the
Phoenix dictionary (Open Event Data Alliance, MIT licence, attribution kept in the output) lists
each country's names. Only the variants that *name the country itself* are kept: its acronyms
(US, U.S., USA) and the forms that contain, or are contained in, its full name (United States /
United States of America), or spell it another way (Afghanestan). Demonyms (American), capitals
(Washington), provinces (Helmand) and nicknames the dictionary lists for event coding are left out:
for entity identity they are other actors.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from rapidfuzz.distance import Levenshtein

OUT = Path(__file__).resolve().parents[1] / "src/newsgraph/nlp/data/known_actors.yaml"
INSTITUTION_WORDS = {"government", "ministry", "army", "police", "parliament", "president", "party", "forces",
                     "council", "court", "military", "navy", "people", "citizens", "regime", "rebels",
                     "opposition"}
STATE_WORDS = {"federation", "republic", "kingdom", "state", "states", "emirates"}
BARE_HEADER = re.compile(r"^([A-Z]+)_\s*$")
HEADER = re.compile(r"^([A-Z][A-Z_.()'-]+?)_?\s+\[([A-Z]{3})\]\s*(#.*)?$")


def _name(raw: str) -> str:
    words = raw.split("#")[0].strip().strip("_").replace("_", " ").split()
    if len(words) == 1 and len(words[0].replace(".", "")) <= 3:
        return words[0]  # an acronym: US, U.S., USA
    small = {"OF": "of", "AND": "and", "THE": "the"}
    return " ".join(small.get(w, w.title()) if i else w.title() for i, w in enumerate(words))


def _keep(variant: str, full: str) -> bool:
    v, f = variant.lower(), full.lower()
    letters = v.replace(".", "")
    if letters.isalpha() and len(letters) <= 3 and (len(letters) >= 2) and " " not in v:
        return all(c in "".join(w[0] for w in f.split()) + f.replace(" ", "") for c in letters) \
            and letters[0] == f[0]  # US / USA for United States of America, UK for United Kingdom
    fw, vw = f.split(), v.split()
    if len(vw) >= 2 and vw[0] == fw[0] and (set(vw) < set(fw) or (set(fw) < set(vw) and " of " in v)):
        return True  # United States / United States of America (not Guatemala City: another place)
    if len(vw) == 1 and len(fw) == 2 and fw[1] in STATE_WORDS and fw[0].startswith(v) and len(v) >= 4:
        return True  # Russia for the Russian Federation
    if len(vw) != 1 or len(fw) != 1 or len(v) > len(f) + 1 or v.startswith(f):
        return False  # Australians, Angolan: people, not the country
    if v.endswith(("an", "ian", "ean", "ese", "ish", "ine", "ns", "i")) and not f.endswith(v[-2:]):
        return False  # Argentine, Bangladeshi, Albanian
    return Levenshtein.normalized_similarity(v, f) >= 0.8  # Afghanestan, Bengladesh


def _demonym(variant: str, full: str) -> bool:
    """"Russian" for Russia, "German" for Germany, "French" for France: one word, the country's first
    letters, an adjective ending; not a plural ("Russians": people)."""
    v = variant.lower()
    return any(_demonym_of(v, f) for f in full.lower().split() if f not in ("of", "and", "the"))


def _demonym_of(v: str, f: str) -> bool:
    if " " in v or v.endswith("s") or not v.isalpha() or len(v) < 4:
        return False
    if not v.endswith(("an", "ian", "ean", "ese", "ish", "i", "ic", "ch", "ite")):
        return False
    if v.endswith("ch"):
        return v[:2] == f[:2]  # French / France
    common = next((i for i, (a, b) in enumerate(zip(v, f)) if a != b), min(len(v), len(f)))
    return common >= 4 or (common == 3 and v.endswith(("ish", "ese")))  # not Taipei, Belmopan


def _first_demonym(v: str, full: str) -> bool:
    """The first variant of a country's block when it reads as a demonym: an adjective ending
    (Dutch, Greek, Swiss, Spaniard, Filipino, Slovene) or the demonym rule; not a city (Dresden)."""
    w = v.lower()
    if " " in w or not w.isalpha() or w.endswith("s") and not w.endswith("ss"):
        return False
    return _demonym(v, full) or w.endswith(("an", "ian", "ese", "ish", "ch", "ek", "ss", "ene", "ard", "ino",
                                            "i"))


def _place(v: str) -> bool:
    """A variant that names a place of the country: not an acronym, a nickname ("The Graveyard of
    Empires"), an institution, or a word for its people (Danish, S.Koreans)."""
    w = v.lower()
    if len(w.replace(".", "")) <= 3 or w.startswith("the ") or "(" in w or "." in w:
        return False
    if any(x in w.split() for x in INSTITUTION_WORDS):
        return False
    return not w.endswith(("ish", "ese", "ans", "ians", "ers", "ites", "ians", "an", "ian", "i"))


def _short_forms(actors: dict[str, dict], listed: dict[str, list[str]]) -> None:
    """Add the listed variants that are a run of words of the country's own long name: Britain and Great
    Britain in "United Kingdom of Great Britain and Northern Ireland", America in "United States of
    America". A form listed under two countries (Korea), or that is another known actor's name, is left
    out: it does not say which."""
    taken = {n.lower(): code for code, a in actors.items() for n in [a["name"], *a["variants"]]}
    claims: dict[str, set[str]] = {}
    for code, a in actors.items():
        head = a["name"].lower().split()
        longs = [n.lower().split() for n in [a["name"], *a["variants"], *listed.get(code, [])]
                 if _contains(n.lower().split(), head)]
        for v in listed.get(code, []):
            vw = v.lower().split()
            if not vw or vw[0] in ("of", "and", "the") or vw[-1] in ("of", "and", "the") \
                    or len(v.replace(" ", "")) < 4 or not v.replace(" ", "").isalpha():
                continue
            if any(vw != lw and _after_of(lw, vw) for lw in longs):
                claims.setdefault(v, set()).add(code)
    for v, codes in sorted(claims.items()):
        if len(codes) == 1 and v.lower() not in taken:
            code = next(iter(codes))
            actors[code]["variants"].append(v)


def _after_of(words: list[str], part: list[str]) -> bool:
    """``part`` names the country inside a long name "... of X [and ...]": it ends where X ends and starts at
    X or inside it (States of America -> America; Kingdom of Great Britain and ... -> Great Britain,
    Britain)."""
    n = len(part)
    for i in range(len(words) - n + 1):
        if words[i:i + n] != part:
            continue
        end = i + n
        if end != len(words) and words[end] != "and":
            continue
        j = i
        while j > 0 and words[j - 1] not in ("of", "the"):
            j -= 1
        if j > 0 and j >= i - 1:  # X starts after "of"/"of the", at most one word (Great) before the run
            return True
    return False


def _contains(words: list[str], part: list[str]) -> bool:
    """``part`` is a run of consecutive words of ``words``."""
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def build(path: Path) -> tuple[dict, dict, list[str]]:
    actors: dict[str, dict] = {}
    listed: dict[str, list[str]] = {}  # code -> every variant the dictionary lists for it
    demonyms: dict[str, str] = {}  # "Russian" -> "Russia"
    places: set[str] = set()
    cur: dict | None = None
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    first = False  # the next variant is the block's first: Phoenix lists the demonym there (Dutch, Greek)
    for i, line in enumerate(lines):
        m = HEADER.match(line)
        bare = BARE_HEADER.match(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if m or (bare and nxt.startswith("+") and _first_demonym(_name(nxt[1:]), _name(bare.group(1)))):
            name = _name((m or bare).group(1))  # type: ignore[union-attr]
            code = m.group(2) if m else name.upper()  # UKRAINE_ has its codes on other lines
            cur = actors.setdefault(code, {"name": name, "type": "location", "variants": []})
            first = True
            continue
        if line.startswith("+") and cur is not None:
            v = _name(line[1:])
            listed.setdefault(code, []).append(v)
            if v and _keep(v, cur["name"]) and v != cur["name"] and v not in cur["variants"]:
                cur["variants"].append(v)
            elif v and (_demonym(v, cur["name"]) or first and _first_demonym(v, cur["name"])):
                demonyms.setdefault(v, cur["name"])
            elif v and _place(v):
                places.add(v)  # Kabul, Helmand, Kharkiv: the dictionary's cities and provinces of the country
            first = False
            continue
        if line.strip() == "" or not line.startswith(("+", "#", "\t", " ")):
            cur = None if not line.strip() == "" else cur
    for d in demonyms:  # a demonym is never a short form of the country (American, British)
        for code in listed:
            listed[code] = [v for v in listed[code] if v != d]
    _short_forms(actors, listed)
    known = {n.lower() for a in actors.values() for n in [a["name"], *a["variants"]]}
    known |= {d.lower() for d in demonyms}
    return actors, demonyms, sorted(p for p in places if p.lower() not in known)


def main() -> None:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/petrarch2/Phoenix.Countries.actors.txt")
    actors, demonyms, places = build(src)
    head = ("# Known actors and the names that are theirs, built by scripts/build_known_actors.py from\n"
            "# Phoenix.Countries.actors.txt (petrarch2 dictionaries, Copyright (c) 2014 Open Event Data\n"
            "# Alliance, MIT licence: https://github.com/openeventdata/petrarch2). Do not edit by hand.\n")
    body = yaml.safe_dump({"actors": actors, "demonyms": demonyms, "places": places}, allow_unicode=True,
                          sort_keys=True)
    OUT.write_text(head + body, encoding="utf-8")
    print(f"{len(actors)} actors, {sum(len(a['variants']) for a in actors.values())} variants, "
          f"{len(demonyms)} demonyms, {len(places)} places -> {OUT}")


if __name__ == "__main__":
    main()
