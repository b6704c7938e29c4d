"""Standing ties between actors, from explicit statements (lexicon in ``data/ties.yaml``).

- relational nouns: "X, a member of Y", "X is part of Y", "the components of Y - A and B",
  "Y's ally X", "X and Y are rivals", "X, a proxy of Y" (Y sponsors X), "the rivalry between X and Y";
- verbs: "backed / funded / armed by Y" and "Y-backed X" (Y sponsors X), "Y funds X" (present tense: a
  standing relation, not one act), "allied with Y", "belongs to Y", "joined Y".

``Tie.source`` is the member / part / ally / rival / sponsor, ``Tie.target`` the group / whole / other
side / sponsored. Each tie carries its sentence and that sentence's attribution.
"""
from __future__ import annotations

import bisect
import functools

from spacy.tokens import Token

from ..model import Tie
from . import lexicon as lexicon_data
from .context import ArticleContext
from .events import Resolver


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """The tie words of ties.yaml, through the one validated loader."""
    data = lexicon_data.load("ties.yaml", dict[str, list[str]])
    return {k: frozenset(str(v).lower() for v in vals) for k, vals in data.items()}


NOUN_KIND = (("member_nouns", "member_of"), ("part_nouns", "part_of"), ("ally_nouns", "ally_of"),
             ("rival_nouns", "rival_of"), ("proxy_nouns", "proxy"), ("sponsor_nouns", "sponsor_of"))
SYMMETRIC = ("ally_of", "rival_of")
_NP_DEPS = frozenset({"compound", "poss", "amod", "nmod", "conj", "det", "flat"})  # what np() walks into
_NP_DEPS_APPOS = _NP_DEPS | {"appos"}
VERB_SETS = ("sponsor_verbs", "ally_verbs", "member_verbs", "affiliate_verbs", "include_verbs")


@functools.lru_cache(maxsize=1)
def _cue_words() -> tuple[frozenset[str], frozenset[str]]:
    """Lemmas that open a noun pattern and lemmas that open a verb pattern in ``TieFinder.sentence``."""
    lex = lexicon()
    nouns = frozenset().union(*(lex[k] for k, _ in NOUN_KIND), lex["rivalry_nouns"])
    verbs = frozenset().union(*(lex[k] for k in VERB_SETS))
    return nouns, verbs


def lemma(t: Token) -> str:
    return t.lemma_.lower()


