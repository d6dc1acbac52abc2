"""Made posts: real objects presented by sellers or sought by buyers, protected or lawful as they are."""

from __future__ import annotations

from collections import Counter

import yaml

from training.positives import FRAMES_PATH, Positives
from training.realdata import Record

LANGUAGES = ("de", "en", "es", "fr", "id", "pl", "pt", "sv", "th", "vi", "zh")


def test_every_language_has_seller_and_buyer_frames_that_format() -> None:
    frames = yaml.safe_load(FRAMES_PATH.read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        for key in (lang, f"{lang}_seek"):
            assert len(frames[key]) >= 5, key
            for frame in frames[key]:
                assert "{item}" in frame, (key, frame)
                frame.format(item="x", price="1", n=1)  # no unknown placeholder


def test_museum_objects_are_framed_and_sought_keeping_their_label_and_split() -> None:
    positives = Positives(seed=1)
    ivory = [
        Record("walters_museum", f"m{i}", f"Carved ivory plaque {i}. Ivory.", "en", "museum", "benign",
               {"title": f"Carved ivory plaque {i}", "medium": "ivory"})
        for i in range(200)
    ]  # fmt: skip
    made = []
    for record in ivory:
        mine = positives.framed(record)
        assert mine and all(m.split == record.split for m in mine)
        made += mine
    hows = Counter(m.how for m in made)
    assert set(hows) == {"framed_protected", "sought_protected"}
    # a buyer asks for 30% of the titles; 40% of the records are presented with their description
    assert 0.1 < hows["sought_protected"] / len(made) < 0.3
    described = [m for m in made if ". Ivory" in m.text]
    assert 0.3 < len(described) / len(made) < 0.5
    assert all(m.how == "framed_protected" for m in described)
    assert all(m.violating == 1 for m in made)
    assert len({record.split for record in ivory}) == 3


def test_a_lawful_listing_title_sought_by_a_buyer_stays_lawful() -> None:
    positives = Positives(seed=2)
    listing = Record("craigslist_bargain", "c1", "Oak dining table. Solid, 6 chairs. $200", "en", "listing", "benign",
                     {"title": "Oak dining table"})  # fmt: skip
    lawful = [m for _ in range(100) for m in positives.framed(listing) if "Oak dining table" in m.text]
    assert {m.how for m in lawful} == {"framed_lawful", "sought_lawful"}
    assert all(m.violating == 0 for m in lawful)
