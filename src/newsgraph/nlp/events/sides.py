"""Sides: who acts and who is acted upon, read from the parse (subjects, objects, prepositions,
possessors, coordinations), bounded to the phrase; a side the text leaves implicit stays empty.
Every walk over the parse is iterative with a visited set (no recursion on the tree)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Token

from ..context import ArticleContext
from .cues import CueTokens, Frame, SentenceState
from .lexicon import (
    _NP_STOPS,
    ATTENDANCE_VERBS,
    ATTENDEE_NOUNS,
    BACKING,
    GOVERNMENT_NOUNS,
    NP_PREPS,
    OBJ,
    OBJ_OR_PREP,
    PRONOUN_TYPES,
    PRONOUNS,
    RELATIVE,
    ROLE_NOUNS,
    SUBJ,
    Lexicon,
    _dedupe,
    lexicon,
    token_lemmas,
)

# the dependents that say whose a government is ("the Indian government", "Yemen's government")
_WHOSE = frozenset({"amod", "compound", "poss", "nmod"})
# subjects that name nobody: "it is the first time ...", "this is the row to ..."
_EMPTY_SUBJECTS = frozenset({"it", "this", "that", "there"})
# prepositions by which an event noun names whom it is aimed at ("a trip to Turkey", "talks with Iran")
_AIMED = frozenset({"to", "with", "against", "on"})


@dataclass
class GroupList:
    """People an article lists together ("the attendees included A; B; C"), with the words that name the
    group: its nouns (attendee, visitor) and nationalities (Iraqis)."""

    sentence: int
    members: list[str]
    nouns: set[str]
    nationalities: set[str]


class Resolver:
    """Token -> actor keys, with group lists, demonyms and pronouns."""

    @classmethod
    def of(cls, ctx: ArticleContext) -> "Resolver":
        """The article's resolver, built once and shared by the ties and events stages."""
        res = ctx.shared.get("events.resolver")
        if not isinstance(res, Resolver):
            res = ctx.shared["events.resolver"] = cls(ctx, lexicon())
        return res

    def __init__(self, ctx: ArticleContext, lex: Lexicon):
        self.ctx = ctx
        self.lex = lex
        self.tt = ctx.tokens
        self.lm = token_lemmas(ctx)  # lemma_of each token, by token index
        self._actor_at = ctx.actor_at  # ctx.actor_of by token index
        self.lists = self._find_lists()
        self._locations = [(a.key, a.name) for a in ctx.actors.values() if a.type == "location"]
        # one-word names the actor stage knows but did not mark at every occurrence
        names: dict[str, set[str]] = {}
        for a in ctx.actors.values():
            if a.type in ("person", "organization", "location"):
                for n in a.alias_names():
                    if " " not in n and len(n) >= 4 and n[:1].isupper():
                        names.setdefault(n, set()).add(a.key)
        self._names = {n: next(iter(ks)) for n, ks in names.items() if len(ks) == 1}
        self._governments: list[int] | None = None  # tokens of GOVERNMENT_NOUNS, found when first asked

    def lemma(self, t: Token) -> str:
        """``lemma_of`` a token of the article."""
        return self.lm[t.i]

    # -- group lists
    def _find_lists(self) -> list[GroupList]:
        """Sentences that enumerate people under a group word: "Among the Iraqis, the attendees
        included A; B; C". A list runs on through following pieces without a verb of their own
        (semicolon-separated enumerations the sentence splitter may cut)."""
        out: list[GroupList] = []
        current: GroupList | None = None
        tt = self.tt
        lm, text, head, dep, ent = self.lm, tt.text, tt.head, tt.dep, tt.ent_type
        group_words = ATTENDEE_NOUNS | self.lex.sets.get("group_nouns", frozenset())
        # the tokens each test below looks for, listed once for the article (sorted), so that a sentence
        # is only searched where they are
        n = tt.n
        conjs = [j for j in range(n) if dep[j] == "conj"]
        semis = [j for j in range(n) if text[j] == ";"]
        attendees = [j for j in range(n) if lm[j] in ATTENDEE_NOUNS]
        norps = [j for j in range(n) if ent[j] == "NORP"]
        enums = [j for j in range(n) if lm[j] in ("include", "among") or text[j] in (";", ":")]
        between = CueTokens.between
        for i, sent in enumerate(self.ctx.sentences):
            start, end = sent.start, sent.end
            people = [k for k in self.ctx.actors_in(sent) if self.ctx.actors[k].type == "person"]
            if len(people) < 3:  # the model may type some names wrongly: take a coordinated series
                # a token with two conjuncts needs two 'conj' tokens in its sentence; only a 'conj' token
                # or the head of one has any conjuncts
                if len(between(conjs, start, end)) >= 2:
                    for j in range(start, end):
                        if dep[j] != "conj" and not any(dep[c] == "conj" for c in tt.children(j)):
                            continue
                        t = tt.doc[j]
                        if len(t.conjuncts) >= 2 and t.i < min(c.i for c in t.conjuncts):
                            keys = [self.ctx.actor_of(x) for x in (t, *t.conjuncts)]
                            keys = [k for k in keys if k and self.ctx.actors[k].type != "group"]
                            if len(keys) >= 3:
                                people = list(dict.fromkeys(people + keys))
            if current is not None and (sent.root.pos_ not in ("VERB", "AUX") or between(semis, start, end)):
                current.members += [k for k in people if k not in current.members]
                continue
            current = None
            nouns = {lm[j] for j in between(attendees, start, end)}
            nats = {_fold(text[j]).rstrip("s") for j in between(norps, start, end) if (
                lm[head[j]] == "among" or lm[head[j]] in group_words or
                (dep[j] == "nsubj" and lm[head[j]] == "include"))}
            enumerates = bool(between(enums, start, end))
            if (nouns or nats) and enumerates and len(people) >= 2:
                current = GroupList(i, list(people), nouns, nats)
                out.append(current)
        return [gl for gl in out if len(gl.members) >= 3]

    def group_members(self, tok: Token) -> list[str] | None:
        """The people a plural group reference stands for, when the article listed them."""
        if not self.lists or tok.tag_ not in ("NNS", "NNPS") and not tok.text.endswith("s"):
            return None
        group_noun = self.lemma(tok) in self.lex.sets.get("group_nouns", frozenset()) or \
            self.lemma(tok) in ATTENDEE_NOUNS
        noun = self.lemma(tok) if self.lemma(tok) in ATTENDEE_NOUNS else None
        # "the Iraqis" (the nationality itself, plural), "the (Iraqi) visitors", "the Iraqi leaders"
        nat_toks = [*tok.children] if group_noun else ([tok] if tok.text.endswith("s") else [])
        nat = {_fold(t.text).rstrip("s") for t in nat_toks if t.ent_type_ == "NORP"}
        if not nat and not noun:
            return None
        sent_i = self.ctx.sentence_of(tok.idx)
        best, best_score = None, None
        for gl in self.lists:
            hit = bool(nat & gl.nationalities)
            if noun:
                hit = hit or bool(gl.nouns & ATTENDEE_NOUNS)
            if not hit:
                continue
            score = (len(gl.members), gl.sentence <= sent_i, -abs(gl.sentence - sent_i))
            if best_score is None or score > best_score:
                best, best_score = gl, score
        return list(best.members) if best else None

    # -- demonyms: a nationality stands for its state when the article names the state
    def state_of(self, key: str) -> str | None:
        actor = self.ctx.actors.get(key)
        if actor is None or actor.type != "group":
            return None
        name = _fold(actor.name).rstrip("s")
        best, best_len = None, 0
        for lkey, lname in self._locations:
            ln = _fold(lname)
            n = _common_prefix(name, ln)
            if n >= 4 and n >= len(ln) - 2 and n > best_len:
                best, best_len = lkey, n
            elif " " in lname and n == len(name) >= 4 and _fold(lname.split()[0]) == name and n > best_len:
                best, best_len = lkey, n  # "Saudi" -> Saudi Arabia: the first word of the state's name
        return best

    def keys_of(self, tok: Token) -> list[str] | None:
        """Actor keys a single token stands for (None: no actor)."""
        return self.keys_at(tok.i)

    def keys_at(self, i: int) -> list[str] | None:
        """``keys_of(doc[i])``, read from the token table (a Token is made only for the rare upper-case
        word and when the article has group lists)."""
        tt = self.tt
        if tt.is_upper[i] and i + 1 < tt.n and tt.text[i + 1] in ("—", "–", "-", "--") and \
                i - tt.doc[i].sent.start < 3:
            return None  # a dateline ("BAGHDAD —"), not an actor of the sentence
        if self.lists:
            members = self.group_members(tt.doc[i])
            if members:
                return members
        k = self._actor_at(i)
        if k is None and tt.pos[i] in ("PROPN", "NOUN", "VERB") and tt.text[i] in self._names:
            k = self._names[tt.text[i]]
        if k is None:
            return self._government_of(i) if self.lm[i] in GOVERNMENT_NOUNS else None
        return [self.state_of(k) or k]

    def _government_of(self, i: int) -> list[str] | None:
        """"the government" with nothing saying whose: the state whose government the article named last
        before it ("the Indian government revoked ... UN experts called on the government to ...")."""
        tt = self.tt
        dep, low, lm, kids, actors = tt.dep, tt.lower, self.lm, tt.children, self.ctx.actors
        own = kids(i)
        if tt.tag[i] != "NN" or not any(dep[c] == "det" and low[c] == "the" for c in own) or any(
                dep[c] in _WHOSE or dep[c] == "prep" for c in own):
            return None  # "the governments in the region", "the government in Kabul": not that one
        if self._governments is None:
            self._governments = [j for j in range(tt.n) if lm[j] in GOVERNMENT_NOUNS]
        for j in reversed(self._governments[:bisect.bisect_left(self._governments, i)]):
            whose = [c for c in kids(j) if dep[c] in _WHOSE]
            whose += [o for c in kids(j) if dep[c] == "prep" and lm[c] == "of"
                      for o in kids(c) if dep[o] == "pobj"]
            states = [k for c in whose for k in (self.keys_at(c) or [])
                      if actors[k].type in ("location", "group")]
            if states:
                return states[:1]
        return None


