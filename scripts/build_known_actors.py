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
    if len(vw) != 1 or len(fw) != 1 or len(v) > len(f) + 1 or v.startswith(f):
        return False  # Australians, Angolan: people, not the country
    if v.endswith(("an", "ian", "ean", "ese", "ish", "ine", "ns", "i")) and not f.endswith(v[-2:]):
        return False  # Argentine, Bangladeshi, Albanian
    return Levenshtein.normalized_similarity(v, f) >= 0.8  # Afghanestan, Bengladesh


def build(path: Path) -> dict:
    actors: dict[str, dict] = {}
    cur: dict | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = HEADER.match(line)
        if m:
            name = _name(m.group(1))
            cur = actors.setdefault(m.group(2), {"name": name, "type": "location", "variants": []})
            continue
        if line.startswith("+") and cur is not None:
            v = _name(line[1:])
            if v and _keep(v, cur["name"]) and v != cur["name"] and v not in cur["variants"]:
                cur["variants"].append(v)
            continue
        if line.strip() == "" or not line.startswith(("+", "#", "\t", " ")):
            cur = None if not line.strip() == "" else cur
    return actors


def main() -> None:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/petrarch2/Phoenix.Countries.actors.txt")
    actors = build(src)
    head = ("# Known actors and the names that are theirs, built by scripts/build_known_actors.py from\n"
            "# Phoenix.Countries.actors.txt (petrarch2 dictionaries, Copyright (c) 2014 Open Event Data\n"
            "# Alliance, MIT licence: https://github.com/openeventdata/petrarch2). Do not edit by hand.\n")
    body = yaml.safe_dump({"actors": actors}, allow_unicode=True, sort_keys=True)
    OUT.write_text(head + body, encoding="utf-8")
    print(f"{len(actors)} actors, {sum(len(a['variants']) for a in actors.values())} variants -> {OUT}")


if __name__ == "__main__":
    main()
