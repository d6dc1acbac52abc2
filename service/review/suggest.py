"""`zeroview intel suggest`: candidate code words, per language, for an analyst to accept into the
intelligence list. Violating side: the evidence of posts whose standing label is `violating`.
Benign side: the evidence of posts labelled `benign`, and the posts the model allowed (from the
posts and decisions topics) unless a label has since called them violating."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from service.contracts import Decision, Evidence, Label, Post, utc_now
from service.review.known import load_known
from service.review.labels import latest_evidence, latest_labels
from service.review.mining import Candidate, MinedPost, rank_candidates
from service.review.review_file import write_review_file
from service.review.terms import post_terms
from service.review.topics import Skipped, decoded, read_topic
from service.settings import Settings

UNKNOWN_LANGUAGE = "und"


def language_of(lang: str | None) -> str:
    """The primary language subtag ("zh-Hant" -> "zh"); posts without one are mined together."""
    primary = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return primary or UNKNOWN_LANGUAGE


def text_fields(item: Post | Evidence) -> tuple[str, ...]:
    """The fields a code word can hide in, each mined on its own."""
    fields = [item.text, " ".join(f"#{tag}" for tag in item.hashtags or ()), item.ocr_text, item.transcript]
    return tuple(field for field in fields if field)


@dataclass
class Sides:
    """What is mined, per language: the violating posts, and the benign side's term counts."""

    violating: dict[str, list[MinedPost]] = field(default_factory=lambda: defaultdict(list))
    benign: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    benign_posts: Counter[str] = field(default_factory=Counter)
    invalid_records: int = 0

    def add_violating(self, item: Evidence) -> None:
        fields = text_fields(item)
        self.violating[language_of(item.lang)].append(MinedPost(item.post_id, post_terms(fields), fields))

    def add_benign(self, item: Post | Evidence) -> None:
        lang = language_of(item.lang)
        self.benign[lang].update(post_terms(text_fields(item)))
        self.benign_posts[lang] += 1

    def languages(self) -> list[str]:
        """Languages with violating posts, most first."""
        return sorted(self.violating, key=lambda lang: (-len(self.violating[lang]), lang))


def gather(settings: Settings, since: datetime | None = None) -> Sides:
    """Read labels and evidence to their ends, and the decisions and posts (from `since`, by record
    timestamp: the allowed traffic can be large), and sort each post to its side once."""
    skipped = Skipped()
    standing = latest_labels(decoded(read_topic(settings, settings.topic_labels), Label, skipped))
    evidence = decoded(read_topic(settings, settings.topic_evidence), Evidence, skipped)
    judged = latest_evidence(evidence, set(standing))
    sides = Sides()
    for post_id, item in judged.items():
        if standing[post_id].verdict == "violating":
            sides.add_violating(item)
        else:
            sides.add_benign(item)
    decisions = decoded(read_topic(settings, settings.topic_decisions, since), Decision, skipped)
    actions = {decision.post_id: decision.action for decision in decisions}
    allowed = {post_id for post_id, action in actions.items() if action == "allow"}
    # a post the model allowed that a report or audit then found violating is not benign traffic
    allowed -= {post_id for post_id, label in standing.items() if label.verdict == "violating"}
    allowed -= set(judged)
    for post in decoded(read_topic(settings, settings.topic_posts, since), Post, skipped):
        if post.post_id in allowed:
            allowed.discard(post.post_id)  # a post sent twice counts once
            sides.add_benign(post)
    sides.invalid_records = skipped.count
    return sides


@dataclass
class SuggestSummary:
    out: Path
    candidates: dict[str, list[Candidate]]
    violating_posts: dict[str, int]
    benign_posts: dict[str, int]
    invalid_records: int

    def lines(self) -> list[str]:
        total = sum(len(found) for found in self.candidates.values())
        lines = [f"wrote {total} candidate(s) in {len(self.candidates)} language(s) to {self.out}"]
        lines.append(f"{'lang':<5} {'violating':>9} {'benign':>8} {'candidates':>10}  strongest")
        for lang, found in self.candidates.items():
            best = f"{found[0].term} (z {found[0].z:.1f})" if found else "-"
            lines.append(
                f"{lang:<5} {self.violating_posts[lang]:>9} {self.benign_posts.get(lang, 0):>8} "
                f"{len(found):>10}  {best}"
            )
        if not self.candidates:
            lines.append("no confirmed-violating evidence: nothing to mine (labels export shows the labels)")
        if self.invalid_records:
            lines.append(f"invalid records skipped: {self.invalid_records}")
        return lines


def suggest_terms(
    settings: Settings,
    out: Path,
    min_count: int = 5,
    top: int = 25,
    since: datetime | None = None,
    include_known: bool = False,
) -> SuggestSummary:
    """Mine the topics and write the review file `out` (YAML)."""
    known, intel_version, model_version = load_known(settings.intel_path, settings.model_dir)
    sides = gather(settings, since)
    languages = sides.languages()
    candidates = {
        lang: rank_candidates(
            sides.violating[lang], sides.benign[lang], known, min_count, top, include_known, lang=lang
        )
        for lang in languages
    }
    violating = {lang: len(sides.violating[lang]) for lang in languages}
    benign = {lang: sides.benign_posts[lang] for lang in languages}
    about = {
        "generated_at": utc_now().isoformat(timespec="seconds"),
        "method": "log-odds ratio, informative Dirichlet prior (pooled counts), Monroe et al. 2008; "
        "counts are posts using the term",
        "min_count": min_count,
        "since": since.isoformat() if since else None,
        "intel_list": {
            "path": str(settings.intel_path) if settings.intel_path else None,
            "version": intel_version,
        },
        "model_version": model_version,
    }
    posts = {lang: {"violating": violating[lang], "benign": benign[lang]} for lang in languages}
    write_review_file(out, candidates, posts, about, include_known)
    return SuggestSummary(out, candidates, violating, benign, sides.invalid_records)
