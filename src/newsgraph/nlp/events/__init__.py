"""Events: PLOVER-coded, with CAMEO roots, source and target from the dependency parse.

The lexicon (``data/events.yaml``) maps verb lemmas, noun lemmas and multiword phrases to a PLOVER
type. For each cue in a sentence a *frame* is built:

- verbs: subject = source (object-control, ``xcomp``, ``conj`` and participle chains climbed to find it),
  objects and target prepositions = targets; passives swap the sides, and a passive without a ``by``
  agent takes its source from an event noun it names ("killed in a US drone strike": the US);
- a meeting that is the setting of a clause ("At a summit hosted by X, they agreed"): X meets the
  clause's subject;
- event nouns: under a light verb ("held talks", "claimed responsibility for the attacks", "is locked in
  an escalation with") the light verb's subject acts; on their own ("Hamas's attack on Israel") the
  possessor / modifier acts and "on/against/with X" is the target; "between X and Y" gives both sides;
- modality: an act only planned ("plans to strike", "will support", "ready to deal blows") becomes
  THREATEN when hostile, AGREE when cooperative, REJECT when negated ("would not meet"); a cue governed
  by another cue ("threatened to shell", "refused to meet", "urged X to support") yields to it; a denied
  act is not reported as done; "X said Y must do Z" is X's REQUEST to Y; an infinitive under a negated
  predicate is ruled out ("it is not the time to hold talks": REJECT); a capability in a relative clause
  ("bases from which they can strike") and a warning that names no act are no events;
- actors: local actor keys of the tokens; a nationality plural or "the visitors / attendees" stands for
  a list of people the article gave; a nationality adjective stands for its state when the article names
  it ("Israeli communities" -> Israel, "Saudi" -> Saudi Arabia); "the government" alone stands for the
  state whose government the article named last;
- place: "in Tehran", "near Baghdad's international airport" -> the location actor; time: the event's own
  date phrase, else the sentence's.
Only frames with at least one actor on a side are kept (an attack whose attacker the text names only by
a common noun keeps an empty source).

The lexicon is derived from PETRARCH-2's CAMEO verb dictionary (scripts/build_event_lexicon.py ->
``data/events_dictionary.yaml``) with the hand-written ``data/events.yaml`` on top; a dictionary phrasal
verb ("call off", "crack down") stays a cue though its head frames other acts. Where each entry comes
from, and why a hand entry is kept: ``scripts/event_lexicon_report.py``.

The package: ``lexicon`` (the CAMEO-derived and hand-written cue lists), ``cues`` (where a sentence
names an event), ``sides`` (who acts, upon whom), ``frames`` (one candidate per cue), ``time`` (the
event's own time), ``stage`` (``run``).
"""
from __future__ import annotations

from .cues import CueTokens
from .frames import Frame, SentenceEvents
from .lexicon import Cue, Lexicon, lemma_of, lexicon, token_lemmas
from .sides import Resolver
from .stage import cameo_root, run

__all__ = ["Cue", "CueTokens", "Frame", "Lexicon", "Resolver", "SentenceEvents", "cameo_root", "lemma_of",
           "lexicon", "run", "token_lemmas"]
