"""The drop-out model's learning pipeline, evaluated honestly on public data (not a test).

UCI "Predict Students' Dropout and Academic Success" (id 697, CC BY 4.0; Realinho et al. 2022), copied
to bench/data/uci-student-dropout/ from ../shared/data/. Stratified 5-fold cross-validation (shuffled, random_state 42)
through lotrinh.retention.learning — the same pipeline factory and evaluation the app uses for a
center's own model — for all 36 features and for the 24 known at enrolment (no curricular-unit columns).

    .venv/bin/python bench/bench_uci_dropout.py [--data PATH]

The data is Portuguese higher education: it tests the pipeline (loading, training, metrics), it is not
a model for Vietnamese learners.
"""

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lotrinh.retention.learning import Evaluation, evaluate, pipeline_factory  # noqa: E402

# A copy of the shared reference file (CC BY 4.0, attribution in the README beside it), so CI has it too.
DATA = ROOT / "bench" / "data" / "uci-student-dropout" / "data.csv"
TARGET = "Target"
POSITIVE = "Dropout"
# Code lists (nominal values): one-hot encoded; every other column is a number.
CATEGORICAL = {
    "Marital status",
    "Application mode",
    "Course",
    "Previous qualification",
    "Nacionality",
    "Mother's qualification",
    "Father's qualification",
    "Mother's occupation",
    "Father's occupation",
}
# Results of the first two semesters: unknown when a learner enrols.
AFTER_ENROLMENT_PREFIX = "Curricular units"
# Measured in the research notes (shared/domain/guidance-matching-retention.md §C3), logistic regression.
BASELINE = {"all": (0.922, 0.701, 0.886), "enrolment": (0.822, 0.541, 0.735)}


@dataclass(frozen=True)
class Dataset:
    columns: list[str]
    X: np.ndarray
    y: np.ndarray


def load(path: Path = DATA) -> Dataset:
    """The CSV as UCI ships it: UTF-8 with a BOM, ';' separated, one header with a trailing tab."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = [name.strip() for name in next(reader)]
        rows = [row for row in reader if row]
    target = header.index(TARGET)
    columns = [name for i, name in enumerate(header) if i != target]
    X = np.array([[float(v) for i, v in enumerate(row) if i != target] for row in rows], dtype=float)
    y = np.array([row[target] for row in rows])
    return Dataset(columns=columns, X=X, y=y)


def run(dataset: Dataset, *, enrolment_only: bool = False, class_weight: str | None = "balanced") -> Evaluation:
    keep = [i for i, c in enumerate(dataset.columns) if not (enrolment_only and c.startswith(AFTER_ENROLMENT_PREFIX))]
    columns = [dataset.columns[i] for i in keep]
    X = dataset.X[:, keep]
    categorical = [i for i, c in enumerate(columns) if c in CATEGORICAL]
    numeric = [i for i, c in enumerate(columns) if c not in CATEGORICAL]
    factory = pipeline_factory(numeric=numeric, categorical=categorical, class_weight=class_weight)
    return evaluate(factory, X, dataset.y, positive=POSITIVE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    dataset = load(args.data)
    counts = ", ".join(f"{label} {int((dataset.y == label).sum()):,}" for label in sorted(set(dataset.y)))
    print(f"# UCI drop-out data: {len(dataset.y):,} learners, {len(dataset.columns)} features ({counts})\n")
    print(
        "| features | model | ROC-AUC dropout vs rest | PR-AUC | macro-F1 (3 classes) | accuracy "
        "| F1 Dropout / Enrolled / Graduate | baseline AUC / macro-F1 / PR-AUC | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for key, label, enrolment_only in (
        ("all", "all 36", False),
        ("enrolment", "24 known at enrolment", True),
    ):
        for weights, model in (("balanced", "LogReg, balanced (the app)"), (None, "LogReg, unweighted")):
            started = time.perf_counter()
            result = run(dataset, enrolment_only=enrolment_only, class_weight=weights)
            seconds = time.perf_counter() - started
            f1 = result.f1_by_class
            base = BASELINE[key]
            print(
                f"| {label} | {model} | {result.roc_auc:.3f} | {result.pr_auc:.3f} | {result.macro_f1:.3f} "
                f"| {result.accuracy:.3f} | {f1['Dropout']:.3f} / {f1['Enrolled']:.3f} / {f1['Graduate']:.3f} "
                f"| {base[0]:.3f} / {base[1]:.3f} / {base[2]:.3f} | {seconds:.1f} |"
            )
    print(
        "\nStratified 5-fold CV (shuffle, random_state=42), predictions by cross_val_predict; pipeline = "
        "lotrinh.retention.learning.pipeline_factory (median imputation, standardisation, one-hot codes with "
        "≥ 10 rows, LogisticRegression, class_weight='balanced' in the app; the unweighted row matches the baseline's "
        "setting). Baseline: research notes §C3 (one-hot + standardisation + LogisticRegression(max_iter=3000)).\n"
    )
    print("Command: .venv/bin/python bench/bench_uci_dropout.py")


if __name__ == "__main__":
    main()
