"""Review quality, measured: recall on risky drafts, false flags on harmless ones, side by side
with the alex linter on the English cases.

    scripts/eval                     # the test split, with the shared data beside the project
    scripts/eval --split tune -v     # the splits used for tuning (train, dev, val), every miss

Cases: ``eval/review/cases/<lang>.<split>.jsonl`` (ours), the seed cases of ``../shared/cases``
(every split) and, for false flags on real posts, ``../shared/eval/ordinary_brand_posts``; and,
watched without a target, real brand replies to customers from ``../shared/eval/twcs``.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from poise.review import (
    Draft,
    Engine,
    Review,
    ReviewContext,
    Severity,
    Verdict,
    WorkspaceRules,
    build_profile,
)
from poise.review.inputs import Request, parse_request

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANGUAGES = ("en", "fr", "ar", "ja")
ORDINARY_KINDS = {"ordinary", "care_reply", "greeting_religious"}
# The splits: ``train``, ``dev`` and ``val`` are for tuning (``tune`` is all three), ``test`` only
# for reporting. ``val`` was the reporting split of earlier releases: measured release after
# release, it had stopped being unseen, so it joined the tuning data and ``test`` was written anew.
SPLITS = {"tune": ("train", "dev", "val"), "all": ("train", "dev", "val", "test")}
TARGETS = {"recall": 0.90, "false_flags": 0.05, "harmless_blocks": 0.01}


@dataclass(frozen=True)
class Case:
    """A labelled draft."""

    id: str
    source: str
    language: str
    expect: str
    checks: tuple[str, ...]
    kind: str
    raw: dict[str, Any]

    @property
    def flagged(self) -> bool:
        return self.expect == "flag"

    @property
    def ordinary(self) -> bool:
        return self.kind in ORDINARY_KINDS or self.kind.startswith("ordinary")


@dataclass(frozen=True)
class Outcome:
    """A case and what Poise (and alex, for English) made of it."""

    case: Case
    review: Review
    alex: tuple[str, ...] | None = None

    @property
    def flagged(self) -> bool:
        return self.review.verdict is not Verdict.PASS

    def caught_by(self, check: str) -> bool:
        return any(
            f.check == check and f.severity is not Severity.INFO for f in self.review.findings
        )


def load(path: Path, source: str) -> list[Case]:
    """Cases of a JSON Lines file."""
    cases = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            cases.append(
                Case(
                    id=str(raw["id"]),
                    source=source,
                    language=raw.get("lang", "en"),
                    expect=raw.get("expect", "pass"),
                    checks=tuple(raw.get("checks", ())),
                    kind=raw.get("kind", "seed"),
                    raw=raw,
                )
            )
    return cases


def our_cases(split: str) -> list[Case]:
    splits = SPLITS.get(split, (split,))
    return [
        case
        for language in LANGUAGES
        for name in splits
        if (HERE / "cases" / f"{language}.{name}.jsonl").is_file()
        for case in load(HERE / "cases" / f"{language}.{name}.jsonl", f"ours-{name}")
    ]


def request(case: Case) -> Request:
    raw = dict(case.raw)
    rules = raw.get("rules") or {}
    profile = raw.get("profile") or {}
    context = ReviewContext(
        rules=WorkspaceRules(
            banned=tuple(rules.get("banned", ())),
            glossary=tuple(rules.get("glossary", ())),
            disclosure_required=bool(rules.get("disclosure_required", False)),
        ),
        voice=build_profile(profile["posts"]) if profile.get("posts") else None,
        brand_names=tuple(raw.get("brand_names", ())),
    )
    return parse_request(raw, Request(None, Draft(""), context))


def run_alex(cases: list[Case]) -> dict[str, tuple[str, ...]]:
    """The rules alex fires on each case's text."""
    script = HERE / "alex.mjs"
    lines = "".join(json.dumps({"id": c.id, "text": c.raw["text"]}) + "\n" for c in cases)
    done = subprocess.run(
        ["node", str(script)], input=lines, capture_output=True, text=True, cwd=HERE, check=True
    )
    found = {}
    for line in done.stdout.splitlines():
        item = json.loads(line)
        found[str(item["id"])] = tuple(item["rules"])
    return found


