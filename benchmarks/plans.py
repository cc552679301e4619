"""Classifying the 381 labelled priorities of the IVP fixture (target: under 30 s on this
machine), as a ratio against the bare tokenise-and-predict loop (stems, pairs and word pieces,
then the best theme by naive-Bayes score, nothing else). The full path trains the model from the
examples file and gives each priority fields, themes, confidence, the margin decision and the
deciding words. Rounds alternate between the two; medians are reported.

    uv run python benchmarks/plans.py [--rounds 7]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkkompas.settings")

import django

django.setup()

from wijkkompas.plans import classifier, demo  # noqa: E402

TARGET_S = 30.0


def full(texts: list[str]) -> float:
    start = time.perf_counter()
    model = classifier.train()
    for text in texts:
        model.predict(text)
    return time.perf_counter() - start


def bare(texts: list[str], model: classifier.Model) -> float:
    start = time.perf_counter()
    for text in texts:
        feats = [w for w in classifier.tokens(text) if w in model.vocabulary]
        max(model.themes, key=lambda t: model._score(t, feats))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    texts = [title for _theme, title in demo.fixture_items()]
    assert len(texts) == 381
    model = classifier.train()
    bare(texts, model)  # warm the stem cache for both
    full_times, bare_times = [], []
    for _ in range(args.rounds):
        full_times.append(full(texts))
        bare_times.append(bare(texts, model))
    f, b = statistics.median(full_times), statistics.median(bare_times)
    print(f"381 prioriteiten ingedeeld: mediaan {f * 1000:.1f} ms (doel < {TARGET_S:.0f} s)")
    print(f"kale tokenise-en-voorspel-lus: mediaan {b * 1000:.1f} ms")
    print(f"verhouding volledig / kaal: {f / b:.2f}")
    if f >= TARGET_S:
        sys.exit("Doel niet gehaald.")


if __name__ == "__main__":
    main()