def _fold(s: str) -> str:
    return re.sub(r"[^a-z]", "", s.lower())


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


# ---------------------------------------------------------------- frames


class SideReading(SentenceState):
    """The side readers of ``SentenceEvents``."""


    def np_actors(self, head: Token, loc: list[str], skip: set[int] | None = None) -> list[str]:
        """Actors named by a noun phrase: the head, its modifiers, possessors, appositions and
        conjuncts, and 'of' phrases; places in locative phrases go to ``loc``."""
        return self.np_actors_at(head.i, loc, skip)

    def np_actors_at(self, hi: int, loc: list[str], skip: set[int] | None = None) -> list[str]:
        """``np_actors`` of token ``hi``, worked out once per sentence for a (head, skip): a repeat
        gives a copy of the keys and adds the same places to ``loc``."""
        key = (hi, frozenset(skip) if skip else None)
        kept = self._np_memo.get(key)
        if kept is None:
            if key in self._np_busy:
                # asked again while being worked out (a relative pronoun whose antecedent phrase holds
                # the pronoun itself): the phrase adds nothing to itself
                return []
            self._np_busy.add(key)
            n = len(loc)
            try:
                out = self._np_walk(hi, loc, skip or set())
            finally:
                self._np_busy.discard(key)
            kept = self._np_memo[key] = (out, loc[n:])
        elif kept[1]:
            loc.extend(kept[1])
        return list(kept[0])

    def _keys_at(self, i: int) -> list[str] | None:
        """``Resolver.keys_at``, kept for the article (callers only read the list)."""
        keys = self._keys
        if i in keys:
            return keys[i]
        k = keys[i] = self.res.keys_at(i)
        return k

    def _np_walk(self, hi: int, loc: list[str], skip: set[int]) -> list[str]:
        out: list[str] = []

        def add(keys):
            for k in keys:
                if k not in out:
                    out.append(k)

        # the phrase is walked by token index in the token table; a Token is made only where one is needed
        tt = self.tt
        doc, low, deps, lm, pos, kids = tt.doc, tt.lower, tt.dep, self.lm, tt.pos, tt.children
        actor_at, keys_at, kept = self.res._actor_at, self._keys_at, self._keys
        lists = self.res.lists
        place_preps = self.lex.sets["place_preps"]

        # an explicit stack in the order a depth-first walk visits the phrase (children pushed in reverse),
        # and a visited set: a parse with a cycle through a relative pronoun or an odd head can not loop
        stack: list[tuple[int, int]] = [(hi, 0)]
        seen: set[int] = set()
        while stack:
            ti, depth = stack.pop()
            if ti in skip or ti in seen or depth > 8:
                continue
            seen.add(ti)
            if low[ti] in PRONOUNS or low[ti] in RELATIVE:
                add(self.pronoun(ti))
            keys = kept[ti] if ti in kept else keys_at(ti)
            if keys:
                add(keys)
                if lists and self.res.group_members(doc[ti]):
                    continue
            nxt: list[tuple[int, int]] = []
            for ci in kids(ti):
                d = deps[ci]
                if d in _NP_STOPS:
                    if d == "relcl" and lm[ti] in ROLE_NOUNS:
                        # "the role Iran has played": the subject of the clause is the one meant
                        nxt += [(x, depth + 1) for x in kids(ci) if deps[x] == "nsubj"]
                    continue
                if d == "prep":
                    p = low[ci] if low[ci] in ("including", "like") else lm[ci]
                    objs = [o for o in kids(ci) if deps[o] == "pobj"]
                    if p in place_preps and objs and self._is_place(objs[0]):
                        loc.extend(self.place_of(doc[objs[0]]))
                        continue
                    if p not in NP_PREPS:
                        continue
                    if p in ("in", "on", "against", "with") and depth == 0 and pos[ti] not in ("NOUN",):
                        continue
                    nxt += [(o, depth + 1) for o in objs]
                    continue
                if d == "appos":
                    if actor_at(ti) and not actor_at(ci):
                        # "Kataib Hezbollah, an Iran-backed militia": a description, not another actor
                        continue
                elif d == "amod" and pos[ci] == "VERB" and lm[ci] in BACKING:
                    continue  # "Iran-backed": the backer is not the one acting ("US-led" keeps its leader)
                nxt.append((ci, depth + 1))
            stack += reversed(nxt)
        return out

    def _is_place(self, t: int) -> bool:
        """Whether the phrase under token ``t`` (an index) names a place."""
        actor_at, actors, kids = self.ctx.actor_at, self.ctx.actors, self.tt.children
        # the actors anywhere in the phrase (t.subtree; their order plays no part here)
        keys: list[str] = []
        stack = [t]
        while stack:
            x = stack.pop()
            k = actor_at(x)
            if k:
                keys.append(k)
            stack += kids(x)
        if not keys:
            return False
        head_key = actor_at(t)
        if head_key and actors[head_key].type == "location":
            return True
        # "near Baghdad's international airport": a common-noun place with a location possessor
        return self.tt.pos[t] == "NOUN" and all(actors[k].type == "location" for k in keys) \
            and self.lm[t] not in self.lex.nouns

    def place_of(self, t: Token) -> list[str]:
        """The place a locative phrase names: "in Tehran"; "near Baghdad's airport" -> Baghdad; "outside
        the US embassy in Amman" -> Amman (a nested 'in X' is more precise than a modifier)."""
        cands = [(x, k) for x in t.subtree
                 if (k := self.ctx.actor_of(x)) and self.ctx.actors[k].type == "location"]
        nested = [k for x, k in cands if x.i != t.i and x.dep_ == "pobj" or
                  (x.head.dep_ == "pobj" and x.head.i != t.i and x.dep_ == "compound")]
        own = self.ctx.actor_of(t)
        if nested and not (own and self.ctx.actors[own].type == "location"):
            return nested[:1]
        return [k for _, k in cands][:1]

    def pronoun(self, t: int) -> list[str]:
        """A subject pronoun (token ``t``, an index): the speaker of a reporting verb it depends on ("X
        said it would"), else the subject of the previous sentence."""
        tt = self.tt
        low, dep, head, pos, kids = tt.lower, tt.dep, tt.head, tt.pos, tt.children
        lw = low[t]
        if lw in RELATIVE:
            h = head[t]
            if dep[h] == "relcl" and pos[head[h]] in ("NOUN", "PROPN"):
                return self.np_actors_at(head[h], [], skip={h})
            return []
        if lw in ("themselves", "itself", "himself", "herself"):
            return []
        subject = dep[t] in ("nsubj", "nsubjpass")
        if subject:
            want = PRONOUN_TYPES.get(lw)
            # the earlier subjects of its (parser) sentence that are not pronouns, nearest first
            ct = CueTokens.of(self.ctx, self.lex)
            for s in reversed(ct.between(ct.subjects, ct.sent_starts[tt.sent[t]], t)):
                keys = [k for k in self.np_actors_at(s, [])
                        if want is None or self.ctx.actors[k].type in want]
                if keys:
                    return keys
        h = head[t]
        while dep[h] in ("ccomp", "conj", "xcomp", "advcl") and head[h] != h:
            h = head[h]
            if self.lm[h] in self.lex.sets["speech_verbs"]:
                subj = [c for c in kids(h) if dep[c] in ("nsubj",)]
                if subj:
                    return self.np_actors_at(subj[0], [])
        return list(self.prev_speakers[:3]) if subject else []

    def _principals(self, keys: list[str]) -> list[str]:
        """The actors of a side less the organisations its people hold a role in ("Quds Force
        commander Esmail Qa'ani" is one party, not two)."""
        held = {r.organization for r in self.ctx.roles if r.person in keys}
        return [k for k in keys if k not in held]

    @staticmethod
    def _has_object(v: Token) -> bool:
        return any(c.dep_ in OBJ for c in v.children)

    def _attendees(self, noun: Token, loc: list[str]) -> list[str]:
        """Who a meeting gathered: its own clause ("a session which gathered X", "talks attended by X"), else
        an attendance list opening the next sentence ("Those in attendance, including X and Y, ...",
        "Participants included X")."""
        out: list[str] = []
        for c in noun.children:
            if c.dep_ in ("relcl", "acl") and self.lemma(c) in ATTENDANCE_VERBS:
                for o in c.children:
                    if o.dep_ in OBJ:
                        out += self.np_actors(o, loc)
                    elif o.dep_ == "agent":
                        out += [k for x in o.children if x.dep_ == "pobj" for k in self.np_actors(x, loc)]
        nxt = self.i + 1
        if nxt < len(self.ctx.sentences):
            sent = self.ctx.sentences[nxt]
            subj = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and
                    (self.lemma(t) in ATTENDEE_NOUNS or
                     any(self.lemma(x) == "attendance" for x in t.subtree))]
            for t in subj[:1]:
                for x in t.subtree:
                    if x.lower_ in ("including", "include", "among") or self.lemma(x) == "include":
                        for o in x.children:
                            if o.dep_ in ("pobj", "dobj"):
                                out += [k for y in (o, *o.conjuncts) for k in self.np_actors(y, [])]
                if self.lemma(t.head) == "include":  # "Participants included X and Y"
                    out += [k for o in t.head.children if o.dep_ in OBJ
                            for y in (o, *o.conjuncts) for k in self.np_actors(y, [])]
        return _dedupe(out)

    def _subject_parts(self, v: Token) -> list[list[str]]:
        """Actors of each conjunct of a verb's subject ("Egypt and Qatar" -> [[Egypt], [Qatar]])."""
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj and v.dep_ in ("xcomp", "conj") and v.head.pos_ in ("VERB", "AUX"):
            subj = [c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return self._conjuncts(subj[0]) if subj else []

    def subject_of(self, v: int, loc: list[str]) -> tuple[list[str], bool]:
        """Actors acting as the subject of verb ``v`` (a token index; climbing control and
        coordination, at most five clauses up), and whether the clause is passive. Iterative: the walk
        climbs the heads, then the passive reading is carried back down the coordinations it climbed."""
        tt = self.tt
        dep, head, pos, tag, low, lm, kids = tt.dep, tt.head, tt.pos, tt.tag, tt.lower, self.lm, tt.children
        climbed: list[tuple[int, str]] = []  # the clauses climbed through, and how
        cur = v
        subj: list[str] = []
        passive = False
        while True:
            ckids = kids(cur)
            own = [c for c in ckids if dep[c] in ("nsubj", "csubj")]
            if own:
                subj = self._subject_side(own, loc)
                break
            pas = [c for c in ckids if dep[c] in ("nsubjpass", "csubjpass")]
            if pas:
                subj, passive = self._subject_side(pas, loc), True
                break
            # "for Iran's supreme leader to hold a session": the subject hangs from 'for'
            forsubj = [o for c in ckids if dep[c] == "mark" and low[c] == "for" for o in kids(c)
                       if dep[o] == "pobj"]
            if forsubj:
                subj = self._subject_side(forsubj, loc)
                break
            if len(climbed) > 4:
                break
            h = head[cur]
            if h == cur:
                subj = self._left_actor(tt.doc[cur])
                break
            vd = dep[cur]
            if vd == "xcomp":
                copula = lm[h] == "be" or low[h] in ("'s", "’s")
                if copula and any(dep[c] == "nsubj" and low[c] in _EMPTY_SUBJECTS for c in kids(h)):
                    # "it is the latest row to hit relations": the infinitive tells of the noun the
                    # copula names, not of "it"
                    subj = self._side_at([c for c in kids(h) if dep[c] == "attr"], loc)
                    break
                if lm[h] in self.lex.sets["object_control"]:
                    objs = [c for c in kids(h) if dep[c] in ("dobj", "dative")]
                    if objs:
                        subj = self._side_at(objs, loc)
                        break
                climbed.append((cur, vd))
                cur = h
                continue
            if vd in ("conj", "advcl", "acomp") and pos[h] in ("VERB", "AUX", "ADJ"):
                climbed.append((cur, vd))
                cur = h
                continue
            if vd in ("acl", "relcl") and pos[h] in ("NOUN", "PROPN"):
                if tag[cur] == "VBN":  # "forces backed by X": the noun is the patient
                    passive = True
                else:
                    subj = self.np_actors_at(h, loc, skip={cur})
                break
            if not climbed or vd == "ROOT":
                subj = self._left_actor(tt.doc[cur])
            break
        for x, vd in reversed(climbed):
            # "X was arrested and jailed" stays passive; "X is claimed to ... opposed Y" is active
            passive = vd == "conj" and (any(dep[c] == "auxpass" for c in kids(x)) or (
                passive and tag[x] == "VBN" and not any(dep[c] in OBJ for c in kids(x))))
        return subj, passive

    def _left_actor(self, v: Token) -> list[str]:
        """A subject the parser lost: the actor just before the verb group of a clause that has no
        subject at all ("..., Khamenei himself is said to have opposed")."""
        if any(c.dep_ in SUBJ for c in v.children):
            return []
        first = min([v] + [c for c in v.children if c.dep_ in ("aux", "auxpass", "neg")], key=lambda t: t.i)
        j = first.i - 1
        doc = v.doc
        while j >= v.sent.start and not (doc[j].is_space and "\n" in doc[j].text) and (
                doc[j].pos_ in ("PUNCT", "ADV") or doc[j].lower_ in
                                     ("himself", "herself", "itself", "themselves", "also")):
            j -= 1
        if j < v.sent.start or doc[j].is_space:
            return []
        t = doc[j]
        if t.dep_ in ("nsubj", "nsubjpass") or t.pos_ not in ("PROPN", "NOUN"):
            return []
        return self.res.keys_of(t) or []

    def _subject_side(self, toks: list[int], loc: list[str]) -> list[str]:
        """A subject's actors (tokens by index); an event noun as subject gives its agents ("US drone
        attacks have killed"); a subject with no actor but a place ("demonstrators in Baghdad") stands
        for the place."""
        out: list[str] = []
        nouns, lm = self.lex.nouns, self.lm
        for t in toks:
            here: list[str] = []
            keys = self._event_noun_agents(t, here) if lm[t] in nouns else []
            if not keys:
                keys = self.np_actors_at(t, here)
            if not keys and here:
                keys = here[:1]
            else:
                loc.extend(here)
            out += keys
        return out

    def _side(self, toks: list[Token], loc: list[str]) -> list[str]:
        out: list[str] = []
        for t in toks:
            out += self.np_actors(t, loc)
        return out

    def _side_at(self, toks: list[int], loc: list[str]) -> list[str]:
        """``_side`` of tokens given by index."""
        out: list[str] = []
        for t in toks:
            out += self.np_actors_at(t, loc)
        return out

    def _verbal_sides(self, fr: Frame, v: int, trig: int, loc: list[str], light: bool) -> bool:
        """Fills the sides of a verbal frame (verb ``v``, trigger ``trig``, both token indices) and tells
        whether the clause is passive."""
        lex, tt = self.lex, self.tt
        doc, dep, pos, lm, kids = tt.doc, tt.dep, tt.pos, self.lm, tt.children
        nouns = lex.nouns
        subj, passive = self.subject_of(v, loc)
        vkids = kids(v)
        agent = [o for c in vkids if dep[c] == "agent" for o in kids(c) if dep[o] == "pobj"]
        if passive and lm[v] in ("oppose", "commit", "determine", "lock", "engage", "involve"):
            passive = False  # stative: "is opposed to", "is locked in"
        if light:
            passive = False
            if agent:  # "the strike was carried out by the Israeli air force"
                fr.source += self._side_at(agent, loc)
                subj = [k for k in subj if k not in fr.source] if fr.source else subj
        if passive and fr.type == "MOBILIZE" and not agent:
            # "German soldiers are stationed in X", "Russian troops were deployed": forces are moved by
            # the side they belong to, not against it
            fr.source += subj
        elif passive:
            fr.target += subj
            fr.source += self._side_at(agent, loc)
            if not fr.source and fr.type in ("SANCTION", "COERCE"):
                # "diplomats were expelled from Russia": the state they leave expels them
                fr.source += [k for c in vkids if dep[c] == "prep" and lm[c] == "from"
                              for o in kids(c) if dep[o] == "pobj" for k in self.place_of(doc[o])]
            if not fr.source:
                for c in vkids:
                    if dep[c] == "prep":
                        for o in kids(c):
                            if dep[o] == "pobj" and lm[o] in nouns and o not in fr.tokens:
                                fr.source += self._event_noun_agents(o, loc)
        else:
            fr.source += subj
        for sj in vkids:
            # "Turkey's airstrikes on Kurdish militants killed ...": the noun's target
            if dep[sj] in ("nsubj", "nsubjpass") and lm[sj] in nouns:
                fr.target += [k for c in kids(sj)
                              if dep[c] == "prep" and lm[c] in ("on", "against", "at")
                              for o in kids(c) if dep[o] == "pobj" for k in self.np_actors_at(o, loc)]
        # objects
        skip_objs = {trig} if light else set()
        obj_heads = [v] + ([trig] if light else []) + [j for j in sorted(fr.tokens) if j not in (v, trig)]
        for h in obj_heads:
            if h in fr.tokens and h != v and dep[h] == "prep":
                self._prep_side(fr, h, loc, extra=(lm[h],))  # "fired missiles at X"
                continue
            if h in fr.tokens and h != v and pos[h] in ("NOUN", "PROPN"):
                # a noun inside the phrase: its modifiers name the target ("end the US presence")
                fr.target += [k for c in kids(h) if dep[c] in ("compound", "poss", "amod", "nmod")
                              for k in self.np_actors_at(c, loc)]
            for c in kids(h):
                d = dep[c]
                if d not in OBJ_OR_PREP:  # (other children play no part here)
                    continue
                if c in skip_objs or (c in fr.tokens and d != "prep"):
                    continue
                if d in OBJ and h == v:
                    if c == trig:
                        continue
                    lc = lm[c]
                    if lc in lex.sets["anaphoric_content"] and not self.np_actors_at(c, []):
                        fr.target += self.prev_speakers[:1]
                        continue
                    if lc in lex.sets["responsibility_nouns"]:
                        continue
                    if lc in nouns and c in self.cues:
                        # "cancelled a trip to Turkey", "suspended talks with Iran": the parties of the
                        # act acted upon, and the one it was aimed at
                        fr.target += self._event_noun_agents(c, loc, as_target=True)
                        fr.target += [k for x in kids(c) if dep[x] == "prep" and lm[x] in _AIMED
                                      for o in kids(x) if dep[o] == "pobj" for k in self.np_actors_at(o, loc)]
                        continue
                    fr.target += self.np_actors_at(c, loc, skip=fr.tokens - {c})
                elif d == "prep":
                    self._prep_side(fr, c, loc, extra=fr.cue.preps)
        # "threatened to strike X", "refused to hand them over to X": the embedded act's object
        if not fr.target and not light:
            for c in vkids:
                if dep[c] == "xcomp" and pos[c] == "VERB":
                    for o in kids(c):
                        if dep[o] in OBJ:
                            fr.target += self.np_actors_at(o, loc)
                        elif dep[o] == "prep" and lm[o] in lex.sets["target_preps"]:
                            fr.target += [k for x in kids(o) if dep[x] == "pobj"
                                          for k in self.np_actors_at(x, loc)]
        # "urged X to", "demanded that X ..."
        if not fr.target and fr.type == "REQUEST":
            for c in vkids:
                if dep[c] == "ccomp":
                    s = [x for x in kids(c) if dep[x] in ("nsubj", "nsubjpass")]
                    fr.target += self._side_at(s, loc)
        self._symmetric(fr, obj_heads)
        return passive

    def _symmetric(self, fr: Frame, obj_heads: list[int]) -> None:
        if fr.type in ("CONSULT", "COOPERATE") and not fr.source and fr.target:
            # symmetric: "X were given access to Y" / "a meeting with Y": Y takes the source side
            dep, lm, kids = self.tt.dep, self.lm, self.tt.children
            withs = [o for h in obj_heads for c in kids(h)
                     if dep[c] == "prep" and lm[c] in ("to", "with")
                     for o in kids(c) if dep[o] == "pobj"]
            side = self._side_at(withs, [])
            if side and [k for k in fr.target if k not in side]:
                fr.source = side
                fr.target = [k for k in fr.target if k not in side]

    def _prep_side(self, fr: Frame, prep: int, loc: list[str], extra: tuple[str, ...] = ()) -> None:
        """The target (or place) a preposition of the frame names (``prep`` a token index)."""
        lex, tt, ctx = self.lex, self.tt, self.ctx
        doc, head, dep, lm, kids = tt.doc, tt.head, tt.dep, self.lm, tt.children
        p = lm[prep]
        objs = [o for o in kids(prep) if dep[o] == "pobj"]
        for o in objs:
            if p in extra:
                fr.target += self.np_actors_at(o, loc)
                continue
            if p == "from" and (tt.tag[o] == "VBG" or any(tt.tag[c] == "VBG" for c in kids(o))):
                continue  # "blocked a delegation from visiting the base": the act kept from happening
            ph = head[prep]
            at_place = p == "at" and any(dep[c] == "dobj" for c in kids(ph)) and \
                lm[ph] not in ("fire", "aim", "point", "shoot", "hurl", "throw", "launch")
            directional = p in ("at", "into", "toward", "towards") and not at_place
            if p in lex.sets["place_preps"] and self._is_place(o) and not directional:
                loc.extend(self.place_of(doc[o]))
                continue
            if p == "between":
                sides = self._conjuncts(doc[o])
                if sides and not fr.source:
                    fr.source += sides[0]
                    for s in sides[1:]:
                        fr.target += s
                else:
                    for s in sides:
                        fr.target += s
                continue
            if p not in lex.sets["target_preps"]:
                continue
            o_key = ctx.actor_at(o)
            if p == "to" and fr.target and self._is_place(o) and o_key and \
                    ctx.actors[o_key].type == "location":
                loc.extend(self.place_of(doc[o]))  # "invited Hamas leaders to Moscow": where, not whom
                continue
            if lm[o] in lex.nouns and o in self.cues and o not in fr.tokens:
                # another event told in this one's phrase ("agreed to a truce with Israel"): its parties
                fr.target += self._event_noun_agents(o, loc, as_target=True)
                fr.target += [k for c in kids(o)
                              if dep[c] == "prep" and lm[c] in ("with", "against", "on")
                              for x in kids(c) if dep[x] == "pobj" for k in self.np_actors_at(x, loc)]
                continue
            fr.target += self.np_actors_at(o, loc)

    def _conjuncts(self, o: Token) -> list[list[str]]:
        parts = [o] + [c for c in o.conjuncts if c.i > o.i]
        out = []
        for part in parts:
            keys = self.np_actors(part, [], skip={c.i for c in part.conjuncts})
            if keys:
                out.append(keys)
        return out

    def _event_noun_agents(self, noun: int, loc: list[str], as_target: bool = False) -> list[str]:
        """Who acts in an event noun (a token index): possessor and modifiers ("a US drone strike",
        "Hamas's attack"), or the first side of "between X and Y"."""
        tt = self.tt
        doc, dep, lm, kids = tt.doc, tt.dep, self.lm, tt.children
        out: list[str] = []
        for c in kids(noun):
            d = dep[c]
            if d in ("poss", "compound", "amod", "nmod", "nummod"):
                out += self.np_actors_at(c, loc)
            elif d != "prep":
                continue
            elif lm[c] == "between":
                for o in kids(c):
                    if dep[o] == "pobj":
                        sides = self._conjuncts(doc[o])
                        for s in sides[: (None if as_target else 1)]:
                            out += s
            elif lm[c] == "by":
                for o in kids(c):
                    if dep[o] == "pobj":
                        out += self.np_actors_at(o, loc)
            elif lm[c] in self.lex.sets["place_preps"]:
                for o in kids(c):
                    if dep[o] == "pobj" and self._is_place(o):
                        loc.extend(self.place_of(doc[o]))
        return out

    def _nominal_sides(self, fr: Frame, noun: int, loc: list[str]) -> None:
        tt = self.tt
        doc, dep, tag, lm, kids = tt.doc, tt.dep, tt.tag, self.lm, tt.children
        fr.source += self._event_noun_agents(noun, loc)
        for c in kids(noun):
            d = dep[c]
            if d == "prep" and lm[c] != "between":
                self._prep_side(fr, c, loc)
            elif d == "prep" and lm[c] == "between":
                for o in kids(c):
                    if dep[o] == "pobj":
                        for side in self._conjuncts(doc[o])[1:]:
                            fr.target += side
            elif d == "acl" and tag[c] == "VBN" and lm[c] in self.lex.sets["light_verbs"]:
                # "attacks carried out by X" (not "the war sparked by X": a cause is not an agent)
                for a in kids(c):
                    if dep[a] == "agent":
                        fr.source += self._side_at([o for o in kids(a) if dep[o] == "pobj"], loc)