def evaluate(cases: list[Case], with_alex: bool) -> list[Outcome]:
    engine = Engine()
    engine.warm()
    english = [c for c in cases if c.language == "en"]
    alex = run_alex(english) if with_alex and english else {}
    outcomes = []
    for case in cases:
        req = request(case)
        outcomes.append(Outcome(case, engine.review(req.draft, req.context), alex.get(case.id)))
    return outcomes


def rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "—"


def language_table(outcomes: list[Outcome], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in (
        "language",
        "recall",
        "false flags: ordinary",
        "false flags: all harmless",
        "blocked harmless",
    ):
        table.add_column(column, justify="right" if column != "language" else "left")
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.case.language].append(outcome)
        groups["all"].append(outcome)
    for language in (*LANGUAGES, "all"):
        table.add_row(language, *_figures(groups.get(language, [])))
    return table


def _figures(outcomes: list[Outcome]) -> list[str]:
    flagged = [o for o in outcomes if o.case.flagged]
    harmless = [o for o in outcomes if not o.case.flagged]
    ordinary = [o for o in harmless if o.case.ordinary]
    return [
        rate(sum(o.flagged for o in flagged), len(flagged)),
        rate(sum(o.flagged for o in ordinary), len(ordinary)),
        rate(sum(o.flagged for o in harmless), len(harmless)),
        rate(sum(o.review.verdict is Verdict.BLOCK for o in harmless), len(harmless)),
    ]


def check_table(outcomes: list[Outcome]) -> Table:
    table = Table(title="Per check (flagged cases labelled with the check)", title_justify="left")
    table.add_column("check")
    table.add_column("flagged by Poise", justify="right")
    table.add_column("by this check (warn+)", justify="right")
    table.add_column("false flags it raised", justify="right")
    by_check: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        for check in outcome.case.checks:
            by_check[check].append(outcome)
    harmless = [o for o in outcomes if not o.case.flagged]
    for check in sorted(by_check):
        group = by_check[check]
        raised = sum(o.caught_by(check) for o in harmless)
        table.add_row(
            check,
            rate(sum(o.flagged for o in group), len(group)),
            rate(sum(o.caught_by(check) for o in group), len(group)),
            rate(raised, len(harmless)),
        )
    return table


def alex_table(outcomes: list[Outcome], ordinary: list[Outcome]) -> Table:
    table = Table(title="English, side by side with alex", title_justify="left")
    for column in (
        "",
        "recall",
        "false flags: ordinary",
        "false flags: all harmless",
        "real ordinary posts flagged",
    ):
        table.add_column(column, justify="right" if column else "left")
    english = [o for o in outcomes if o.case.language == "en" and o.alex is not None]
    real = [o for o in ordinary if o.case.language == "en" and o.alex is not None]
    for name, flagged in (("Poise", lambda o: o.flagged), ("alex", lambda o: bool(o.alex))):
        table.add_row(name, *_side(english, real, flagged))
    return table


def _side(english: list[Outcome], real: list[Outcome], flagged: Any) -> list[str]:
    risky = [o for o in english if o.case.flagged]
    harmless = [o for o in english if not o.case.flagged]
    ordinary = [o for o in harmless if o.case.ordinary]
    return [
        rate(sum(map(flagged, risky)), len(risky)),
        rate(sum(map(flagged, ordinary)), len(ordinary)),
        rate(sum(map(flagged, harmless)), len(harmless)),
        rate(sum(map(flagged, real)), len(real)),
    ]


