"""Per-intent precision, recall and F1 from Rasa's cross-validation report, as a Markdown table.

Usage: .venv/bin/python bench/intent_report.py [results/cross-validation/intent_report.json]
(`make nlu-cross-validation` writes that report with `rasa test nlu --cross-validation`.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DEFAULT = (
    Path(__file__).resolve().parent.parent / "results" / "cross-validation" / "intent_report.json"
)
SUMMARIES = ("accuracy", "macro avg", "weighted avg", "micro avg")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    report = json.loads(path.read_text(encoding="utf-8"))
    intents = {name: row for name, row in report.items() if name not in SUMMARIES}
    print("|intent|examples|precision|recall|F1|")
    print("|---|---:|---:|---:|---:|")
    for name, row in sorted(intents.items()):
        print(
            f"|{name}|{row['support']}|{row['precision']:.3f}|{row['recall']:.3f}|"
            f"{row['f1-score']:.3f}|"
        )
    lowest = min(intents.items(), key=lambda item: item[1]["f1-score"])
    print(
        f"\naccuracy {report['accuracy']:.3f}, macro F1 {report['macro avg']['f1-score']:.3f}, "
        f"lowest F1 {lowest[1]['f1-score']:.3f} ({lowest[0]})"
    )


if __name__ == "__main__":
    main()
