"""Cross-validated intent precision, recall and F1 of the project's Rasa pipeline.

Does what `rasa test nlu --cross-validation` does: stratified folds over every example, one
model per fold trained by `rasa.model_training.train_nlu` with config.yml, the top intent scored
with the fallback undone. Rasa's command then parses every training and test message one at a
time, which takes well over an hour here; this script skips the training-set scores and sends
each fold's test messages through the trained model's own inference graph many at a time.
Every fold checks that a batch's intents and confidences equal `processor.parse_message` on a
sample. Usage:
.venv/bin/python bench/nlu_cross_validation.py [--folds 3] [--seed 0] [--markdown] [--errors F]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import logging
import math
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sklearn.metrics import classification_report, f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
NLU_DIR = ROOT / "data" / "nlu"
BATCH = 512
CHECKED_PER_FOLD = 100


def load_examples(nlu_dir: Path) -> list[tuple[str, Any]]:
    """(language, Rasa message) for every intent example, in file order."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [
        (path.stem, message)
        for path in sorted(nlu_dir.glob("*.yml"))
        for message in load_data(str(path)).intent_examples
    ]


def folds(labels: list[str], n: int, seed: int) -> list[tuple[list[int], list[int]]]:
    """Train and test indices per fold, stratified on the labels."""
    splitter = StratifiedKFold(n_splits=n, shuffle=True, random_state=seed)
    return [(list(a), list(b)) for a, b in splitter.split(labels, labels)]


def top_intent(parse_data: dict[str, Any]) -> tuple[str, float]:
    """The predicted intent and its confidence, with the fallback undone as Rasa's test does."""
    from rasa.nlu.classifiers import fallback_classifier

    if fallback_classifier.is_fallback_classifier_prediction(parse_data):
        parse_data = fallback_classifier.undo_fallback_prediction(parse_data)
    intent = parse_data.get("intent") or {}
    return intent.get("name") or "", float(intent.get("confidence") or 0.0)


def parse_batch(processor: Any, texts: list[str]) -> list[dict[str, Any]]:
    """Run the model's NLU graph once over many messages, as parse_message does for one."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker

    target = processor.model_metadata.nlu_target
    results = processor.graph_runner.run(
        inputs={
            PLACEHOLDER_MESSAGE: [UserMessage(text) for text in texts],
            PLACEHOLDER_TRACKER: DialogueStateTracker.from_events("cross-validation", []),
        },
        targets=[target],
    )
    return [message.as_dict(only_output_properties=False) for message in results[target]]


async def check_against_single_parses(
    processor: Any, texts: list[str], batched: list[tuple[str, float]]
) -> None:
    """Stop when a batched prediction differs from Rasa's own one-message parse."""
    from rasa.core.channels.channel import UserMessage

    for text, (intent, confidence) in zip(texts, batched, strict=True):
        single = await processor.parse_message(UserMessage(text), only_output_properties=False)
        single_intent, single_confidence = top_intent(single)
        if single_intent != intent or not math.isclose(single_confidence, confidence, abs_tol=1e-4):
            raise SystemExit(
                f"batched parse differs from parse_message: {intent} {confidence:.4f} against "
                f"{single_intent} {single_confidence:.4f}"
            )


async def predict_fold(model: str, texts: list[str]) -> list[tuple[str, float]]:
    from rasa.core.agent import Agent

    processor = Agent.load(model).processor
    predicted = []
    for start in range(0, len(texts), BATCH):
        predicted += [top_intent(p) for p in parse_batch(processor, texts[start : start + BATCH])]
    sample = texts[:CHECKED_PER_FOLD]
    await check_against_single_parses(processor, sample, predicted[: len(sample)])
    return predicted


def cross_validate(
    examples: list[tuple[str, Any]], n_folds: int, seed: int, config: Path
) -> list[tuple[str, float]]:
    """The out-of-fold prediction for every example."""
    import rasa.model_training
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.training_data import TrainingData

    labels = [f"{language}:{message.get('intent')}" for language, message in examples]
    predicted: list[tuple[str, float]] = [("", 0.0)] * len(examples)
    with tempfile.TemporaryDirectory() as tmp:
        for number, (train, test) in enumerate(folds(labels, n_folds, seed), start=1):
            started = time.monotonic()
            data = Path(tmp) / "training_data.yml"
            RasaYAMLWriter().dump(data, TrainingData([examples[i][1] for i in train]))
            model = rasa.model_training.train_nlu(str(config), str(data), tmp)
            trained = time.monotonic()
            texts = [examples[i][1].get("text") for i in test]
            for index, guess in zip(test, asyncio.run(predict_fold(model, texts)), strict=True):
                predicted[index] = guess
            print(
                f"fold {number}/{n_folds}: trained on {len(train)} in {trained - started:.0f} s, "
                f"parsed {len(test)} in {time.monotonic() - trained:.0f} s, "
                f"{min(CHECKED_PER_FOLD, len(test))} checked against parse_message",
                flush=True,
            )
    return predicted


