"""Build nlp/data/world_given_names.yaml: given names of every origin, from Faker's per-locale person
providers (MIT licence), written in the Latin alphabet.

    python -m pip install --target /tmp/fakerlib faker==40.63.0  # as built; not a dependency
    PYTHONPATH=/tmp/fakerlib python scripts/build_given_names.py src/newsgraph/nlp/data/world_given_names.yaml

Why: the actor stage types a name the model called an organisation a person's when it opens with a
known given name ("Sigrid Kaag", "Florian Philippot", "Mesut Oezil"). The region's hand-kept list
(data/given_names.yaml) covers Middle-Eastern names only; Faker lists the common given names of some
eighty locales (census and registry lists). rigour's name symbols were measured too: they do not say
which names are given names (a surname or a city gets one as well) and load in ~10 s / 430 MB.

Kept: names in the Latin alphabet (Faker's Arabic, Cyrillic, Greek, Asian lists are skipped: English
news transliterates), one word of letters (a hyphen allowed), three letters or more, listed by two
locales or more or by one locale other than Faker's generic English list (which holds words such as
"General", "King", "West"). The output is one folded string (fast to load).
"""
from __future__ import annotations

import collections
import importlib
import pkgutil
import re
import sys
import unicodedata
from pathlib import Path

_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")


def _ascii_shape(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    return "".join(c for c in s if not unicodedata.combining(c))


def collect() -> collections.Counter[str]:
    import faker.providers.person as people  # type: ignore[import-not-found]

    count: collections.Counter[str] = collections.Counter()
    generic: set[str] = set()
    for mod in pkgutil.iter_modules(people.__path__):
        provider = getattr(importlib.import_module(f"{people.__name__}.{mod.name}"), "Provider", None)
        if provider is None:
            continue
        names: set[str] = set()
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            value = next((b.__dict__[attr] for b in provider.__mro__ if attr in b.__dict__), None)
            if value is None or isinstance(value, property):
                continue
            names.update(value.keys() if isinstance(value, dict) else value)
        kept = {n for n in names if len(n) >= 3 and _WORD.match(_ascii_shape(n))}
        count.update(kept)
        if mod.name == "en":
            generic = kept
    return collections.Counter({n: c for n, c in count.items() if c >= 2 or n not in generic})


def main(out: str) -> None:
    names = sorted(collect())
    text, line = [], ""  # lines of about 110 characters, cut at spaces
    for n in names:
        if len(line) + len(n) + 1 > 110:
            text.append(line)
            line = ""
        line = f"{line} {n}" if line else n
    text.append(line)
    header = (
        "# Given names of every origin, in the Latin alphabet: built by scripts/build_given_names.py from\n"
        "# the person providers of Faker (https://github.com/joke2k/faker, MIT licence, Copyright (c) 2012\n"
        "# Daniele Faraglia). Used as evidence that a name the model called an organisation is a person's\n"
        "# (a known given name first). The region's own list stays in given_names.yaml.\n"
        f"# {len(names)} names.\n"
    )
    body = "names: >-\n" + "".join(f"  {t}\n" for t in text)
    Path(out).write_text(header + body, encoding="utf-8")
    print(f"{len(names)} names -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
