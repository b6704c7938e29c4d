"""The trained weights newsgraph ships (see MODEL_CARD.md): read from the installed package, never
downloaded."""
