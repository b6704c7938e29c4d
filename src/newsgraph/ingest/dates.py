"""The date rules live in :mod:`newsgraph.dates` (the Article model applies them, and the model must not
import the readers); the readers' name for them is kept."""
from __future__ import annotations

from ..dates import parse_date, parse_date_precision

__all__ = ["parse_date", "parse_date_precision"]
