"""Held-out intent accuracy and F1 per language and per intent.

Splits every language's examples of every intent (80 % train, 20 % test, fixed seed), trains
an NLU model with the project's config.yml on the train part only, and prints, for each of
the languages, accuracy and macro F1 on examples the model never saw, then F1 per intent.
Usage: .venv/bin/python bench/nlu.py [--test-share 0.2] [--seed 7] [--markdown] [--nlu DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parent.parent
NLU_DIR = ROOT / "data" / "nlu"


def examples_of(block: dict) -> list:
    raw = block["examples"]
    if isinstance(raw, str):
        return [line.strip()[2:] for line in raw.splitlines() if line.strip().startswith("- ")]
    return raw


def split(
    share: float, seed: int, nlu_dir: Path = NLU_DIR
) -> tuple[dict, list[tuple[str, str, str]]]:
    """Per-language training documents and held-out (language, intent, text) triples."""
    train: dict[str, dict] = {}
    held_out: list[tuple[str, str, str]] = []
    for path in sorted(nlu_dir.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        blocks = []
        for block in document["nlu"]:
            examples = examples_of(block)
            # Seeded per language and intent: editing one block leaves every other split alone.
            random.Random(f"{seed}:{path.stem}:{block['intent']}").shuffle(examples)
            cut = max(1, round(len(examples) * share))
            for example in examples[:cut]:
                text = example["text"] if isinstance(example, dict) else example
                held_out.append((path.stem, block["intent"], text))
            blocks.append({"intent": block["intent"], "examples": examples[cut:]})
        train[path.stem] = {"version": "3.1", "nlu": blocks}
    return train, held_out


def write_training_data(train: dict, directory: Path) -> None:
    for language, document in train.items():
        for block in document["nlu"]:
            if block["examples"] and isinstance(block["examples"][0], str):
                block["examples"] = "".join(f"- {text}\n" for text in block["examples"])
        path = directory / f"{language}.yml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


async def predict(model: Path, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    # Outside Rasa's command line nothing configures its structured log, which would print
    # every parse (text included) at debug level around the tables.
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    predicted = []
    for text in texts:
        parsed = await agent.parse_message(text)
        predicted.append(parsed["intent"]["name"])
    return predicted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--test-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--markdown", action="store_true", help="print tables as Markdown")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml", help="pipeline to test")
    parser.add_argument("--nlu", type=Path, default=NLU_DIR, help="folder of <language>.yml files")
    args = parser.parse_args()
    train, held_out = split(args.test_share, args.seed, args.nlu)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "nlu"
        data.mkdir()
        write_training_data(train, data)
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "rasa",
                "train",
                "nlu",
                "--config",
                str(args.config),
                "--nlu",
                str(data),
                "--out",
                tmp,
                "--fixed-model-name",
                "held-out",
                "--quiet",
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        training_seconds = time.monotonic() - started
        predicted = asyncio.run(predict(Path(tmp) / "held-out.tar.gz", [t for _, _, t in held_out]))

    by_language: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    by_intent: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for (language, intent, _), guess in zip(held_out, predicted, strict=True):
        for table, key in ((by_language, language), (by_intent, intent)):
            table[key][0].append(intent)
            table[key][1].append(guess)
    bar = "|" if args.markdown else " "
    print(
        f"held-out share {args.test_share}, seed {args.seed}, {len(held_out)} test examples, "
        f"NLU training {training_seconds:.0f} s"
    )
    print(f"{bar}language{bar}examples{bar}accuracy{bar}macro F1{bar}")
    if args.markdown:
        print("|---|---:|---:|---:|")
    f1s = []
    for language, (gold, guess) in sorted(by_language.items()):
        accuracy = sum(g == p for g, p in zip(gold, guess, strict=True)) / len(gold)
        # Averaged over the intents the examples have: "not understood" is no intent, and
        # a fallback already costs its intent recall.
        f1 = f1_score(gold, guess, labels=sorted(set(gold)), average="macro", zero_division=0)
        f1s.append(f1)
        print(f"{bar}{language:<8}{bar}{len(gold):>8}{bar}{accuracy:8.3f}{bar}{f1:8.3f}{bar}")
    print(f"median macro F1 over languages: {statistics.median(f1s):.3f}; lowest {min(f1s):.3f}")
    not_understood = sum(guess == "nlu_fallback" for guess in predicted)
    print(f"not understood (fallback): {not_understood} of {len(predicted)}")
    print(f"{bar}intent{bar}examples{bar}F1{bar}")
    if args.markdown:
        print("|---|---:|---:|")
    all_gold = [intent for _, intent, _ in held_out]
    for intent in sorted(by_intent):
        f1 = f1_score(all_gold, predicted, labels=[intent], average="macro", zero_division=0)
        print(f"{bar}{intent:<20}{bar}{len(by_intent[intent][0]):>8}{bar}{f1:6.3f}{bar}")


if __name__ == "__main__":
    main()
