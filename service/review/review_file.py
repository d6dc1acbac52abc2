"""The file `zeroview intel suggest` writes for an analyst: candidates per language, strongest
first, with the figures behind each and a few snippets of the posts that use it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from service.review.mining import Candidate

HEADER = """\
# Candidate code words from `zeroview intel suggest`: terms that confirmed-violating posts use far
# more than allowed and benign traffic does (log-odds ratio with an informative Dirichlet prior,
# Monroe et al. 2008; z above ~3 is a strong difference), per language, strongest first.
# Counts are posts: `violating` of the confirmed-violating posts use the term, `benign` of the
# benign and allowed ones. Terms already in the intelligence list or the model's product lexicon
# are left out; `overlaps_known` names the known terms a candidate contains or is part of.
#
# To accept a candidate: read its examples (is it a code word for a protected product, and
# never an ordinary word or a plain product name?), then add it under its language in the
# intelligence list (models/intel/wildlife-codewords.yaml, or ZEROVIEW_INTEL_PATH), e.g.
#     - {term: <the term>, category: <ivory|rhino_horn|pangolin_scales|big_cat_parts|...|any>}
# and bump its `version`. Running services re-read the file within ZEROVIEW_INTEL_RELOAD_SECONDS,
# without a restart; from then on a post with the term is held for review (never removed on that
# alone), and the decision's reasons and zeroview_intel_list_info{version} show the new version.
"""


def _candidate(candidate: Candidate, include_known: bool) -> dict[str, Any]:
    entry = asdict(candidate)
    entry["z"] = round(candidate.z, 2)
    if not include_known:
        del entry["known"]
    return {key: value for key, value in entry.items() if value not in ([], None) or key == "examples"}


def write_review_file(
    out: Path,
    candidates: dict[str, list[Candidate]],
    posts: dict[str, dict[str, int]],
    about: dict[str, Any],
    include_known: bool = False,
) -> None:
    """`posts`: language -> {"violating": n, "benign": n}; `about`: how the file was made."""
    document = {
        **about,
        "languages": {
            lang: {
                "violating_posts": posts[lang]["violating"],
                "benign_posts": posts[lang]["benign"],
                "candidates": [_candidate(c, include_known) for c in found],
            }
            for lang, found in candidates.items()
        },
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110)
    out.write_text(HEADER + body, encoding="utf-8")


def read_review_file(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document
