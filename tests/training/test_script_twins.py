"""Chinese training posts count in both scripts; calibration and the held-out sets stay as written."""

import itertools
from dataclasses import replace

from training.dataset import from_record, script_twins
from training.realdata import Record

TRADITIONAL = "海關查獲象牙及穿山甲鱗片，違反野生動物保育法"
SIMPLIFIED = "海关查获象牙及穿山甲鳞片，违反野生动物保育法"


def record(text: str, split: str, kind: str = "news", lang: str = "zh") -> Record:
    """A record whose id hashes into `split`."""
    for n in itertools.count():
        candidate = Record("test_source", f"r{n}", text, lang, kind, "benign")
        if candidate.split == split:
            return candidate
    raise AssertionError("unreachable")


def test_a_traditional_training_post_gets_a_simplified_twin_with_its_labels() -> None:
    original = record(TRADITIONAL, "train")
    (twin,) = script_twins([original])
    assert twin.text == SIMPLIFIED
    assert twin == replace(from_record(original), text=SIMPLIFIED)  # origin, kind, split, labels kept


def test_simplified_news_gets_a_traditional_twin_and_other_simplified_posts_none() -> None:
    news = record(SIMPLIFIED, "train")
    everyday = record("今天天气很好，我们去公园散步吧", "train", kind="social")
    twins = script_twins([news, everyday])
    assert [t.text for t in twins] == [TRADITIONAL]


def test_calibration_and_held_out_posts_and_other_languages_get_no_twin() -> None:
    assert script_twins([record(TRADITIONAL, "calib"), record(TRADITIONAL, "test")]) == []
    assert script_twins([record("Ivory seized at the port", "train", lang="en")]) == []
