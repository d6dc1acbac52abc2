"""The character model's n-gram counts are exactly those of counting every substring of 1-5 characters."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.textnorm.charmodel import _DECODE_BLOCK, _END, _PAD, count_grams


def plain_count(blob: str) -> Counter[str]:
    return Counter(blob[i : i + n] for n in range(1, 6) for i in range(len(blob) - n + 1))


def blob_of(words: list[str]) -> str:
    return "".join(_PAD + word + _END for word in words)


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


def test_more_ngrams_than_one_decode_block_are_all_counted() -> None:
    rng = random.Random(7)
    words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyzåäöñéü", k=9)) for _ in range(8000)]
    counted = count_grams(blob_of(words))
    assert sum(len(gram) == 5 for gram in counted) > 2 * _DECODE_BLOCK
    assert counted == plain_count(blob_of(words))