def misses(outcomes: Iterable[Outcome]) -> list[str]:
    lines = []
    for o in outcomes:
        if o.flagged != o.case.flagged:
            what = "MISSED" if o.case.flagged else f"FALSE {o.review.verdict.value.upper()}"
            found = "; ".join(
                f"{f.check}/{f.code}:{f.severity.value}"
                for f in o.review.findings
                if f.severity is not Severity.INFO
            )
            lines.append(
                f"{what} {o.case.id} [{','.join(o.case.checks) or o.case.kind}] {o.case.raw['text'][:110]!r} -> {found}"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=ROOT.parent / "shared" / "eval",
        help="the shared evaluation data",
    )
    parser.add_argument(
        "--split", choices=("test", "val", "dev", "train", "tune", "all"), default="test"
    )
    parser.add_argument("--no-alex", action="store_true", help="skip alex (no Node.js)")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list every miss and false flag"
    )
    args = parser.parse_args()
    console = Console(width=160)

    if not args.shared.is_dir():
        console.print(
            f"[yellow]No shared evaluation data at {args.shared}: the seed cases and the real "
            "ordinary brand posts are left out. Give the folder with --shared PATH.[/yellow]"
        )
    labelled = our_cases(args.split)
    seeds_file = args.shared.parent / "cases" / "seed_cases.jsonl"
    labelled += load(seeds_file, "seed") if seeds_file.is_file() else []
    ordinary_file = args.shared / "ordinary_brand_posts" / "cases.jsonl"
    real = load(ordinary_file, "ordinary_brand_posts") if ordinary_file.is_file() else []

    outcomes = evaluate(labelled + real, with_alex=not args.no_alex)
    ours = [o for o in outcomes if o.case.source != "ordinary_brand_posts"]
    external = [o for o in outcomes if o.case.source == "ordinary_brand_posts"]

    console.print(
        f"Cases: {len(ours)} labelled ({args.split} split + {sum(o.case.source == 'seed' for o in ours)} seed cases), "
        f"{len(external)} real ordinary brand posts. Targets: recall ≥ {TARGETS['recall']}, "
        f"false flags on ordinary posts ≤ {TARGETS['false_flags']:.0%}, blocks on harmless ≤ {TARGETS['harmless_blocks']:.0%}."
    )
    console.print(language_table(ours, "Labelled cases, per language"))
    if external:
        console.print(
            language_table(
                external, "Real ordinary brand posts (all expected to pass), per language"
            )
        )
    console.print(check_table(ours))
    if not args.no_alex:
        console.print(alex_table(ours, external))
    replies = brand_replies(args.shared / "twcs" / "twcs_first5000rows.csv", args.split)
    if replies:
        console.print(replies_table(replies, args.split))
    if args.verbose:
        for line in misses(outcomes):
            console.print(line, markup=False, highlight=False)


# Real replies of brands to customers (Customer Support on Twitter). Not labelled: most are
# fine, some are cold, so the share flagged is watched rather than held to a target. The
# earlier rows are for tuning, the later ones for reporting.
TWCS_SPLIT_AT = 2500


def brand_replies(path: Path, split: str) -> list[Review]:
    """Review every brand reply of the twcs rows of ``split``, with the message it answers."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_id = {row["tweet_id"]: row for row in rows}
    if split == "test":
        rows = rows[TWCS_SPLIT_AT:]
    elif split != "all":
        rows = rows[:TWCS_SPLIT_AT]
    engine = Engine()
    reviews = []
    for row in rows:
        if row["inbound"] != "False":
            continue
        answered = row["in_response_to_tweet_id"]
        message = by_id.get(str(int(float(answered)))) if answered else None
        draft = Draft(row["text"], reply_to=message["text"] if message else None)
        reviews.append(engine.review(draft, ReviewContext()))
    return reviews


def replies_table(reviews: list[Review], split: str) -> Table:
    part = {"test": "later", "all": "all"}.get(split, "earlier")
    table = Table(
        title=f"Real brand replies to customers (twcs, {part} rows): share per verdict, "
        "and what raised the flags"
    )
    for column in ("replies", "pass", "review", "block", "most frequent findings (warn+)"):
        table.add_column(column, justify="left" if column.startswith("most") else "right")
    verdicts = Counter(review.verdict.value for review in reviews)
    findings = Counter(
        f"{f.check}.{f.code}"
        for review in reviews
        for f in review.findings
        if f.severity is not Severity.INFO
    )
    total = len(reviews)
    table.add_row(
        str(total),
        *(f"{verdicts[v] / total:.3f} ({verdicts[v]})" for v in ("pass", "review", "block")),
        ", ".join(f"{name} {count}" for name, count in findings.most_common(4)),
    )
    return table


if __name__ == "__main__":
    main()
