"""The exception tree. Every error a user can meet has a code and a hint.

    NewsgraphError
     ├── InputError          one document could not be read (the batch goes on)
     │    ├── EmptyInput     NG101
     │    ├── BinaryInput    NG102
     │    ├── TooLarge       NG103
     │    ├── BadFormat      NG104  (not JSON, no `text`, HTML without article text)
     │    ├── MissingPath    NG105  (also a file that vanished during the batch)
     │    ├── NotRegularFile NG106  (a FIFO, a device, a socket: never read)
     │    └── UnreadableFile NG107  (permission denied, an I/O error while reading)
     ├── StoreError          NG201  the knowledge base cannot be opened or written
     │    ├── StoreBusy      NG202  another ingest holds the write lock
     │    ├── DamagedStore   NG203  the file fails SQLite's quick_check: refused, with a way back
     │    └── NoDriver       NG204  a database URL newsgraph has no driver for (mysql://)
     ├── NotFound            NG301  an actor, document or entity that does not exist
     ├── JudgementError      NG401  a merge/split/alias decision that cannot apply
     ├── AmbiguousName       NG402  a name several actors go by, where one was needed
     ├── ConfigError         NG501  a setting that makes no sense
     ├── WatchError          NG701-NG719  feeds, fetching and alerts (see below)
     └── HTTP API            NG6xx  BadRequest NG601, Unauthorized NG602, Forbidden NG603,
                                    HTTPError NG600/NG605 (what the framework raises, in our shape),
                                    BodyTooLarge NG607, BadPath NG608 (api.security)

The CLI prints ``code: message (hint)``; the API answers with one JSON shape built from
the same fields (see :func:`newsgraph.api.app.error_body`).
"""
from __future__ import annotations


class NewsgraphError(Exception):
    code = "NG000"
    hint = ""
    status = 400  # HTTP status when the API meets it

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" + (f" ({self.hint})" if self.hint else "")


class InputError(NewsgraphError):
    code = "NG100"
    hint = "the rest of the batch goes on; nothing stored was changed"


class EmptyInput(InputError):
    code = "NG101"


class BinaryInput(InputError):
    code = "NG102"
    hint = "newsgraph reads plain text, HTML and JSON Lines"


class TooLarge(InputError):
    code = "NG103"
    hint = "raise the limit with --max-bytes or NEWSGRAPH_MAX_BYTES"


class BadFormat(InputError):
    code = "NG104"


class MissingPath(InputError):
    code = "NG105"
    hint = "check the path"


class NotRegularFile(InputError):
    code = "NG106"
    hint = "newsgraph reads regular files only; copy the data to a file first"


class UnreadableFile(InputError):
    code = "NG107"
    hint = "check the file's permissions and that it stays in place while the batch runs"


class StoreError(NewsgraphError):
    code = "NG201"
    status = 500


class StoreBusy(StoreError):
    code = "NG202"
    status = 503
    hint = "another ingest is writing; wait for it or retry"


class DamagedStore(StoreError):
    code = "NG203"
    hint = ("nothing was changed. `newsgraph --db FILE check` lists the damage; restore the last "
            "`newsgraph dump` with `newsgraph --db NEW.db load DUMP`, or recover what SQLite can with "
            "`sqlite3 FILE .recover | sqlite3 NEW.db`")


class NoDriver(StoreError):
    code = "NG204"
    hint = "newsgraph stores in SQLite (a file path) or PostgreSQL (postgresql://user@host/db)"


class NotFound(NewsgraphError):
    code = "NG301"
    status = 404


class JudgementError(NewsgraphError):
    code = "NG401"
    status = 409


class AmbiguousName(JudgementError):
    """A name that several actors go by, where one was needed: the message lists them."""
    code = "NG402"
    status = 409
    hint = "name it by its id"


class ConfigError(NewsgraphError):
    code = "NG501"


# ---------------------------------------------------------------- HTTP API
class BadRequest(NewsgraphError):
    code = "NG601"
    status = 422
    hint = "see /api/openapi.json for the parameters each endpoint takes"


class Unauthorized(NewsgraphError):
    code = "NG602"
    status = 401
    hint = "send Authorization: Bearer <token> (the token given to `newsgraph serve --token`)"


class Forbidden(NewsgraphError):
    code = "NG603"
    status = 403
    hint = "writes are off: start the server with `newsgraph serve --token TOKEN`"


class HTTPError(NewsgraphError):
    """Errors the framework raises (unknown route, wrong method, bad host), in our shape."""

    code = "NG600"

    def __init__(self, message: str, status: int, *, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.status = status
        self.code = {404: NotFound.code, 401: Unauthorized.code, 403: Forbidden.code,
                     405: "NG605"}.get(status, "NG600")


class BodyTooLarge(NewsgraphError):
    """A request body over the server's limit (refused before or while it is read)."""

    code = "NG607"
    status = 413
    hint = "raise it with NEWSGRAPH_MAX_BODY"


class BadPath(NewsgraphError):
    """A URL path with '..', a backslash, a control character or an encoded separator."""

    code = "NG608"
    status = 400
    hint = "ask for the page by its plain path"


# ---------------------------------------------------------------- watching feeds
class WatchError(NewsgraphError):
    """A feed or a page that could not be read: counted against that feed or item; the poll goes on."""

    code = "NG700"
    hint = "the poll goes on with the other feeds and items; nothing stored was changed"


class FetchFailed(WatchError):
    code = "NG701"  # down, refused, timed out, slow past the deadline


class FetchStatus(WatchError):
    code = "NG702"  # 4xx / 5xx


class RedirectLoop(WatchError):
    code = "NG703"


class FetchTooLarge(WatchError):
    code = "NG704"
    hint = "the download was stopped at the limit; raise it with --max-bytes or NEWSGRAPH_MAX_BYTES"


class NotAFeed(WatchError):
    code = "NG705"  # an HTML page or anything else that is no RSS or Atom
    hint = "give the URL of the RSS or Atom feed itself (the page's <link rel=alternate>)"


class MalformedFeed(WatchError):
    code = "NG706"


class ItemNoLink(WatchError):
    code = "NG707"


class BadFeedURL(WatchError):
    code = "NG708"
    hint = "a feed URL is http:// or https:// with a host name"


class BadDuration(WatchError):
    code = "NG709"
    hint = "write it as 90s, 15m, 2h or 1d"


class WebhookFailed(WatchError):
    code = "NG710"
    hint = "delivery is retried with backoff at the next poll; ingest is never held up"


class WatchRuleError(WatchError):
    code = "NG711"
    hint = "source kinds are reporter, named, anonymous; hedged is any, only or no"
