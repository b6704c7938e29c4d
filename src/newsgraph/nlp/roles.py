"""Roles: person -- title -- organisation. First version: "ORG TITLE PERSON" and "TITLE of ORG, PERSON"."""
from __future__ import annotations

from ..model import Role
from .context import ArticleContext

TITLES = ("secretary-general", "deputy chairman", "chief of staff", "chairman", "commander", "leader",
          "head", "spokesman", "minister", "president", "prime minister", "supreme leader")


def run(ctx: ArticleContext) -> None:
    for i, sent in enumerate(ctx.sentences):
        low = sent.text.lower()
        for t in sent:
            person = ctx.actor_of(t)
            if not person or ctx.actors[person].type != "person" or (t.i > 0 and ctx.actor_of(t.nbor(-1)) == person):
                continue
            window_start = max(sent.start, t.i - 8)
            before = ctx.doc[window_start:t.i]
            title = next((tt for tt in TITLES if tt in before.text.lower()), None)
            if not title:
                continue
            orgs = [k for k in ctx.actors_in(before) if ctx.actors[k].type in ("organization", "location")]
            if orgs:
                status = "former" if any(w in before.text.lower() for w in ("former", "late", "ex-")) else "current"
                ctx.roles.append(Role(person=person, organization=orgs[-1], title=title, status=status,
                                      sentence=i, attribution=ctx.attribution_of(i)))
        del low
