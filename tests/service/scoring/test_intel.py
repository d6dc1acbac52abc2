import os
from pathlib import Path

import pytest

from service.errors import IntelListError
from service.scoring.intel import IntelWatcher, load_intel, parse_intel
from service.textnorm.normalizer import normalize


def test_terms_match_on_word_boundaries_after_normalisation() -> None:
    intel = parse_intel(
        {"version": "1", "terms": {"en": ["white plastic"], "zh": [{"term": "白货", "category": "ivory"}]}},
        "t",
    )
    assert [m.term for m in intel.match(normalize("W H I T E plastic bangles"))] == ["white plastic"]
    assert intel.match(normalize("whiteplastic")) == [] and intel.match(normalize("white plasticine")) == []
    assert [(m.term, m.category) for m in intel.match(normalize("白货到了 私聊"))] == [("白货", "ivory")]


def test_overlapping_terms_are_all_found_longest_first() -> None:
    intel = parse_intel(
        {"version": "1", "terms": {"en": ["white", "white gold", "gold", "old white gold"]}}, "t"
    )
    found = intel.match(normalize("got old white gold and more white gold, also gold"))
    assert [m.term for m in found] == ["old white gold", "white gold", "white", "gold"]
    assert intel.match(normalize("goldwhite golden")) == []


@pytest.mark.parametrize(
    "document", [None, {"terms": []}, {"terms": {"en": "x"}}, {"terms": {"en": [{"term": ""}]}}]
)
def test_a_malformed_list_is_refused_with_where(document: object) -> None:
    with pytest.raises(IntelListError, match=r"test\.yaml"):
        parse_intel(document, "test.yaml")


def test_the_shipped_list_loads() -> None:
    intel = load_intel(Path(__file__).resolve().parents[3] / "models" / "intel" / "wildlife-codewords.yaml")
    assert intel.size > 40 and intel.version


def test_edits_are_picked_up_without_restart_and_a_broken_edit_keeps_the_previous_list(
    tmp_path: Path,
) -> None:
    path = tmp_path / "intel.yaml"
    path.write_text('version: "1"\nterms: {en: [white plastic]}\n')
    reloads: list[tuple[object, object]] = []
    watcher = IntelWatcher(
        path, check_every_seconds=0, on_reload=lambda fresh, error: reloads.append((fresh, error))
    )
    assert watcher.current().version == "1"

    path.write_text('version: "2"\nterms: {en: [white plastic, yellow materials]}\n')
    os.utime(path, ns=(1, 10**18))
    assert watcher.current().version == "2"
    assert [m.term for m in watcher.current().match("yellow materials")] == ["yellow materials"]

    path.write_text("version: [broken\n")
    os.utime(path, ns=(1, 2 * 10**18))
    assert watcher.current().version == "2"
    assert isinstance(reloads[-1][1], IntelListError) and reloads[0][1] is None
