"""Each evasion tactic of ../shared/POLICY.md, with the shipped model and its thresholds:
- a spelling game (leetspeak, masks, spaced letters, homoglyphs ...) moves the score by at most 0.1:
  the normaliser undoes it before the product lexicon is matched;
- a content tactic (code words, emoji, hashtags only, mixed languages, auction phrasing) never lets a
  post that is flagged in plain words through: code words and emoji are weaker evidence than the
  product's name by design (an analyst should see them), so they may turn a removal into a hold."""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import pytest

from service.model.artifact import load_model
from service.settings import DEFAULT_MODEL_DIR
from training.corpus.evasions import EVASIONS

TOLERANCE = 0.1
# (before, item words, after): traffickers disguise the item words, as POLICY.md shows (1v0ry, p@ngolin, t**th)
VIOLATING = [
    (
        "Raw elephant ",
        "ivory tusks",
        " for sale, 3 kg, no papers needed, serious buyers only, WhatsApp for price",
    ),
    ("", "Rhino horn", " pieces available, 100% genuine, no papers, discreet shipping worldwide, DM me"),
    ("", "Pangolin scales", " 1kg wholesale price, no papers needed, discreet packaging, inbox"),
    ("", "Tiger claws and tiger teeth", ", 100% real, no CITES, serious buyers only, PM for price"),
    ("Vendo ", "colmillos de marfil", " auténticos, sin papeles, envíos discretos, escríbeme por WhatsApp"),
    ("Bán ", "ngà voi", " nguyên khúc, hàng chuẩn, không giấy tờ, ship cod toàn quốc, ib zalo"),
    ("Sprzedam ", "róg nosorożca", ", oryginał, bez papierów, wysyłka dyskretna, pisz na priv"),
    ("Verkaufe ", "Elfenbein", " Armreif, echt, ohne Papiere, diskreter Versand, PN"),
]
SEEDS = (1, 2, 3)


@cache
def shipped() -> Any:
    return load_model(DEFAULT_MODEL_DIR)


@cache
def score(text: str) -> float:
    return float(shipped().pipeline.score_texts([text])[0][0])


def hold_at() -> float:
    return float(shipped().thresholds["hold"])


def assert_close(plain: str, evaded: str) -> None:
    assert evaded != plain
    assert score(plain) >= hold_at(), f"the plain form is not flagged ({score(plain):.3f}): {plain!r}"
    difference = abs(score(evaded) - score(plain))
    assert difference <= TOLERANCE, f"{score(plain):.3f} plain vs {score(evaded):.3f} evaded: {evaded!r}"


def assert_still_flagged(plain: str, evaded: str) -> None:
    assert evaded != plain
    assert score(plain) >= hold_at(), f"the plain form is not flagged ({score(plain):.3f}): {plain!r}"
    assert score(evaded) >= hold_at(), f"{score(plain):.3f} plain, {score(evaded):.3f} evaded: {evaded!r}"


# Spelling games, applied to the item words by the corpus generator's own evasion functions.
@pytest.mark.parametrize(
    "tactic",
    ["leetspeak", "spaced_letters", "dotted_letters", "masking", "homoglyphs", "zero_width", "diacritics"],
)
@pytest.mark.parametrize(("before", "item", "after"), VIOLATING)
def test_spelling_games(tactic: str, before: str, item: str, after: str) -> None:
    plain = before + item + after
    try:
        for seed in SEEDS:
            disguised = EVASIONS[tactic](item, random.Random(seed))
            if disguised != item:
                assert_close(plain, before + disguised + after)
    except AssertionError as miss:
        if (item, tactic) in KNOWN_MISSES:
            pytest.xfail(f"known miss of the shipped model: {miss}")
        raise
    assert (item, tactic) not in KNOWN_MISSES, "this evasion is caught now: take it off KNOWN_MISSES"


# Evasions the shipped model does not see through yet (none today). Since 2026-12-07.5 masks that
# several product words fit are read by the phrase around them ("colmillos de mar##l", "n*à v*i"),
# spaced letters that run two words together are split when a sensitive word is among them
# ("i v o r y t u s k s"), and leetspeak glued to a number reads as a sensitive word ("73eth").
KNOWN_MISSES: set[tuple[str, str]] = set()


