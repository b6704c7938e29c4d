"""The MinHash signature is datasketch's MinHash of the word 5-gram shingles, value for value: the
stored signatures and band keys of every existing store depend on it. ``dedup.signature`` computes it
with less per-call work (shingles cut from the encoded text, SHA-1 in one loop, permutations drawn
once); these tests hold it to the plain computation, on ASCII and on text that is not."""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pytest

from newsgraph.ingest import minhash as dedup

TEXTS = [
    "Jordanian Foreign Minister Samir Haddad met Iraqi Prime Minister Adnan Khalifa in Baghdad on Sunday "
    "to discuss electricity imports and the reopening of the border crossing at Turaibil. Khalifa said so.",
    "Café déjà vu; naïve — coöperate. Straße İstanbul ǅemal ﬁve ＦＵＬＬ width 東京 大阪 京都 名古屋 札幌 福岡",
    "x  y\n\tz ... 1,2,3 4_5 6 7 8 9 10 ß ẞ ﬆ and again x y z 1 2 3 4_5 6 7 8 9 10",
    "the same five words here " * 20,
    "one two three four",
    "one two three four five",
    "",
]


def plain_shingles(text: str, k: int = dedup.SHINGLE) -> set[bytes]:
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


def plain_signature(text: str):
    from datasketch import MinHash

    sh = plain_shingles(text)
    if len(sh) < dedup.MIN_SHINGLES:
        return None
    m = MinHash(num_perm=dedup.NUM_PERM, scheme="affine64")
    m.update_batch(list(sh))
    return np.asarray(m.hashvalues, dtype=np.uint64)


@pytest.mark.parametrize("text", TEXTS)
def test_shingles_are_the_plain_word_ngrams(text):
    assert dedup.shingles(text) == plain_shingles(text)


@pytest.mark.parametrize("text", TEXTS)
def test_signature_is_datasketchs_minhash(text):
    got, want = dedup.signature(text), plain_signature(text)
    if want is None:
        assert got is None
    else:
        assert got.dtype == np.uint64 and np.array_equal(got, want)
        assert dedup.band_keys(got) == dedup.band_keys(want)
