"""Build nlp/data/known_groups.yaml from the Phoenix militant non-state actor dictionary and the groups
coded as rebels, insurgents or militants in its country dictionary (petrarch2, MIT licence).

    python scripts/build_known_groups.py ../shared/data/petrarch2/Phoenix.MilNonState.actors.txt \
        ../shared/data/petrarch2/Phoenix.Countries.actors.txt

Why: some names of one armed group share no spelling a rule can fold: its acronym (ISIS, ISIL for the
Islamic State; HSM for Harakat al-Shabaab al-Mujahideen) or a longer form that contains the short one
(Harakat al-Shabaab al-Mujahideen / al-Shabaab: containment is no identity for the matcher). The
dictionary lists them per group. It lists them for event coding, not identity, so a block also holds
the group's leaders (Abu Bakr al-Baghdadi under the Islamic State), its predecessors (al-Qaeda in Iraq),
cover names and translations (Islamic Jihad, Party of God under Hezbollah). Only the variants that
name the group itself are kept, so that a listed name never merges two actors:

- a variant with the same distinctive words as the name, once transliteration is folded and the words
  that only say what kind of group it is are set aside (Hizbullah / Hezbollah, Harakat al-Shabaab
  al-Mujahideen / al-Shabaab, Nusra Front / Jabhat al-Nusra; not al-Qaeda in Iraq / al-Qaeda), and not a
  person's name (a kunya, a title or a given name first);
- an acronym of three letters or more that spells a kept name (HSM), or that starts with the initials
  of the group's name (ISIS, ISIL for "The Islamic State"); not a country's name.

Each block is one group (codes such as LBNREB are shared by many groups and say nothing of identity);
two blocks whose kept names meet are one group. The output is small: only groups with a name to add.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.nlp import names as nm  # noqa: E402
from newsgraph.nlp.keys import (  # noqa: E402
    FUNCTION_WORDS,
    GENERIC_ORG_WORDS,
    KUNYA_MARKERS,
    PERSON_TITLES,
    fold,
    known_actor,
    other_words,
    word_equiv,
)

OUT = ROOT / "src/newsgraph/nlp/data/known_groups.yaml"
# words that say what kind of group, not which one: a variant sharing only these names another group
KIND_WORDS = {"islamic", "army", "front", "brigade", "brigades", "movement", "jihad", "liberation",
              "revolutionary", "people", "peoples", "national", "popular", "council", "committee",
              "committees", "organization", "organisation", "group", "groups", "party", "resistance",
              "forces", "force",
              "union", "armed", "cells", "cell", "struggle", "battalion", "battalions", "of", "in", "and",
              "the", "for", "al", "el", "mujahideen", "mujahidin", "holy", "warriors", "fighters", "network",
              # the same in Arabic transliteration: movement, group, army, brigade(s), front, organisation
              "harakat", "haraka", "jamaat", "jamaah", "jamaa", "jaish", "jaysh", "liwa", "kataib", "katai",
              "saraya", "jabhat", "jabha", "tanzim", "tanzeem"}
HEADER = re.compile(r"^([^\s+#\[][^\[#]*?)\s*(\[[^\]]*\])?\s*(#.*)?$")


def _clean(raw: str) -> tuple[str, str | None]:
    """A dictionary entry as a name ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_" -> "Aden Abyan Islamic Army") and the
    acronym it gives in brackets, if any."""
    raw = raw.split("#")[0].strip().strip("_").replace("_", " ").strip()
    acr = None
    m = re.search(r"\(([A-Z]{2,7})\)", raw)
    if m:
        acr = m.group(1)
        raw = (raw[:m.start()] + raw[m.end():]).strip()
    raw = re.sub(r"\s+", " ", raw)
    if _acronym(raw):
        return raw.replace(".", ""), acr
    small = {"OF", "AND", "THE", "IN", "FOR", "AL", "EL", "WA", "FI"}
    words = []
    for i, w in enumerate(raw.split()):
        low = w.lower()
        words.append(low if i and w.upper() in small else "-".join(p.capitalize() for p in low.split("-")))
    return " ".join(words), acr


def _acronym(s: str) -> bool:
    letters = s.replace(".", "")
    return " " not in s and letters.isalpha() and letters.isupper() and 3 <= len(letters) <= 5


def _distinctive(name: str) -> list[str]:
    return [w for w in other_words(name) if w not in KIND_WORDS and w not in FUNCTION_WORDS
            and w not in GENERIC_ORG_WORDS]


def _covered(part: list[str], whole: list[str]) -> bool:
    return bool(part) and all(any(word_equiv(x, y) for y in whole) for x in part)


def _person(name: str) -> bool:
    ws = other_words(name)
    return bool(ws) and (ws[0] in KUNYA_MARKERS or ws[0] in PERSON_TITLES
                         or nm.key(ws[0]) in nm.given_names())


def _initials(name: str) -> str:
    return "".join(w[0] for w in other_words(name) if w not in FUNCTION_WORDS and w != "the").upper()


def _keep(header: str, variants: list[str]) -> list[str]:
    hd = _distinctive(header)
    kept = []
    for v in variants:
        if not v or fold(v) == fold(header) or _person(v) or _acronym(v):
            continue
        vd = _distinctive(v)
        if hd and vd and _covered(vd, hd) and _covered(hd, vd):
            kept.append(v)
    longs = [header, *kept]
    for v in variants:
        if not _acronym(v) or known_actor(v):
            continue
        spelled = any(_initials(n) == v for n in longs)
        starts = len(_initials(header)) >= 2 and v.startswith(_initials(header))
        if spelled or starts:
            kept.append(v)
    return list(dict.fromkeys(kept))


GROUP_CODE = re.compile(r"\[[A-Z]{3}(REB|IMG|INS)|\[IMG|\[[A-Z]*(REB|INS)")


def blocks(path: Path, groups_only: bool = False) -> list[tuple[str, list[str]]]:
    """(name, variants) of each block; ``groups_only``: only the blocks coded as rebels, insurgents or
    militant groups (the country dictionary also lists states, leaders and officials)."""
    out: list[tuple[str, list[str]]] = []
    coded: list[bool] = []
    cur: tuple[str, list[str]] | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.startswith(("#", "\t", " ")):
            if not line.strip():
                cur = None
            elif cur is not None and GROUP_CODE.search(line.split("#")[0]):
                coded[-1] = True
            continue
        if line.startswith("+"):
            if cur is None:
                continue
            for piece in line[1:].split("+"):
                name, acr = _clean(piece)
                cur[1].extend(x for x in (name, acr) if x)
            continue
        m = HEADER.match(line)
        if m:
            name, acr = _clean(m.group(1))
            cur = (name, [acr] if acr else [])
            out.append(cur)
            coded.append(bool(m.group(2) and GROUP_CODE.search(m.group(2))))
    return [b for b, c in zip(out, coded) if c or not groups_only]


def build(paths: list[Path]) -> dict[str, dict]:
    groups: dict[str, dict] = {}
    by_name: dict[str, str] = {}
    found = [b for p in paths for b in blocks(p, groups_only="Countries" in p.name)]
    for header, variants in found:
        if not header or _person(header) or known_actor(header):
            continue
        kept = [v for v in _keep(header, variants) if not known_actor(v)]
        if not kept:
            continue
        names = [header, *kept]
        # two blocks that share a name (not an acronym: LEJ is two groups' in the dictionary) are one group
        gid = next((by_name[fold(n)] for n in names if fold(n) in by_name and not _acronym(n)), None)
        if gid is None:
            gid = re.sub(r"[^A-Z0-9]+", "_", header.upper()).strip("_")
            groups[gid] = {"name": header, "type": "organization", "variants": []}
        g = groups[gid]
        for n in names:
            if fold(n) != fold(g["name"]) and n not in g["variants"]:
                g["variants"].append(n)
        for n in names:
            if not _acronym(n):
                by_name.setdefault(fold(n), gid)
    # a name two groups claim says neither
    claims: dict[str, set[str]] = {}
    for gid, g in groups.items():
        for n in [g["name"], *g["variants"]]:
            claims.setdefault(fold(n), set()).add(gid)
    for g in groups.values():
        g["variants"] = [v for v in g["variants"] if len(claims[fold(v)]) == 1]
    return {gid: g for gid, g in groups.items() if g["variants"]}


def main() -> None:
    here = Path("../shared/data/petrarch2")
    srcs = [Path(a) for a in sys.argv[1:]] or [here / "Phoenix.MilNonState.actors.txt",
                                               here / "Phoenix.Countries.actors.txt"]
    groups = build(srcs)
    head = ("# Armed groups and the names that are theirs, built by scripts/build_known_groups.py from\n"
            "# Phoenix.MilNonState.actors.txt and Phoenix.Countries.actors.txt (petrarch2 dictionaries,\n"
            "# Copyright (c) 2014 Open Event Data Alliance, MIT licence:\n"
            "# https://github.com/openeventdata/petrarch2; its organisation names derive from the START\n"
            "# TOPS database). Do not edit by hand.\n")
    body = yaml.safe_dump({"actors": groups}, allow_unicode=True, sort_keys=True)
    OUT.write_text(head + body, encoding="utf-8")
    print(f"{len(groups)} groups, {sum(len(g['variants']) for g in groups.values())} variants -> {OUT}")


if __name__ == "__main__":
    main()
