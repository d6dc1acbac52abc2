"""The synthetic corpus: determinism, leakage-free splits, coverage, tactics and lexicon validation."""

from __future__ import annotations

import io
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from training.corpus import Corpus, LexiconError, build_corpus, load_lexicons
from training.corpus.check import run_check
from training.corpus.evasions import EVASIONS, auction_phrasing, hashtag_only, mixed_language
from training.corpus.lexicon import DEFAULT_LEXICON_DIR, load_valid_lexicons
from training.corpus.schema import BENIGN_REGISTERS, CATEGORIES, SPLITS, TACTICS
from training.corpus.splits import assign_group, assign_splits, slot_groups

EN = DEFAULT_LEXICON_DIR / "en.yaml"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _relabel(raw: object, lang: str) -> object:
    """A copy of a lexicon tree with every `en-` id moved to another language code."""
    if isinstance(raw, dict):
        return {k: (f"{lang}-{v[3:]}" if k == "id" else _relabel(v, lang)) for k, v in raw.items()}
    if isinstance(raw, list):
        return [_relabel(v, lang) for v in raw]
    return raw


@pytest.fixture(scope="module")
def two_lang_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """en plus a relabelled copy ("xx"): a second language without depending on files in progress."""
    root = tmp_path_factory.mktemp("lexicons")
    raw = yaml.safe_load(EN.read_text(encoding="utf-8"))
    (root / "en.yaml").write_text(EN.read_text(encoding="utf-8"), encoding="utf-8")
    other = _relabel(raw, "xx")
    assert isinstance(other, dict)
    other["lang"] = "xx"
    (root / "xx.yaml").write_text(yaml.safe_dump(other, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def corpus(two_lang_dir: Path) -> Corpus:
    return build_corpus(seed=7, per_language=1500, lexicon_dir=two_lang_dir)


@pytest.fixture(scope="module")
def real_corpus() -> Corpus:
    """Every lexicon file that currently validates (other languages may still be in progress)."""
    return build_corpus(seed=11, per_language=500)


def test_same_seed_gives_byte_identical_output(tmp_path: Path, two_lang_dir: Path) -> None:
    first = build_corpus(seed=3, per_language=300, lexicon_dir=two_lang_dir)
    second = build_corpus(seed=3, per_language=300, lexicon_dir=two_lang_dir)
    first.write_jsonl(tmp_path / "a.jsonl")
    second.write_jsonl(tmp_path / "b.jsonl")
    assert first.content_hash == second.content_hash
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_different_seed_gives_different_corpus(two_lang_dir: Path) -> None:
    one = build_corpus(seed=3, per_language=300, lexicon_dir=two_lang_dir)
    other = build_corpus(seed=4, per_language=300, lexicon_dir=two_lang_dir)
    assert one.content_hash != other.content_hash


def _assignment(lexicon_dir: Path | None, seed: int) -> tuple[dict[str, str], dict[str, str]]:
    """Split of every family id, and the held-out group each family id belongs to."""
    split: dict[str, str] = {}
    group: dict[str, str] = {}
    for lang, lex in load_valid_lexicons(lexicon_dir)[0].items():
        split.update(assign_splits(lex, seed))
        for key, ids in slot_groups(lex).items():
            group.update(dict.fromkeys(ids, f"{lang}:{key}"))
    return split, group


def test_train_never_sees_held_out_families(corpus: Corpus, two_lang_dir: Path) -> None:
    split, _ = _assignment(two_lang_dir, corpus.seed)
    held_out = {fid for fid, name in split.items() if name != "train"}
    assert held_out, "the split must hold out some families"
    for example in corpus.split("train"):
        used = {example.template_family, *example.vocab_families}
        assert not used & held_out, (example, used & held_out)


def test_val_and_test_use_their_own_families(corpus: Corpus, two_lang_dir: Path) -> None:
    split, group = _assignment(two_lang_dir, corpus.seed)
    groups_with = defaultdict(set)
    for fid, name in split.items():
        groups_with[group[fid]].add(name)
    for name in ("val", "test"):
        examples = corpus.split(name)
        assert examples
        for example in examples:
            assert split[example.template_family] == name, example
            for fid in example.vocab_families:
                assert split[fid] in (name, "train"), (example, fid)
                # A train-family form is allowed only where its slot has no family of this split.
                if split[fid] == "train":
                    assert name not in groups_with[group[fid]], (example, fid)


def test_no_template_family_is_shared_across_splits(corpus: Corpus) -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for example in corpus.examples:
        seen[example.template_family].add(example.split)
    shared = {fid: names for fid, names in seen.items() if len(names) > 1}
    assert not shared


def test_split_assignment_is_stable_when_a_family_is_added() -> None:
    ids = [f"en-fam-{i}" for i in range(12)]
    before = assign_group(ids, 5, want_val=True)
    after = assign_group([*ids, "en-fam-new"], 5, want_val=True)
    moved = [fid for fid in ids if before[fid] != after[fid]]
    assert len(moved) <= 1
    assert assign_group(["en-only"], 5, want_val=True) == {"en-only": "train"}
    for n in range(2, 8):
        small = assign_group([f"en-s{n}-{i}" for i in range(n)], 5, want_val=True)
        assert "train" in small.values() and "test" in small.values()


def test_every_tactic_is_used_on_both_labels(corpus: Corpus) -> None:
    by_label: dict[int, set[str]] = defaultdict(set)
    for example in corpus.examples:
        assert set(example.tactics) <= set(TACTICS)
        by_label[example.label].update(example.tactics)
    assert by_label[1] == set(TACTICS)
    # Benign posts get the same disguises, so odd spelling alone never means "violating".
    assert set(TACTICS) - by_label[0] <= {"code_words"} or by_label[0] == set(TACTICS)


def test_balance_and_coverage(corpus: Corpus) -> None:
    share = sum(e.label for e in corpus.examples) / len(corpus.examples)
    assert 0.35 <= share <= 0.40
    for name in SPLITS:
        cells = {(e.lang, e.label, e.category) for e in corpus.split(name)}
        for lang in ("en", "xx"):
            assert {c for la, lab, c in cells if la == lang and lab == 1} == set(CATEGORIES), (name, lang)
            assert {c for la, lab, c in cells if la == lang and lab == 0} == set(BENIGN_REGISTERS), (
                name,
                lang,
            )


def test_every_present_language_has_both_labels_and_all_categories(real_corpus: Corpus) -> None:
    langs = {e.lang for e in real_corpus.examples}
    assert "en" in langs
    for lang in sorted(langs):
        examples = [e for e in real_corpus.examples if e.lang == lang]
        assert {e.label for e in examples} == {0, 1}, lang
        for name in SPLITS:
            cats = {e.category for e in examples if e.label == 1 and e.split == name}
            assert cats == set(CATEGORIES), (lang, name, sorted(set(CATEGORIES) - cats))


def test_rendered_fields_are_clean(real_corpus: Corpus) -> None:
    for example in real_corpus.examples:
        assert example.label in (0, 1)
        assert example.split in SPLITS
        for field in (example.text, example.ocr_text or "", example.transcript or "", *example.hashtags):
            assert not PLACEHOLDER.search(field), example
        assert all(tag and not tag.startswith("#") and " " not in tag for tag in example.hashtags), example
        assert example.text or example.hashtags or example.ocr_text or example.transcript, example


def test_post_lengths_are_varied(corpus: Corpus) -> None:
    lengths = sorted(len(e.text) for e in corpus.examples if e.lang == "en")
    median = lengths[len(lengths) // 2]
    assert 70 <= median <= 150
    assert sum(n <= 40 for n in lengths) > 0.05 * len(lengths)
    assert sum(n >= 180 for n in lengths) > 0.01 * len(lengths)


@pytest.mark.parametrize("name", sorted(EVASIONS))
def test_character_tactics_change_item_words(name: str) -> None:
    rng = random.Random(1)
    out = EVASIONS[name]("rhino horn bangle", rng)
    assert out != "rhino horn bangle"
    assert EVASIONS[name]("", rng) == ""


def test_post_level_tactics() -> None:
    rng = random.Random(2)
    assert hashtag_only("raw ivory, ship worldwide", rng).split() in (
        ["#rawivory", "#shipworldwide"],
        ["#shipworldwide", "#rawivory"],
    )
    assert "DM for price" in mixed_language("ngà voi giá tốt", rng, "DM for price")
    lot = auction_phrasing("carved tusk figure", rng)
    assert "carved tusk figure" in lot and re.search(r"est(\.|imate)", lot, re.IGNORECASE), lot


def _broken(tmp_path: Path, edit: str) -> Path:
    raw = yaml.safe_load(EN.read_text(encoding="utf-8"))
    if edit == "forms":
        raw["items"]["ivory"][1]["forms"] = 5
    elif edit == "placeholder":
        raw["templates"]["violating"][0]["text"] = "{item} for {prce}"
    elif edit == "register":
        raw["templates"]["benign"][0]["register"] = "classified_ad"
    elif edit == "category":
        raw["items"]["unicorn_horn"] = raw["items"]["ivory"]
    path = tmp_path / "en.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        ("forms", "items.ivory[1].forms"),
        ("placeholder", "templates.violating[0].text"),
        ("register", "templates.benign[0].register"),
        ("category", "items.unicorn_horn"),
    ],
)
def test_schema_errors_name_file_and_key(tmp_path: Path, edit: str, key: str) -> None:
    lexicon_dir = _broken(tmp_path, edit)
    with pytest.raises(LexiconError) as caught:
        load_lexicons(lexicon_dir, ["en"])
    message = str(caught.value)
    assert "en.yaml" in message and key in message, message
    with pytest.raises(LexiconError):
        build_corpus(per_language=50, languages=["en"], lexicon_dir=lexicon_dir)
    out = io.StringIO()
    assert run_check(lexicon_dir, out) == 1
    assert key in out.getvalue()


def test_missing_language_is_an_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"zz\.yaml"):
        load_lexicons(tmp_path, ["zz"])


def test_build_skips_invalid_files_when_no_language_is_requested(tmp_path: Path, two_lang_dir: Path) -> None:
    for name in ("en.yaml", "xx.yaml"):
        (tmp_path / name).write_text((two_lang_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "de.yaml").write_text("lang: de\nname: [broken\n", encoding="utf-8")
    corpus = build_corpus(per_language=100, lexicon_dir=tmp_path)
    assert {e.lang for e in corpus.examples} == {"en", "xx"}


def test_check_passes_on_the_shipped_english_lexicon() -> None:
    out = io.StringIO()
    lexicon_dir = EN.parent
    assert run_check(lexicon_dir, out) in (0, 1)  # other languages may be mid-edit
    line = next(row for row in out.getvalue().splitlines() if row.startswith("en:"))
    assert line.startswith("en: OK"), line
