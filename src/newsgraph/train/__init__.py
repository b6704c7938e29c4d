"""Training of newsgraph's learned components from the annotated corpora in ``../shared/eval``.

Nothing here runs at ingest time: ``make train`` writes the weights into ``newsgraph/nlp/models``,
which the pipeline loads from the installed package (never downloaded).
"""