def print_tables(
    examples: list[tuple[str, Any]], predicted: list[tuple[str, float]], markdown: bool
) -> None:
    gold = [message.get("intent") for _, message in examples]
    guess = [intent for intent, _ in predicted]
    report = classification_report(gold, guess, labels=sorted(set(gold)), output_dict=True)
    bar = "|" if markdown else " "
    print(f"{bar}intent{bar}examples{bar}precision{bar}recall{bar}F1{bar}")
    if markdown:
        print("|---|---:|---:|---:|---:|")
    intents = sorted(set(gold))
    for intent in intents:
        row = report[intent]
        print(
            f"{bar}{intent:<20}{bar}{row['support']:>8}{bar}{row['precision']:9.3f}"
            f"{bar}{row['recall']:6.3f}{bar}{row['f1-score']:6.3f}{bar}"
        )
    accuracy = sum(g == p for g, p in zip(gold, guess, strict=True)) / len(gold)
    lowest = min(intents, key=lambda intent: report[intent]["f1-score"])
    below = [intent for intent in intents if report[intent]["f1-score"] < 0.9]
    print(
        f"\naccuracy {accuracy:.3f}, macro F1 {report['macro avg']['f1-score']:.3f}, "
        f"lowest F1 {report[lowest]['f1-score']:.3f} ({lowest}); "
        f"below 0.90: {', '.join(below) or 'none'}\n"
    )
    by_language: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for (language, _), truth, guessed in zip(examples, gold, guess, strict=True):
        by_language[language][0].append(truth)
        by_language[language][1].append(guessed)
    print(f"{bar}language{bar}examples{bar}accuracy{bar}macro F1{bar}")
    if markdown:
        print("|---|---:|---:|---:|")
    for language, (truth, guessed) in sorted(by_language.items()):
        right = sum(t == g for t, g in zip(truth, guessed, strict=True)) / len(truth)
        f1 = f1_score(truth, guessed, labels=sorted(set(truth)), average="macro", zero_division=0)
        print(f"{bar}{language:<8}{bar}{len(truth):>8}{bar}{right:8.3f}{bar}{f1:8.3f}{bar}")


def write_errors(
    path: Path, examples: list[tuple[str, Any]], predicted: list[tuple[str, float]]
) -> None:
    """The misread training examples, for review against the intent definitions."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["language", "intent", "predicted", "confidence", "text"])
        for (language, message), (intent, confidence) in zip(examples, predicted, strict=True):
            if intent != message.get("intent"):
                writer.writerow(
                    [
                        language,
                        message.get("intent"),
                        intent,
                        f"{confidence:.2f}",
                        message.get("text"),
                    ]
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--markdown", action="store_true", help="print tables as Markdown")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml", help="pipeline to test")
    parser.add_argument("--nlu", type=Path, default=NLU_DIR, help="folder of <language>.yml files")
    parser.add_argument("--errors", type=Path, help="write the misread examples here (TSV)")
    args = parser.parse_args()
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    from rasa.utils.log_utils import configure_structlog

    # Outside Rasa's command line nothing configures its structured log, which would print
    # every parse (text included) at debug level.
    configure_structlog(logging.WARNING)
    logging.basicConfig(level=logging.WARNING)
    examples = load_examples(args.nlu)
    started = time.monotonic()
    predicted = cross_validate(examples, args.folds, args.seed, args.config)
    print(
        f"{args.folds}-fold cross-validation, seed {args.seed}, {len(examples)} examples, "
        f"{time.monotonic() - started:.0f} s\n"
    )
    print_tables(examples, predicted, args.markdown)
    if args.errors:
        write_errors(args.errors, examples, predicted)


if __name__ == "__main__":
    main()
