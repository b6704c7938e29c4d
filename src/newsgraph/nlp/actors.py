"""Actors: mentions of people, organisations and places, clustered within the article.

First version: the model's entities, mapped to newsgraph types, clustered by exact name and by
surname (a one-word mention that ends a person's full name earlier in the article)."""
from __future__ import annotations

from spacy.language import Language

from ..model import Actor
from .context import ArticleContext

TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
                 "FAC": "location", "NORP": "group"}


def add_patterns(nlp: Language) -> None:
    """Entity patterns added in front of the statistical NER (none yet)."""


def run(ctx: ArticleContext) -> None:
    by_name: dict[tuple[str, str], str] = {}
    persons: list[tuple[str, str]] = []  # (full name, key)
    for ent in ctx.doc.ents:
        etype = TYPE_OF_LABEL.get(ent.label_)
        if etype is None:
            continue
        name = ent.text.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        key = by_name.get((etype, name))
        if key is None and etype == "person" and " " not in name:
            key = next((k for full, k in persons if full.split()[-1] == name), None)
        if key is None:
            key = ctx.new_key()
            ctx.add_actor(Actor(key=key, type=etype, name=name))
            if etype == "person":
                persons.append((name, key))
        by_name[(etype, name)] = key
        ctx.add_alias(key, name, "name", ctx.sentence_of(ent.start_char))
        ctx.add_mention(ent.start_char, ent.end_char, key)
    ctx.index_mentions()
