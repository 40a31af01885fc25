"""Which language a first message is in: accuracy, time and memory of each detector.

Runs each detector in a process of its own (so the memory figure is its own) over the langid
test data (single words, word pairs, sentences and chat openers in the 20 languages of the
organisation profile) and prints accuracy per set and per language, the median time per message,
the RSS growth on loading, and how often the product marks a first message uncertain.

Detectors: ``turva`` is the product as it treats a first message (``LanguageDetector.rank`` then
``choose`` with no current language and no hint; the reply language before it is clamped to the
catalogs that exist); ``turva-stats`` is the same without the NLU phrase lexicon, i.e. what the
product does with a message that is not a training example; ``langdetect`` is langdetect 1.0.9
with only the 20 languages' profiles and seed 0; ``lingua-high`` and ``lingua-low`` are lingua
alone, restricted to the 20 languages.

Lines are numbered from 0 in each file; the letter penalty of the product was chosen on the even
lines, so the odd lines are held out (``--split`` columns).

``--variant`` changes every text the way real input can differ from the files (decomposed
accents, Romanian ș ț with a comma, no accents at all) to show what each detector does with it.

Usage: .venv/bin/python bench/langid.py [--data DIR] [--systems turva,turva-stats,langdetect|all]
       [--limit N] [--variant as-is|decomposed|ro-comma|no-accents]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "langid"
SETS = ("single-words", "word-pairs", "sentences", "openers")
SHORT = {"single-words": "words", "word-pairs": "pairs", "sentences": "sentences"}
SYSTEMS = ("turva", "turva-stats", "langdetect", "lingua-high", "lingua-low")
DEFAULT_SYSTEMS = ("turva", "turva-stats", "langdetect")
TARGETS = {"openers": 97.5, "word-pairs": 95.0}
CLOSE_GROUPS = (("ru", "uk", "bg"), ("es", "pt"), ("fa", "ar"), ("fi", "et"))
WARM_UP = 20


@dataclass(frozen=True)
class Item:
    """One test text: its set, true language, line number in its file, and text."""

    set: str
    language: str
    line: int
    text: str


@dataclass(frozen=True)
class Outcome:
    """What one detector said about one item, and how long it took."""

    language: str | None
    certain: bool
    alternatives: tuple[str, ...]
    ms: float


def _no_accents(text: str) -> str:
    """Latin letters without their accents, as people type on a keyboard not set up for them."""
    kept = []
    for char in unicodedata.normalize("NFD", text):
        if (
            unicodedata.combining(char)
            and kept
            and unicodedata.name(kept[-1], "").startswith("LATIN")
        ):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


# Ways real input differs from the test files, to see what each detector does with them.
VARIANTS: dict[str, Callable[[str, str], str]] = {
    "as-is": lambda language, text: text,
    # some phone keyboards send a letter followed by combining accents
    "decomposed": lambda language, text: unicodedata.normalize("NFD", text),
    # today's Romanian keyboards type ș ț; most of the test (and training) text has ş ţ
    "ro-comma": lambda language, text: (
        text.translate(str.maketrans("şţŞŢ", "șțȘȚ")) if language == "ro" else text
    ),
    "no-accents": lambda language, text: _no_accents(text),
}


def load_items(
    data: Path, languages: Sequence[str], limit: int | None, variant: str = "as-is"
) -> list[Item]:
    """Every test text of the given languages, in a fixed order, changed as ``variant`` says."""
    change = VARIANTS[variant]
    items = []
    for name in SETS[:3]:
        for language in languages:
            path = data / name / f"{language}.txt"
            if path.exists():
                lines = path.read_text(encoding="utf-8").splitlines()[:limit]
                items += [
                    Item(name, language, n, change(language, text))
                    for n, text in enumerate(lines)
                    if text.strip()
                ]
    openers = data / "chat_openers.tsv"
    if openers.exists():
        seen: Counter[str] = Counter()
        for n, row in enumerate(openers.read_text(encoding="utf-8").splitlines()[1:]):
            language, _, text = row.partition("\t")
            seen[language] += 1
            if (
                language in languages
                and text.strip()
                and (limit is None or seen[language] <= limit)
            ):
                items.append(Item("openers", language, n, change(language, text)))
    return items


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Each loader builds a detector and returns a function from text to (language, certain, alts).
Detect = Callable[[str], tuple[str | None, bool, tuple[str, ...]]]


def _turva(with_lexicon: bool) -> Detect:
    from bot.language import service
    from bot.language.choice import choose
    from bot.language.detector import LanguageDetector

    organisation = service.organisation()
    detector = (
        service.detector()
        if with_lexicon
        else LanguageDetector(organisation.detect_languages, phrases={})
    )

    def detect(text: str) -> tuple[str | None, bool, tuple[str, ...]]:
        decision = choose(
            text, detector.rank(text), current=None, default=organisation.default_language
        )
        return decision.language, decision.certain, tuple(decision.alternatives)

    return detect


def _lingua(languages: Sequence[str], low: bool) -> Detect:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(
        *[Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in languages]
    ).with_preloaded_language_models()
    detector = (builder.with_low_accuracy_mode() if low else builder).build()

    def detect(text: str) -> tuple[str | None, bool, tuple[str, ...]]:
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value <= 0:
            return None, False, ()
        return values[0].language.iso_code_639_1.name.lower(), True, ()

    return detect


def _langdetect(languages: Sequence[str]) -> Detect:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    def code(name: str) -> str:
        return "zh" if name.startswith("zh-") else name

    factory = DetectorFactory()
    factory.seed = 0
    profiles = sorted(name for name in os.listdir(PROFILES_DIRECTORY) if code(name) in languages)
    factory.load_json_profile(
        [(Path(PROFILES_DIRECTORY) / name).read_text(encoding="utf-8") for name in profiles]
    )

    def detect(text: str) -> tuple[str | None, bool, tuple[str, ...]]:
        detector = factory.create()
        detector.append(text)
        try:
            ranked = [code(guess.lang) for guess in detector.get_probabilities()]
        except LangDetectException:
            return None, False, ()
        best = next((c for c in ranked if c in languages), None)
        return best, best is not None, ()

    return detect


def load(system: str, languages: Sequence[str]) -> Detect:
    """Build the named detector for ``languages``."""
    if system == "turva":
        return _turva(with_lexicon=True)
    if system == "turva-stats":
        return _turva(with_lexicon=False)
    if system == "langdetect":
        return _langdetect(languages)
    if system in ("lingua-high", "lingua-low"):
        return _lingua(languages, low=system == "lingua-low")
    raise SystemExit(f"unknown system {system!r}; choose from {', '.join(SYSTEMS)}")


def worker(system: str, data: Path, limit: int | None, variant: str) -> dict:
    """Load one detector, run it over every item and return the raw outcomes."""
    from bot.language import service

    languages = service.organisation().detect_languages
    items = load_items(data, languages, limit, variant)
    before, started = rss_mb(), time.perf_counter()
    detect = load(system, languages)
    load_s, load_mb = time.perf_counter() - started, rss_mb() - before
    for item in items[:WARM_UP]:
        detect(item.text)
    outcomes = []
    for item in items:
        started = time.perf_counter()
        language, certain, alternatives = detect(item.text)
        ms = (time.perf_counter() - started) * 1000
        outcomes.append([language, certain, list(alternatives), ms])
    return {"load_s": load_s, "load_mb": load_mb, "outcomes": outcomes}


def run_worker(
    system: str, data: Path, limit: int | None, variant: str
) -> tuple[dict, list[Outcome]]:
    """Run ``worker`` in a fresh interpreter so that memory and caches are its own."""
    command = [sys.executable, __file__, "--worker", system, "--data", str(data)]
    command += ["--variant", variant]
    if limit:
        command += ["--limit", str(limit)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{system} failed:\n{done.stderr[-3000:]}")
    raw = json.loads(done.stdout)
    outcomes = [Outcome(o[0], o[1], tuple(o[2]), o[3]) for o in raw.pop("outcomes")]
    return raw, outcomes


Rows = list[tuple[Item, Outcome]]


def percent(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}" if total else "    -"


def accuracy(rows: Rows) -> str:
    return percent(sum(o.language == i.language for i, o in rows), len(rows))


def select(rows: Rows, name: str | None = None, language: str | None = None) -> Rows:
    """The rows of one set and/or one language."""
    return [
        (i, o)
        for i, o in rows
        if (name is None or i.set == name) and (language is None or i.language == language)
    ]


def print_summary(results: dict[str, tuple[dict, Rows]], sets: Sequence[str]) -> None:
    print("\nAccuracy % per set (all lines | even lines | odd lines, held out), time, memory")
    header = "".join(f"{SHORT.get(s, s):>22}" for s in sets)
    print(f"{'detector':<13}{header}{'median ms':>11}{'p95 ms':>8}{'load MB':>9}{'load s':>8}")
    for system, (meta, rows) in results.items():
        cells = ""
        for name in sets:
            chosen = select(rows, name)
            parts = [
                accuracy(chosen),
                accuracy([(i, o) for i, o in chosen if i.line % 2 == 0]),
                accuracy([(i, o) for i, o in chosen if i.line % 2]),
            ]
            cells += f"{' |'.join(parts):>22}"
        times = sorted(o.ms for _, o in rows)
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"{system:<13}{cells}{statistics.median(times):>11.2f}{p95:>8.2f}"
            f"{meta['load_mb']:>9.0f}{meta['load_s']:>8.1f}"
        )
    print("\nMedian ms per message by set")
    for system, (_, rows) in results.items():
        medians = [
            f"{SHORT.get(name, name)} {statistics.median(o.ms for _, o in select(rows, name)):.2f}"
            for name in sets
        ]
        print(f"  {system:<13}" + "  ".join(medians))


def print_targets(results: dict[str, tuple[dict, Rows]]) -> None:
    print("\nIssue targets (openers >= 97.5 %, word pairs >= 95 %)")
    for system in ("turva", "turva-stats"):
        if system not in results:
            continue
        verdicts = []
        for name, target in TARGETS.items():
            chosen = select(results[system][1], name)
            if chosen:
                value = 100 * sum(o.language == i.language for i, o in chosen) / len(chosen)
                verdicts.append(f"{name} {value:.1f} {'met' if value >= target else 'MISSED'}")
        print(f"  {system:<13}{'; '.join(verdicts)}")


def print_per_language(
    results: dict[str, tuple[dict, Rows]], sets: Sequence[str], languages: Sequence[str]
) -> None:
    systems = list(results)
    width = 6 * len(systems) + 3
    print("\nAccuracy % per language (" + " / ".join(systems) + ")")
    print(f"{'lang':<6}" + "".join(f"{SHORT.get(s, s):>{width}}" for s in sets))
    for language in languages:
        row = f"{language:<6}"
        for name in sets:
            cells = [accuracy(select(results[s][1], name, language)).strip() for s in systems]
            row += f"{'/'.join(cells):>{width}}"
        print(row)


def print_uncertainty(
    results: dict[str, tuple[dict, Rows]], sets: Sequence[str], languages: Sequence[str]
) -> None:
    systems = [s for s in ("turva", "turva-stats") if s in results]
    print(
        "\nUncertain first messages % (the assistant asks 'Continue in <language>?'), "
        + " / ".join(systems)
    )
    print(f"{'lang':<6}" + "".join(f"{SHORT.get(s, s):>13}" for s in sets))
    for language in languages:
        row = f"{language:<6}"
        for name in sets:
            cells = []
            for system in systems:
                chosen = select(results[system][1], name, language)
                cells.append(percent(sum(not o.certain for _, o in chosen), len(chosen)).strip())
            row += f"{'/'.join(cells):>13}"
        print(row)
    for system in systems:
        print(f"  {system}:")
        for name in sets:
            chosen = select(results[system][1], name)
            uncertain = sum(not o.certain for _, o in chosen)
            wrong = sum(o.certain and o.language != i.language for i, o in chosen)
            share, wrong_share = percent(uncertain, len(chosen)), percent(wrong, len(chosen))
            print(
                f"    {SHORT.get(name, name):<10} uncertain {share.strip()} %, "
                f"certain but wrong {wrong_share.strip()} %"
            )
    system = systems[-1]
    print(f"  uncertain openers ({system}): reply language, then the alternatives offered")
    for i, o in select(results[system][1], "openers"):
        if not o.certain:
            offered = f" or {'/'.join(o.alternatives)}" if o.alternatives else ""
            print(f"    {i.language} {i.text!r} -> {o.language}{offered}")


def print_close_groups(rows: Rows) -> None:
    print("\nturva-stats alternatives for close languages (word pairs and openers, uncertain only)")
    for group in CLOSE_GROUPS:
        chosen = [
            (i, o)
            for i, o in rows
            if i.set in ("word-pairs", "openers") and i.language in group and not o.certain
        ]
        offered = Counter(a for _, o in chosen for a in o.alternatives)
        inside = sum(n for a, n in offered.items() if a in group)
        wrong = [(i, o) for i, o in chosen if o.language != i.language]
        rescued = sum(i.language in o.alternatives for i, o in wrong)
        common = ", ".join(f"{a} {n}" for a, n in offered.most_common(5))
        print(
            f"  {'/'.join(group):<9} uncertain {len(chosen):>4}; alternatives in the group "
            f"{percent(inside, sum(offered.values())).strip()} % ({common}); "
            f"top wrong {len(wrong)}, right language among the alternatives {rescued}"
        )


def print_lexicon_overlap(items) -> None:
    from bot.language.detector import normalise, phrases_from_nlu

    phrases = phrases_from_nlu()
    hits: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if normalise(item.text) in phrases:
            hits[item.set].append(item.text)
    if hits:
        print("\nTest texts that are NLU training examples (turva answers them from the lexicon):")
        for name, texts in hits.items():
            print(f"  {name}: {len(texts)} e.g. {', '.join(map(repr, texts[:6]))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="langid data folder")
    parser.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS), help="or 'all'")
    parser.add_argument("--limit", type=int, help="first N lines per language and set")
    parser.add_argument("--variant", choices=VARIANTS, default="as-is", help="change the texts")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        json.dump(worker(args.worker, args.data, args.limit, args.variant), sys.stdout)
        return
    if not args.data.is_dir():
        raise SystemExit(f"no test data at {args.data}")
    systems = SYSTEMS if args.systems == "all" else tuple(args.systems.split(","))
    from bot.language import service

    items = load_items(args.data, service.organisation().detect_languages, args.limit, args.variant)
    sets = [name for name in SETS if any(i.set == name for i in items)]
    print(
        f"{len(items)} texts from {args.data}: "
        + ", ".join(f"{name} {sum(i.set == name for i in items)}" for name in sets)
    )
    results = {}
    for system in systems:
        started = time.perf_counter()
        meta, outcomes = run_worker(system, args.data, args.limit, args.variant)
        results[system] = (meta, list(zip(items, outcomes, strict=True)))
        print(f"  ran {system} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    languages = sorted({i.language for i in items})
    print_summary(results, sets)
    print_targets(results)
    print_per_language(results, sets, languages)
    if "turva-stats" in results:
        print_close_groups(results["turva-stats"][1])
    if "turva" in results or "turva-stats" in results:
        print_uncertainty(results, sets, languages)
    print_lexicon_overlap(items)


if __name__ == "__main__":
    main()
