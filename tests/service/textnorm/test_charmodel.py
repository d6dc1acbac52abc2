"""The character model's n-gram counts are exactly those of counting every substring of 1-5 characters."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.textnorm.charmodel import _END, _PAD, GramCounts


def plain_count(blob: str) -> Counter[str]:
    return Counter(blob[i : i + n] for n in range(1, 6) for i in range(len(blob) - n + 1))


def blob_of(words: list[str]) -> str:
    return "".join(_PAD + word + _END for word in words)


def count_grams(blob: str) -> Counter[str]:
    """Every n-gram the packed counts hold, checked against their look-ups one by one."""
    counts = GramCounts(blob)
    found = Counter(dict(counts.items()))
    assert all(counts.get(gram) == count for gram, count in found.items())
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abz ñé象牙ชช้า🐘\ud800", max_size=9), max_size=8))
def test_counts_equal_counting_every_substring(words: list[str]) -> None:
    assert count_grams(blob_of(words)) == plain_count(blob_of(words))


@pytest.mark.parametrize("blob", ["", "a", "ab", "abcabcabc"])
def test_short_blobs(blob: str) -> None:
    assert count_grams(blob) == plain_count(blob)


def test_an_alphabet_too_large_to_pack_is_counted_the_plain_way() -> None:
    words = ["".join(chr(0x4E00 + 5 * i + j) for j in range(5)) for i in range(1000)]  # 5,000 characters
    assert count_grams(blob_of(words)) == plain_count(blob_of(words))


def test_a_vocabulary_sized_blob_is_counted_and_absent_grams_are_zero() -> None:
    rng = random.Random(7)
    words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyzåäöñéü象牙", k=9)) for _ in range(8000)]
    counts = GramCounts(blob_of(words))
    assert count_grams(blob_of(words)) == plain_count(blob_of(words))
    counted = plain_count(blob_of(words))
    absent = [g for g in ("q象", "xyz象牙", "ß", "牙象牙象牙", "zzzzz") if g not in counted]
    assert len(absent) >= 3 and [counts.get(g) for g in absent] == [0] * len(absent)
