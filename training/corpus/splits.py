"""Assigning families (vocabulary and templates) to train / val / test.

Each family's split comes from a hash of (seed, family id), so adding a family to a lexicon moves
nothing else, except when a slot's guarantees (one train family, at least one test family, ...) need
a fix-up inside that slot.

The first family of every vocabulary slot is its core vocabulary ("ivory", "no papers": lexicon
authors list the canonical family first) and always trains: the shipped model must know the plain
words, and the held-out split measures generalisation to every other phrasing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from training.corpus.schema import Lexicon

TEST_SHARE = 0.25
VAL_SHARE = 0.125


def family_draw(seed: int, family_id: str) -> float:
    """A uniform number in [0, 1) fixed by the seed and the family id alone."""
    digest = hashlib.sha256(f"{seed}\x1f{family_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def assign_group(ids: Sequence[str], seed: int, *, want_val: bool, core: str | None = None) -> dict[str, str]:
    """Split one slot's families; the core family (and the only family of a slot) stays in train."""
    draws = {fid: family_draw(seed, fid) for fid in ids}
    if core is not None:
        draws[core] = 1.0  # drawn last: train, and never moved out by the guarantees below
    split = {
        fid: "test" if u < TEST_SHARE else "val" if u < TEST_SHARE + VAL_SHARE else "train"
        for fid, u in draws.items()
    }
    n = len(ids)
    if n == 0:
        return split

    def members(name: str) -> list[str]:
        return sorted((fid for fid in ids if split[fid] == name), key=lambda f: draws[f])

    # Cap held-out shares so a small slot is not mostly held out by chance.
    for name, cap in (("test", max(1, round(0.35 * n))), ("val", max(1, round(0.25 * n)))):
        for fid in members(name)[cap:]:
            split[fid] = "train"
    if not members("train"):
        split[max(ids, key=lambda f: draws[f])] = "train"
    if n >= 2 and not members("test") and len(members("train")) > 1:
        split[members("train")[0]] = "test"
    if want_val and n >= 3 and not members("val") and len(members("train")) > 1:
        split[members("train")[0]] = "val"
    return split


def slot_groups(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """Family ids per held-out group: vocabulary per slot/category, templates per label+register."""
    groups: dict[str, tuple[str, ...]] = {}
    for prefix, table in (
        ("items", lex.items),
        ("code_words", lex.code_words),
        ("trade", lex.trade),
        ("benign", lex.benign),
    ):
        for name in sorted(table):
            groups[f"{prefix}.{name}"] = tuple(f.id for f in table[name])
    registers = sorted({(t.label, t.register) for t in lex.templates})
    for label, register in registers:
        kind = "violating" if label else "benign"
        groups[f"templates.{kind}.{register}"] = tuple(
            t.id for t in lex.templates if t.label == label and t.register == register
        )
    return groups


def assign_splits(lex: Lexicon, seed: int) -> dict[str, str]:
    """Split of every family and template id of one lexicon."""
    out: dict[str, str] = {}
    for key, ids in slot_groups(lex).items():
        templates = key.startswith("templates.")
        core = None if templates or not ids else ids[0]
        out.update(assign_group(ids, seed, want_val=templates or len(ids) >= 4, core=core))
    return out
