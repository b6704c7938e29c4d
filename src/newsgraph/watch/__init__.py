"""Watching the news: feeds polled politely, watch lists of actors, alerts on new facts.

- :mod:`.fetch`: the bounded, polite HTTP client (timeouts, size limit, redirects capped, conditional GET);
- :mod:`.feeds`: following feeds and polling them into the one ingest path;
- :mod:`.alerts`: watch lists and the diff of the knowledge base that makes alerts;
- :mod:`.webhook`: delivery of alerts to a webhook, retried, off the ingest path;
- :mod:`.atom`: alerts as an Atom feed;
- :mod:`.loop`: the ``watch`` loop and its clean stop.
"""
