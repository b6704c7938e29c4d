"""Frames: one event candidate per cue, its type from the cue and its modality, its sides from
the side readers."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..context import ArticleContext
from .cues import CueFinding, CueTokens, Frame
from .lexicon import MEET_VERBS, OBJ, WH, Cue, Lexicon, _dedupe
from .sides import Resolver, SideReading


class SentenceEvents(CueFinding, SideReading):
    def __init__(self, ctx: ArticleContext, lex: Lexicon, res: Resolver, i: int, sent: SpacySpan,
                 prev_speakers: list[str], keys: dict[int, list[str] | None] | None = None):
        self.ctx, self.lex, self.res, self.i, self.sent = ctx, lex, res, i, sent
        self.tt, self.lm = res.tt, res.lm
        self.prev_speakers = prev_speakers
        self.cues: dict[int, tuple[Cue, set[int]]] = {}  # trigger token index -> cue, tokens
        # np_actors of this sentence by (head, skip): frames and _speakers ask about the same phrases again,
        # and the answer depends on nothing that changes within the sentence (not the cues); prev_speakers is
        # fixed for the sentence
        self._np_memo: dict[tuple[int, frozenset[int] | None], tuple[list[str], list[str]]] = {}
        self._np_busy: set[tuple[int, frozenset[int] | None]] = set()
        # keys_at by token, for the whole article (passed in by run): the actors are settled by now
        self._keys = keys if keys is not None else {}

    def frames(self) -> list[Frame]:
        self.find_cues()
        obligations = self.obligation_requests()
        out = []
        for ti, (cue, toks) in sorted(self.cues.items()):
            trig = self.sent.doc[ti]
            fr = self.frame(cue, trig, toks)
            if fr is not None:
                out.append(fr)
        out = [f for f in out if f.trigger.i in self.cues]  # cues absorbed by another ("agreed to meet")
        out += self._charges(out)
        out += obligations
        return out

    def _charges(self, frames: list[Frame]) -> list[Frame]:
        """"jailed 52 members on charges of treason": the arrest also accuses them."""
        extra = []
        acc = Cue("ACCUSE", "11")
        for fr in frames:
            if fr.type != "COERCE" or not fr.target:
                continue
            for c in fr.anchor.children:
                if c.dep_ == "prep" and self.lemma(c) in ("on", "over", "for"):
                    for o in c.children:
                        if o.dep_ == "pobj" and self.lemma(o) in ("charge", "allegation", "accusation",
                                                                  "suspicion"):
                            extra.append(Frame(cue=acc, trigger=o, anchor=fr.anchor, tokens={o.i},
                                               type="ACCUSE",
                                               source=list(fr.source), target=list(fr.target),
                                               location=fr.location))
        return extra

    def frame(self, cue: Cue, trig: Token, toks: set[int]) -> Frame | None:
        lex = self.lex
        # the checks read the token table by index; Tokens are made for the frame and the rarer paths
        tt = self.tt
        doc, head, dep, pos, tag, low = tt.doc, tt.head, tt.dep, tt.pos, tt.tag, tt.lower
        lm, kids = self.lm, tt.children
        cues = self.cues
        ti = trig.i
        anchor = trig
        p = pos[ti]
        nominal = p in ("NOUN", "PROPN") or (p != "VERB" and p != "AUX" and p != "ADJ")
        light = None  # the light verb's index
        if nominal and cue.type == "CONSULT" and dep[ti] == "pobj" and lm[head[ti]] in ("at", "during"):
            return self._meeting_setting(cue, ti, toks)
        if nominal and dep[ti] == "pobj" and lm[head[ti]] in ("under", "at", "upon"):
            return self._reversed_nominal(cue, trig, toks)
        if nominal and dep[ti] in ("compound", "amod") and len(toks) == 1 and pos[head[ti]] == "NOUN":
            return None  # a modifier of a common noun: "ordered the opposition newspaper to ..."
        if nominal:
            light = self._light_verb(ti)
            if light is not None and lm[light] in ("have", "own") and cue.type == "AID":
                return None  # "had $12M of unspent donations": aid held is a possession, not a transfer
            if light is not None:
                anchor = doc[light]
            else:
                if self._governing_cue(ti) is not None:
                    return None  # content of another cue ("demanded the withdrawal")
                if dep[ti] in ("compound", "amod", "nmod") and len(toks) == 1:
                    return None  # a modifier: "the opposition newspaper"
                if dep[ti] == "pobj" and dep[head[ti]] == "prep" and any(
                        dep[c] in OBJ and c in cues for c in kids(head[head[ti]])):
                    return None  # "renewed negotiations on a troop pullback": the topic of another event
        fr = Frame(cue=cue, trigger=trig, anchor=anchor, tokens=toks, type=cue.type)
        loc: list[str] = []

        # governed by another cue, or planned
        intent, neg = False, False
        if not nominal or light is not None:
            v = anchor.i
            vkids = kids(v)
            neg = self._negated(v)
            intent = self._has_modal(v) or self._planned(v)
            h, c = head[v], v
            owner = self._cue_owning(h)
            if dep[c] in ("ccomp", "acl", "pcomp") and owner is not None and \
                    cues[owner][0].type in ("REQUEST", "REJECT", "THREATEN", "AGREE", "ACCUSE"):
                # content: "demanded that Israel ease", "a request to interrogate", "accused X of attacking"
                return None
            if dep[c] in ("pcomp",) and dep[h] == "prep" and head[h] in cues:
                return None
            while dep[c] in ("xcomp", "acomp", "conj") and h != c:
                hl = lm[h]
                if dep[c] == "conj" and (pos[h] != "VERB" or dep[h] != "xcomp"):
                    break  # "refused to let planes land and evacuate": coordinated infinitives share the head
                if dep[c] == "xcomp" or dep[c] == "acomp":
                    if h in cues and hl not in lex.sets["transparent_heads"]:
                        if hl == "agree" and cue.type == "CONSULT":
                            cues.pop(h)  # "agreed to meet": the meeting
                        else:
                            return None  # "threatened to strike", "allowed them to return": the head's act
                    if hl in lex.sets["doubt_heads"]:
                        return None  # "unlikely to enter the war": nothing happened
                    if hl in lex.sets["refusal_heads"]:
                        intent, neg = True, True
                    if hl in lex.sets["intent_heads"]:
                        intent = True
                    if hl in ("deny",):
                        return None
                    neg = neg or self._negated(h)
                    intent = intent or self._has_modal(h)
                if dep[c] == "conj":
                    break
                c, h = h, head[h]
            vd = dep[v]
            if not neg and self._negated_setting(v):
                intent, neg = True, True  # "it is not the time to hold talks": a refusal to talk
            # "denied that it attacked", "refused ... that": content of a rejection is not an event
            if vd == "ccomp" and lm[head[v]] in ("deny", "reject", "dismiss"):
                return None
            if vd == "amod" or (vd == "acl" and tag[v] == "VBN" and
                                not any(dep[x] == "agent" for x in vkids)):
                return None  # "Syrian-backed forces", "a letter handed over to the UN": a description
            if vd in ("advcl", "acl") and cue.type == "REQUEST" and self._protest_head(head[v]):
                return None  # a protest's demand is the protest
            tkids = kids(ti)
            xcomps = any(dep[x] == "xcomp" for x in tkids)
            if xcomps and lm[ti] in lex.sets["transparent_heads"] | lex.sets["intent_heads"]:
                return None  # "sought to acknowledge": the embedded verb is the act
            if xcomps and not nominal and any(dep[x] == "auxpass" for x in tkids) \
                    and lm[ti] not in lex.sets["object_control"]:
                return None  # "are alleged to", "is said to": hedging, not an act
            if vd == "advcl" and any(dep[x] == "aux" and low[x] == "to" for x in vkids) and \
                    self._clause_has_cue(head[v], v):
                return None  # purpose: "staged demonstrations to demand reforms" is the protest
            if any(dep[x] == "mark" and low[x] in ("if", "unless", "whether") for x in vkids):
                return None  # hypothetical: "if it is attacked"
            if vd == "relcl" and any(dep[x] == "aux" and low[x] in _ABILITY for x in vkids):
                return None  # a capability describing a noun: "havens to which they can retreat"
            if lm[v] == "ask" and any(c.dep_ == "ccomp" and any(x.lower_ in WH for x in c.subtree)
                                      for c in anchor.children) \
                    and not any(dep[x] == "xcomp" for x in vkids):
                return None  # a question, not a request

        # "Lebanon received aid from France": the giver acts on the receiver
        receive = ("receive", "get", "obtain", "accept", "win")
        if not nominal and light is None and self.lemma(trig) in receive:
            gift = [c for c in trig.children if c.dep_ == "dobj" and self.lemma(c) in lex.nouns
                    and lex.nouns[self.lemma(c)].type in ("AID", "SUPPORT")]
            if gift:
                gcue = lex.nouns[self.lemma(gift[0])]
                self.cues.pop(gift[0].i, None)
                givers = [k for c in (*trig.children, *gift[0].children)
                          if c.dep_ == "prep" and self.lemma(c) == "from"
                          for o in c.children if o.dep_ == "pobj" for k in self.np_actors(o, loc)]
                recv, _ = self.subject_of(ti, loc)
                if not givers and not recv:
                    return None
                fr = Frame(cue=gcue, trigger=trig, anchor=trig, tokens=toks | {gift[0].i}, type=gcue.type,
                           source=_dedupe(givers), target=[k for k in _dedupe(recv) if k not in givers])
                return fr if fr.source else None

        # sides
        if nominal and light is None:
            neg = any(dep[c] == "det" and low[c] == "no" for c in kids(ti))  # "no Israeli attack"
            self._nominal_sides(fr, ti, loc)
            if not fr.source and cue.type == "PROTEST":
                # "demonstrations erupted in Tehran": the protesters of that place
                places = list(loc)
                if trig.dep_ in ("nsubj", "nsubjpass"):
                    for prep in trig.head.children:
                        if prep.dep_ == "prep" and self.lemma(prep) in lex.sets["place_preps"]:
                            places += [k for o in prep.children if o.dep_ == "pobj" for k in self.place_of(o)]
                fr.source = places[:1]
            if not fr.source:
                return None
        else:
            passive = self._verbal_sides(fr, anchor.i, ti, loc, light is not None)
            if fr.type in ("CONSULT", "MOBILIZE") and self._protesters_act(anchor.i):
                fr.type = "PROTEST"  # "protesters gathered / marched / rallied"
                fr.cue = Cue("PROTEST", "14", cue.preps)
            if not fr.source and not passive and fr.type == "PROTEST" and loc:
                fr.source = loc[:1]  # "people blocked streets in Hong Kong": protesters of that place
            if not fr.source and not passive and not (
                    fr.target and fr.type in lex.sets["hostile"] and
                    any(dep[c] == "nsubj" and pos[c] == "NOUN" for c in kids(anchor.i))):
                # an act with nobody acting is too weak to keep; but "planes targeted Hodeida",
                # "gunmen attacked X": the attacker is named by a common noun only, an implicit side
                return None

        if cue.type == "THREATEN" and not nominal and lm[ti] in lex.sets["speech_verbs"] and \
                not fr.target and self._states_only(ti):
            return None  # "warned that the threat of attacks remained high": a statement, not a threat
        # "vowed to support", "pledged to help": a promise; "vowed to strike": a threat
        if cue.type == "THREATEN" and self.lemma(trig) in ("vow", "pledge", "swear") and not nominal:
            emb = [c for c in trig.children if c.dep_ == "xcomp" and c.i in self.cues]
            if emb and self.cues[emb[0].i][0].type in lex.sets["cooperative"]:
                fr.type = "AGREE"
        # type from modality
        if intent:
            if neg:
                fr.type = "REJECT"
            elif cue.type in lex.sets["hostile"]:
                fr.type = "THREATEN"
            elif cue.type in lex.sets["cooperative"]:
                fr.type = "AGREE"
        elif neg:
            if cue.type == "AGREE":
                fr.type = "REJECT"
            else:
                fr.negated = True
        if fr.type != cue.type:
            fr.cue = Cue(fr.type, _CAMEO_OF.get(fr.type, cue.cameo), cue.preps)

        fr.source = _dedupe(fr.source)
        fr.target = [k for k in _dedupe(fr.target) if k not in fr.source]
        if fr.type == "CONSULT" and nominal and light is not None:
            # "held a session which gathered all Arab visitors"; "those in attendance, including X, Y"
            fr.target += [k for k in self._attendees(trig, loc) if k not in fr.source and k not in fr.target]
        reciprocal = fr.type in ("CONSULT", "COOPERATE") or \
            self.lemma(fr.trigger) in lex.sets.get("reciprocal", ())
        if reciprocal and not fr.target:
            # "Jordan and Britain held talks", "the army and the RSF clashed": one side with the other
            parts = self._subject_parts(anchor)
            if len(parts) >= 2:
                fr.source = parts[0]
                fr.target = [k for p in parts[1:] for k in p if k not in parts[0]]
            elif fr.type in ("CONSULT", "COOPERATE"):
                return None  # a meeting needs two parties
        if fr.type == "CONSULT" and len(fr.source) > 1 and len(self._principals(fr.target)) == 1 and \
                self.lemma(fr.trigger) in MEET_VERBS and not self._has_object(anchor):
            # a meeting is mutual; visitors who "met with" one leader were received by him: the single
            # host is the source, as in "X received / hosted the visitors"
            fr.source, fr.target = fr.target, fr.source
        if loc and not fr.location:
            cand = [k for k in loc if k not in fr.target and k not in fr.source]
            fr.location = cand[0] if cand else None
        if not fr.source and not fr.target:
            return None
        return fr

    def _meeting_setting(self, cue: Cue, noun: int, toks: set[int]) -> Frame | None:
        """"At a summit hosted by X, they agreed ...": the meeting is the setting of the clause; its host
        (the agent of "hosted / chaired / convened by") meets the clause's subject. Without a host, the
        subject's parts meet one another ("at talks in Doha, Israel and Hamas agreed")."""
        tt = self.tt
        dep, head, pos, tag, kids = tt.dep, tt.head, tt.pos, tt.tag, tt.children
        v = head[head[noun]]
        if pos[v] not in ("VERB", "AUX"):
            return None
        loc: list[str] = []
        host = [o for c in kids(noun) if dep[c] == "acl" and tag[c] == "VBN"
                for a in kids(c) if dep[a] == "agent" for o in kids(a) if dep[o] == "pobj"]
        source = _dedupe(self._side_at(host, loc))
        if source:
            target = [k for k in _dedupe(self.subject_of(v, loc)[0]) if k not in source]
        else:
            parts = self._subject_parts(self.sent.doc[v])
            if len(parts) < 2:
                return None
            source = parts[0]
            target = [k for p in parts[1:] for k in p if k not in source]
        if not target:
            return None
        trig = self.sent.doc[noun]
        fr = Frame(cue=cue, trigger=trig, anchor=trig, tokens=toks, type=cue.type, source=source,
                   target=target)
        fr.location = next((k for k in loc if k not in source and k not in target), None)
        return fr

    def _negated_setting(self, v: int) -> bool:
        """An infinitive that tells what a noun is for ("the time (for X) to hold talks"), under a negated
        predicate ("it is not the time to hold talks", "it is not considered opportune at this level to
        conduct talks"): the act is ruled out."""
        tt = self.tt
        dep, head, low, kids = tt.dep, tt.head, tt.lower, tt.children
        if dep[v] not in ("relcl", "acl") or not any(dep[c] == "aux" and low[c] == "to" for c in kids(v)):
            return False
        h = head[v]
        for _ in range(6):
            if self._negated(h):
                return True
            if dep[h] not in ("pobj", "prep", "attr", "oprd", "acomp", "dobj", "npadvmod") or head[h] == h:
                return False
            h = head[h]
        return False

    def _states_only(self, v: int) -> bool:
        """A reporting verb whose only content is a clause that names no act by a verb ("warned that the
        threat of attacks remained high"), and nobody addressed."""
        tt = self.tt
        dep, kids = tt.dep, tt.children
        content = [c for c in kids(v) if dep[c] == "ccomp"]
        if not content or any(dep[c] in OBJ or dep[c] == "prep" for c in kids(v)):
            return False
        stack = list(content)
        while stack:
            x = stack.pop()
            if x in self.cues and tt.pos[x] == "VERB":  # an act named by a verb: "that it would strike"
                return False
            stack += kids(x)
        return True

    def _reversed_nominal(self, cue: Cue, noun: Token, toks: set[int]) -> Frame | None:
        """"(did X) under pressure from Y", "at the request of Y": Y acts on the clause's subject."""
        loc: list[str] = []
        src = [k for c in noun.children if c.dep_ == "prep" and self.lemma(c) in ("from", "of", "by")
               for o in c.children if o.dep_ == "pobj" for k in self.np_actors(o, loc)]
        v = noun.head.head
        if not src or v.pos_ not in ("VERB", "AUX"):
            return None
        tgt, _ = self.subject_of(v.i, loc)
        fr = Frame(cue=cue, trigger=noun, anchor=v, tokens=toks, type=cue.type, source=_dedupe(src),
                   target=[k for k in _dedupe(tgt) if k not in src])
        return fr

    def obligation_requests(self) -> list[Frame]:
        out = []
        req = Cue("REQUEST", "10")
        ct = CueTokens.of(self.ctx, self.lex)
        for j in ct.between(ct.obligations, self.sent.start, self.sent.end):
            t = self.sent.doc[j]
            v = t.head
            if v.dep_ != "ccomp" or self.lemma(v.head) not in self.lex.sets["speech_verbs"]:
                continue
            sp = v.head
            loc: list[str] = []
            src = self._side([c for c in sp.children if c.dep_ == "nsubj"], loc)
            if not src and sp.dep_ in ("advcl", "conj"):
                # "X condemned the strike and said Y should ...", "X accused Y, saying it must ...": the
                # speaker is the subject of the clause the reporting verb hangs from
                src = self.subject_of(sp.i, loc)[0]
            # the one asked to act is the subject of an active clause; "Y must be punished" asks an
            # unnamed party, and Y is its patient, not the addressee
            tgt = self._side([c for c in v.children if c.dep_ == "nsubj"], loc)
            for x in v.subtree:  # what Y must do is the content of the request
                self.cues.pop(x.i, None)
            if src or tgt:
                fr = Frame(cue=req, trigger=sp, anchor=sp, tokens={sp.i, t.i}, type="REQUEST",
                           source=_dedupe(src), target=[k for k in _dedupe(tgt) if k not in src],
                           from_content=True)
                out.append(fr)
        return out


# modals of what may be, not what is: in a relative clause they describe the noun ("a base from which
# they could strike"), not an act
_ABILITY = frozenset({"can", "could", "may", "might"})

_CAMEO_OF = {"AGREE": "03", "THREATEN": "13", "REJECT": "12", "REQUEST": "10"}
