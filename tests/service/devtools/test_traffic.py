"""The flow `make run` uploads: shaped like a platform's uploads, not like the training corpus."""

from service.devtools.simulation.traffic import ADJACENT_SHARE, VIOLATING_SHARE, flow_posts
from training.realdata import load_records


def test_the_flow_is_mostly_real_held_out_posts_with_a_few_violating_and_wildlife_adjacent_ones() -> None:
    posts = flow_posts("r", 300, seed=7)
    held_out = {r.text for r in load_records() if r.split == "test" and r.label == "benign"}
    violating = [p for p in posts if p.violating]
    real = [p for p in posts if not p.violating and p.body.get("text") in held_out]
    assert len(posts) == 300 and len(violating) == round(300 * VIOLATING_SHARE)
    benign = 300 - len(violating)
    assert len(real) == benign - round(benign * ADJACENT_SHARE)
    assert len({p.body["post_id"] for p in posts}) == 300
    assert len({p.body["lang"] for p in real}) == 11
    assert [p.body for p in flow_posts("r", 300, seed=7)] == [p.body for p in posts]
