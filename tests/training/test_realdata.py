"""Real records: their factor labels, their split, and clear errors for broken data files."""

from collections import Counter
from pathlib import Path

import pytest

from training.dataset import capped
from training.realdata import DataError, Record, load_records


def record(kind: str, label: str = "benign", **meta: str) -> Record:
    return Record("src", "1", "text", "en", kind, label, dict(meta))


@pytest.mark.parametrize(
    ("rec", "product", "offer"),
    [
        (record("listing"), 0, 1),
        (record("auction_lot", "violating"), 1, 1),
        (record("social"), 0, 0),
        (record("news"), 1, 0),  # news about protected wildlife names the product, offers nothing
        (record("news", sense="idiom"), 0, 0),  # "ivory tower"
        (record("museum", medium="Carved elephant ivory"), 1, 0),
        (record("museum", medium="Bronze"), 0, 0),
        (record("listing", "unknown"), None, 1),
        # social text that sells in passing is neither a listing nor a post that offers nothing
        (record("social", sms_class="spam"), 0, None),
        (record("social", sms_class="ham"), 0, 0),
        (record("social", yt_class="spam"), 0, None),
        (Record("zh_taobao_service_chat", "1", "韵达不发的哦", "zh", "social", "benign"), 0, None),
    ],
)
def test_factor_labels_follow_the_kind_and_what_the_record_says(
    rec: Record, product: int | None, offer: int | None
) -> None:
    assert (rec.product_label, rec.offer_label) == (product, offer)


def test_a_record_keeps_its_split_whatever_else_changes() -> None:
    a = Record("src", "42", "one text", "en", "social", "benign")
    b = Record("src", "42", "another text", "de", "listing", "benign")
    assert a.split == b.split
    splits = {Record("src", str(i), "t", "en", "social", "benign").split for i in range(400)}
    assert splits == {"train", "calib", "test"}


def test_a_broken_line_is_reported_with_its_file_and_number(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "en.jsonl").write_text(
        '{"id": "1", "text": "t", "lang": "en", "kind": "social", "label": "benign"}\n{"id": 2}\n'
    )
    with pytest.raises(DataError, match=r"en\.jsonl:2: KeyError"):
        load_records(tmp_path)


def test_the_shipped_data_loads() -> None:
    records = load_records()
    assert len(records) > 100_000
    assert {r.lang for r in records} >= {"en", "zh", "vi", "th", "id", "es", "pt", "fr", "de", "pl", "sv"}


def test_a_quick_build_keeps_a_fixed_share_of_every_source_in_every_split() -> None:
    records = [Record("big", f"b{i}", f"text {i}", "en", "social", "benign") for i in range(2000)]
    records += [Record("small", f"s{i}", f"text {i}", "en", "social", "benign") for i in range(50)]
    records += [Record("big", f"v{i}", f"chữ {i}", "vi", "social", "benign") for i in range(300)]
    kept = capped(records, 200)
    counts = Counter((r.source, r.lang) for r in kept)
    assert counts == {("big", "en"): 200, ("small", "en"): 50, ("big", "vi"): 200}
    assert {r.split for r in kept if r.source == "big"} == {"train", "calib", "test"}
    assert kept == capped(list(reversed(records)), 200)[::-1], "the choice depends on the ids, not the order"
    assert [r for r in records if r in kept] == kept, "in their original order"