class TieFinder:
    def __init__(self, ctx: ArticleContext):
        self.ctx = ctx
        self.lex = lexicon()
        self.res = Resolver.of(ctx)
        self.tt = ctx.tokens
        self.found: dict[tuple[str, str, str], Tie] = {}

    # ---- actors of a noun phrase (no clauses, no prepositional phrases, no appositions)
    def np(self, t: Token, with_appos: bool = False) -> list[str]:
        return self.np_at(t.i, with_appos)

    def np_at(self, i: int, with_appos: bool = False) -> list[str]:
        """``np`` by token index: the walk reads the token table instead of building Tokens."""
        out: list[str] = []
        dep, children, keys_at = self.tt.dep, self.tt.children, self.res.keys_at
        deps = _NP_DEPS_APPOS if with_appos else _NP_DEPS

        # depth first, each token before its children and the children in order, with a stack rather
        # than a recursive closure: a closure that calls itself is a reference cycle, which kept the
        # whole article (through self) alive until the cyclic garbage collector came by
        stack = [i]
        while stack:
            x = stack.pop()
            for k in keys_at(x) or []:
                if k not in out:
                    out.append(k)
            stack.extend(reversed([c for c in children(x) if dep[c] in deps]))
        return out

    def add(self, kind: str, src: list[str], tgt: list[str], i: int, trig: Token) -> None:
        for s in src:
            for t in tgt:
                if s == t:
                    continue
                if kind == "proxy":  # "X, a proxy of Y": Y sponsors X
                    s, t, k = t, s, "sponsor_of"
                else:
                    k = kind
                key = (k, *(sorted((s, t)) if k in SYMMETRIC else (s, t)))
                if key in self.found:
                    continue
                self.found[key] = Tie(kind=k, source=s, target=t, sentence=i, span=self.ctx.token_span(trig),
                                      attribution=self.ctx.attribution_of(i))

    # ---- patterns
    def _openers(self) -> list[int]:
        """The article's tokens that open a pattern, found once: most tokens open none, and a scan of
        the lemma list with a set lookup skips them without reading their part of speech."""
        opens = self.tt.memo.get("ties.openers")
        if opens is None:
            nouns, verbs = _cue_words()
            either = nouns | verbs
            pos = self.tt.pos
            opens = self.tt.memo["ties.openers"] = [
                j for j, lm in enumerate(self.tt.lemma) if lm in either
                and (pos[j] in ("NOUN", "PROPN") and lm in nouns or pos[j] in ("VERB", "ADJ") and lm in verbs)]
        return opens  # type: ignore[return-value]

    def sentence(self, i: int, sent) -> None:
        tt = self.tt
        opens = self._openers()
        for j in opens[bisect.bisect_left(opens, sent.start):bisect.bisect_left(opens, sent.end)]:
            lm, pos = tt.lemma[j], tt.pos[j]
            t = tt.doc[j]
            if pos in ("NOUN", "PROPN"):
                for lex_key, kind in NOUN_KIND:
                    if lm in self.lex[lex_key]:
                        self.relational_noun(i, t, kind)
                        break
                if lm in self.lex["rivalry_nouns"]:
                    self.between(i, t, "rival_of")
            if pos in ("VERB", "ADJ"):
                if lm in self.lex["sponsor_verbs"]:
                    self.sponsor_verb(i, t)
                if lm in self.lex["ally_verbs"]:
                    self.ally_verb(i, t)
                if lm in self.lex["member_verbs"]:
                    self.member_verb(i, t)
                if lm in self.lex["affiliate_verbs"]:
                    self.affiliate_verb(i, t)
                if lm in self.lex["include_verbs"]:
                    self.include_verb(i, t)

    def relational_noun(self, i: int, n: Token, kind: str) -> None:
        # read from the token table by index (the noun's children and theirs): these nouns are common
        tt, np = self.tt, self.np_at
        dep, lem, kids = tt.dep, tt.lemma, tt.children
        j = n.i
        whole = [k for c in kids(j) if dep[c] == "prep" and lem[c] in ("of", "in", "within", "to")
                 for o in kids(c) if dep[o] == "pobj" for k in np(o)]
        whole += [k for c in kids(j) if dep[c] == "poss" for k in np(c)]
        holders: list[str] = []
        if dep[j] == "appos":  # "X, a member of Y"
            holders += np(tt.head[j])
        h = tt.head[j]
        if dep[j] == "attr" or (dep[j] == "dobj" and lem[h] in self.lex["state_verbs"]):
            # "X is a member of Y", "X forms part of Y"; "X, which is part of Y": the relative pronoun
            # stands for the noun the clause hangs from
            for c in kids(h):
                if dep[c] not in ("nsubj", "nsubjpass"):
                    continue
                if tt.lower[c] in ("which", "who", "that") and dep[h] == "relcl":
                    holders += np(tt.head[h])
                else:
                    holders += np(c)
        if dep[j] == "pobj" and tt.lower[h] == "as" and tt.pos[tt.head[h]] in ("VERB", "AUX"):
            # "Iran counts X as part of its axis" (the object); "As part of Y, X attacked" (the subject)
            v = tt.head[h]
            objs = [c for c in kids(v) if dep[c] == "dobj"] if lem[v] in self.lex["regard_verbs"] else []
            subj = [c for c in kids(v) if dep[c] in ("nsubj", "nsubjpass")]
            holders += [k for c in (objs or subj) for k in np(c)]
        for c in kids(j):  # "the components of Y - A and B", "Y's allies, A and B"
            if dep[c] == "appos":
                holders += np(c)
            if dep[c] == "prep" and tt.lower[c] in ("including", "like", "as"):  # "Iran's proxies, including X"
                holders += [k for o in kids(c) if dep[o] == "pobj" for k in np(o)]
        for c in kids(j) if not holders else ():  # "components of Y, namely A and B" sometimes parsed
            if dep[c] == "prep":                    # as conj of Y; never a description of Y once X is named
                for o in kids(c):
                    for x in kids(o):
                        if dep[x] == "appos":
                            holders += np(x)
        if whole and holders:
            self.add(kind, holders, [k for k in whole if k not in holders], i, n)
        elif not whole and kind in SYMMETRIC and dep[j] == "attr" and tt.tag[j] in ("NNS", "NNPS"):
            # "X and Y are rivals"
            side = holders
            for a in range(len(side)):
                self.add(kind, [side[a]], side[a + 1:], i, n)

    def between(self, i: int, n: Token, kind: str) -> None:
        for c in n.children:
            if c.dep_ == "prep" and lemma(c) == "between":
                for o in c.children:
                    if o.dep_ == "pobj":
                        first = self.np(o)
                        parts = [o, *o.conjuncts]
                        keys = []
                        for p in parts:
                            for k in [k for k in (self.res.keys_of(p) or [])] or self._flat(p):
                                if k not in keys:
                                    keys.append(k)
                        if len(keys) >= 2:
                            self.add(kind, keys[:1], keys[1:], i, n)
                        elif first:
                            pass

    def _flat(self, t: Token) -> list[str]:
        return [k for x in t.subtree for k in (self.res.keys_of(x) or [])][:1]

    def sponsor_verb(self, i: int, v: Token) -> None:
        sponsors: list[str] = []
        # "backed by Y", "funded and armed by Y"
        for vv in (v, *[c for c in v.children if c.dep_ == "conj"]):
            for c in vv.children:
                if c.dep_ == "agent":
                    sponsors += [k for o in c.children if o.dep_ == "pobj" for k in self.np(o)]
        # "Y-backed X"
        sponsors += [k for c in v.children if c.dep_ in ("npadvmod", "compound", "nmod") and c.i < v.i
                     for k in self.np(c)]
        passive_form = v.tag_ == "VBN"
        if sponsors and passive_form:
            sponsored: list[str] = []
            if v.dep_ in ("amod", "acl") and v.head.pos_ in ("NOUN", "PROPN"):
                head = v.head
                sponsored = [k for k in self.np(head) if k not in sponsors]
                if not sponsored and head.dep_ == "appos":  # "X, an Iran-backed militia"
                    sponsored = self.np(head.head)
            elif v.dep_ == "relcl" or (v.dep_ == "conj" and v.head.dep_ == "relcl"):
                rel = v if v.dep_ == "relcl" else v.head
                sponsored = self.np(rel.head)
            else:
                sponsored = [k for c in v.children if c.dep_ in ("nsubjpass", "nsubj") for k in self.np(c)]
                if not sponsored and v.dep_ == "conj":
                    sponsored = [k for c in v.head.children if c.dep_ in ("nsubjpass",) for k in self.np(c)]
            self.add("sponsor_of", sponsors, [k for k in sponsored if k not in sponsors], i, v)
        elif v.tag_ in ("VBZ", "VBP") and lemma(v) in self.lex["present_sponsor_verbs"]:
            # "Iran funds Hezbollah": a standing relation told in the present
            subj = [k for c in v.children if c.dep_ == "nsubj" for k in self.np(c)]
            obj = [k for c in v.children if c.dep_ == "dobj" for k in self.np(c)]
            self.add("sponsor_of", subj, obj, i, v)

    def ally_verb(self, i: int, v: Token) -> None:
        others = [k for c in v.children if c.dep_ == "prep" and lemma(c) in ("with", "to")
                  for o in c.children if o.dep_ == "pobj" for k in self.np(o)]
        if not others:
            return
        holders = [k for c in v.children if c.dep_ in ("nsubj", "nsubjpass") for k in self.np(c)]
        if not holders and v.dep_ in ("amod", "acl") and v.head.pos_ in ("NOUN", "PROPN"):
            holders = self.np(v.head)
            if not holders and v.head.dep_ == "appos":
                holders = self.np(v.head.head)
        self.add("ally_of", holders, others, i, v)

    def member_verb(self, i: int, v: Token) -> None:
        if lemma(v) == "belong":
            groups = [k for c in v.children if c.dep_ == "prep" and lemma(c) == "to"
                      for o in c.children if o.dep_ == "pobj" for k in self.np(o)]
        else:  # joined Y
            groups = [k for c in v.children if c.dep_ == "dobj" for k in self.np(c)]
            groups = [k for k in groups if self.ctx.actors[k].type == "organization"]
        holders = [k for c in v.children if c.dep_ == "nsubj" for k in self.np(c)]
        self.add("member_of", holders, groups, i, v)


    def affiliate_verb(self, i: int, v: Token) -> None:
        """"X, affiliated with Y" / "X is affiliated to Y": X is a member of Y."""
        groups = [k for c in v.children if c.dep_ == "prep" and lemma(c) in ("with", "to")
                  for o in c.children if o.dep_ == "pobj" for k in self.np(o)]
        holders = [k for c in v.children if c.dep_ in ("nsubj", "nsubjpass") for k in self.np(c)]
        if not holders and v.dep_ in ("amod", "acl") and v.head.pos_ in ("NOUN", "PROPN"):
            holders = self.np(v.head)
        self.add("member_of", holders, groups, i, v)

    def include_verb(self, i: int, v: Token) -> None:
        """"The coalition includes A, B and C": members of a group named as a coalition."""
        subj = [c for c in v.children if c.dep_ == "nsubj"]
        if not subj:
            return
        s = subj[0]
        groups = self.np(s)
        coalition = lemma(s) in self.lex["coalition_nouns"] or any(
            self.ctx.actors[k].subtype == "coalition" or
            any(w.lower() in self.lex["coalition_nouns"] for w in self.ctx.actors[k].name.split())
            for k in groups)
        if not coalition:
            return
        members = [k for c in v.children if c.dep_ in ("dobj", "attr") for k in self.np(c)]
        self.add("member_of", [k for k in members if k not in groups], groups, i, v)


def run(ctx: ArticleContext) -> None:
    finder = TieFinder(ctx)
    for i, sent in enumerate(ctx.sentences):
        finder.sentence(i, sent)
    ctx.ties.extend(finder.found.values())
