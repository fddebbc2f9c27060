"""Score the deadline parser on a held-out corpus (by default tests/data/date_phrases_unseen.json).

    python bench/dates_unseen_score.py        # share right, invented dates, per category
    python bench/dates_unseen_score.py -v     # also every phrase that is not right
    python bench/dates_unseen_score.py --corpus tests/data/date_phrases_heldout2.json

Right: the expected date and precision, or a refusal (DateError) where null is expected.
Invented: a date where null was expected, or a wrong date (a refusal is not an invention).
"""

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from missiontui.core.dates import DateError, parse_due  # noqa: E402


def judge(phrase):
    """One of: right, invented, refused (date expected), precision (right date), crash."""
    try:
        due = parse_due(phrase["text"], date.fromisoformat(phrase["ref"]))
    except DateError:
        return ("refused" if phrase["expected"] else "right"), "refused"
    except Exception as error:  # a crash is a bug to report, not an answer
        return "crash", f"{type(error).__name__}: {error}"
    got = f"{due.date.isoformat()} {due.precision.value}"
    if phrase["expected"] is None or due.date.isoformat() != phrase["expected"]:
        return "invented", got
    return ("right" if due.precision.value == phrase["precision"] else "precision"), got


def main():
    parser = argparse.ArgumentParser(description="Score parse_due on a corpus of deadline phrases.")
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "date_phrases_unseen.json",
                        help="a JSON corpus shaped like tests/data/date_phrases_unseen.json")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list every phrase that is not right")
    args = parser.parse_args()
    phrases = json.loads(args.corpus.read_text(encoding="utf-8"))["phrases"]
    verdicts = Counter()
    by_category = {}
    for phrase in phrases:
        verdict, got = judge(phrase)
        verdicts[verdict] += 1
        right, total = by_category.get(phrase["category"], (0, 0))
        by_category[phrase["category"]] = (right + (verdict == "right"), total + 1)
        if verdict != "right" and args.verbose:
            print(f"{phrase['id']:6} {verdict:9} {phrase['text']!r} (ref {phrase['ref']}): "
                  f"expected {phrase['expected']} {phrase['precision']}, got {got}")
    print(f"{args.corpus.name}")
    print(f"right: {verdicts['right']}/{len(phrases)} = {verdicts['right'] / len(phrases):.1%}")
    design = {p["text"].strip().lower() for p in json.loads(
        (ROOT / "tests" / "data" / "date_phrases.json").read_text(encoding="utf-8"))["phrases"]}
    unseen = [p for p in phrases if p["text"].strip().lower() not in design]
    if unseen and len(unseen) < len(phrases):
        kept = sum(judge(p)[0] == "right" for p in unseen)
        print(f"  of which never in the design corpus (the issue's own examples went into both): "
              f"{kept}/{len(unseen)} = {kept / len(unseen):.1%}")
    print(f"invented: {verdicts['invented']} (date where null expected, or wrong date)")
    print(f"refused where a date was expected: {verdicts['refused']}; right date, wrong precision: "
          f"{verdicts['precision']}; crashes: {verdicts['crash']}")
    for category, (right, total) in sorted(by_category.items()):
        print(f"  {category:22} {right:3}/{total}")


if __name__ == "__main__":
    main()
