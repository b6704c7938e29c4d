"""Only the characters each export format allows.

The store may hold any character an older newsgraph let in (a form feed in a name, a lone
surrogate); an export must still be a file its format's readers parse:

- XML 1.0 (GraphML, GEXF) forbids C0 controls but tab, newline and carriage return, lone
  surrogates and U+FFFE/U+FFFF; C1 controls and DEL are allowed but "discouraged" and break
  tools, so they go too;
- JSON (the JSON, FtM and STIX exports) escapes controls itself, but a lone surrogate cannot be
  written as UTF-8: it becomes U+FFFD;
- CSV carries any character in a quoted field but NUL, which readers stop at; a lone carriage
  return is not quoted by Python's writer (the file's line end is ``\\n``) and would end the row
  for a reader, so it becomes a newline.
"""
from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def json_text(text: str) -> str:
    """Serialised JSON that encodes as UTF-8: lone surrogates replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def xml_text(value: str) -> str:
    """A string every XML 1.0 parser accepts."""
    return _NOT_XML.sub("", _SURROGATE.sub("\ufffd", value))


def csv_text(value):
    """A CSV field value: strings without NUL, carriage return or lone surrogates; anything else
    unchanged."""
    if isinstance(value, str):
        value = value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
        return _SURROGATE.sub("\ufffd", value)
    return value


def xml_graph(graph):
    """A copy of a networkx graph whose every string (ids, attribute names and values) is XML-safe."""
    def clean(attrs: dict) -> dict:
        return {xml_text(str(k)): xml_text(v) if isinstance(v, str) else v for k, v in attrs.items()}

    def node(n):
        return xml_text(n) if isinstance(n, str) else n

    out = graph.__class__()
    out.graph.update(clean(graph.graph))
    out.add_nodes_from((node(n), clean(d)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        out.add_edges_from((node(u), node(v), k, clean(d))
                           for u, v, k, d in graph.edges(keys=True, data=True))
    else:
        out.add_edges_from((node(u), node(v), clean(d)) for u, v, d in graph.edges(data=True))
    return out
