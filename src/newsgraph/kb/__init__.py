"""The one read side: typed read models over the store and the aggregates kept on write.

- :mod:`newsgraph.store.aggregates`: what the writer keeps up to date (prominence, edge weights, facts);
- :mod:`newsgraph.kb.models`: Actor, Fact, Evidence, Claim, Contradiction, Network (pydantic);
- :mod:`newsgraph.kb.read`: the reads the CLI, the API, the report and the exports share, with one
  :class:`~newsgraph.kb.models.FactFilter`.
"""