# The same listing, plain and as traffickers phrase it (POLICY.md "How traffickers evade detection").
PAIRS = {
    "code_words": [
        (
            "Raw ivory for sale, 5 kg, no papers, WhatsApp me for price",
            "Raw white plastic for sale, 5 kg, no papers, WhatsApp me for price",
        ),
        (
            "Rhino horn for sale, genuine, no papers, DM for price",
            "Black material for sale, genuine, no papers, DM for price",
        ),
        ("Hornbill casque for sale, genuine, no papers, DM", "Red ivory for sale, genuine, no papers, DM"),
        ("Pangolin scales 1kg wholesale, no papers, inbox", "Dragon scales 1kg wholesale, no papers, inbox"),
        (
            "Elephant ivory in stock, no papers, kg price, inbox",
            "African materials in stock, no papers, kg price, inbox",
        ),
    ],
    "emoji_instead_of_words": [
        (
            "Rhino horn available, genuine, no papers, WhatsApp for price",
            "🦏 horn available, genuine, no papers, WhatsApp for price",
        ),
        ("Elephant tusks for sale, no papers, DM for price", "🐘 tusks for sale, no papers, DM for price"),
        (
            "Tiger claws and teeth, 100% real, no papers, inbox",
            "🐅 claws and teeth, 100% real, no papers, inbox",
        ),
        ("Baby parrot chicks wild caught, no papers, DM", "Baby 🦜 chicks wild caught, no papers, DM"),
    ],
    "hashtags_only": [
        (
            "Pangolin scales for sale, wholesale, no papers, DM for price",
            "#pangolinscales #forsale #wholesale #nopapers #dmforprice",
        ),
        ("Rhino horn for sale, genuine, no papers, inbox", "#rhinohorn #forsale #genuine #nopapers #inbox"),
        (
            "Ivory carving for sale, old stock, no papers, DM",
            "#ivorycarving #forsale #oldstock #nopapers #dm",
        ),
    ],
    # one phrase in another language, as mixed posts do: the item word, or a sales phrase
    "mixed_languages": [
        (
            "Bán ngà voi nguyên khúc, hàng chuẩn, không giấy tờ, ib zalo",
            "Bán ivory nguyên khúc, hàng chuẩn, không giấy tờ, ib zalo",
        ),
        (
            "Bán ngà voi nguyên khúc, hàng chuẩn, không giấy tờ, ib zalo",
            "Bán ngà voi nguyên khúc, hàng chuẩn, không giấy tờ, DM for price",
        ),
        (
            "Vendo marfil auténtico, sin papeles, envíos a todo el país, escríbeme",
            "Vendo ivory auténtico, sin papeles, envíos a todo el país, escríbeme",
        ),
        (
            "Vendo marfil auténtico, sin papeles, envíos a todo el país, escríbeme",
            "Vendo marfil auténtico, no papers, envíos a todo el país, escríbeme",
        ),
        (
            "Sprzedam róg nosorożca, oryginał, bez papierów, pisz na priv",
            "Sprzedam rhino horn, oryginał, bez papierów, pisz na priv",
        ),
    ],
    "auction_or_antique_phrasing": [
        (
            "Carved ivory okimono figure for sale, $800, DM",
            "Lot 214: 19th century carved ivory okimono figure, estimate $600-800",
        ),
        (
            "Carved rhinoceros horn libation cup for sale, $25,000, DM",
            "Lot 88: Qing dynasty carved rhinoceros horn libation cup, estimate $20,000-30,000",
        ),
        (
            "Hawksbill tortoiseshell tea caddy for sale, £400, DM",
            "Lot 31: antique Victorian hawksbill tortoiseshell tea caddy, circa 1860, estimate £300-400",
        ),
    ],
}


@pytest.mark.parametrize(
    ("tactic", "index"), [(t, i) for t, pairs in PAIRS.items() for i in range(len(pairs))]
)
def test_content_tactics(tactic: str, index: int) -> None:
    plain, evaded = PAIRS[tactic][index]
    assert_still_flagged(plain, evaded)
