"""The learned drop-out model: features → scikit-learn pipeline, cross-validation, metrics, explanations.

No Django here. The same factory and evaluation serve the center's own model (risk_recompute) and the
honest check on the public UCI data (bench/bench_uci_dropout.py), so the figures in docs/BENCHMARKS.md
describe the code path the app runs.

The estimator is deliberately simple and explainable: median imputation (with a "was missing"
indicator), standardisation, one-hot codes for categorical columns, and a logistic regression with
balanced class weights. A learner's reasons are the largest coefficient × standardised value terms.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, average_precision_score, f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

# Small problems: BLAS threads only fight each other (12 s against 0.4 s a fit on a busy 2-core machine).
BLAS_THREADS = 1
RANDOM_STATE = 42
FOLDS = 5
MISSING_PREFIX = "missingindicator_"


def pipeline_factory(
    *, numeric: Sequence[int], categorical: Sequence[int] = (), class_weight: str | None = "balanced"
) -> Callable[[], Pipeline]:
    """A function that builds a fresh, unfitted pipeline (cross-validation needs one per fold).

    ``numeric`` and ``categorical`` are column positions in X; codes seen fewer than 10 times in a fold
    are pooled as "infrequent", so a rare code cannot carry a large coefficient on its own. Balanced class
    weights (the default, what the app uses) trade a little accuracy for finding the rarer drop-outs.
    """
    numeric, categorical = list(numeric), list(categorical)

    def build() -> Pipeline:
        # keep_empty_features: a measure nobody recorded yet (no rolls in the history) stays a zero column
        # with no weight, instead of vanishing and shifting every column after it.
        parts = [
            (
                "num",
                make_pipeline(
                    SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True), StandardScaler()
                ),
                numeric,
            )
        ]
        if categorical:
            parts.append(
                (
                    "cat",
                    OneHotEncoder(min_frequency=10, handle_unknown="infrequent_if_exist", sparse_output=False),
                    categorical,
                )
            )
        return Pipeline(
            [
                ("prep", ColumnTransformer(parts, verbose_feature_names_out=False)),
                ("model", LogisticRegression(class_weight=class_weight, max_iter=3000)),
            ]
        )

    return build


@dataclass(frozen=True)
class Evaluation:
    """Stratified k-fold figures: every sample is predicted by a model that never saw it."""

    samples: int
    positives: int
    roc_auc: float  # positive class against the rest, from the predicted probability
    pr_auc: float  # average precision of the same ranking
    macro_f1: float  # over every class, from the most probable class
    accuracy: float
    f1_by_class: dict[str, float] = field(default_factory=dict)
    folds: int = FOLDS


def evaluate(
    factory: Callable[[], Pipeline],
    X: np.ndarray,
    y: Sequence,
    *,
    positive,
    folds: int = FOLDS,
    random_state: int = RANDOM_STATE,
) -> Evaluation:
    """Cross-validated figures for ``factory``'s pipeline on (X, y); ``positive`` is the drop-out label."""
    y = np.asarray(y)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    with threadpool_limits(limits=BLAS_THREADS):
        proba = cross_val_predict(factory(), X, y, cv=splitter, method="predict_proba")
    classes = np.unique(y)  # cross_val_predict orders the columns like the estimator: sorted labels
    predicted = classes[proba.argmax(axis=1)]
    is_positive = y == positive
    p_positive = proba[:, list(classes).index(positive)]
    per_class = f1_score(y, predicted, labels=classes, average=None, zero_division=0)
    return Evaluation(
        samples=len(y),
        positives=int(is_positive.sum()),
        roc_auc=float(roc_auc_score(is_positive, p_positive)),
        pr_auc=float(average_precision_score(is_positive, p_positive)),
        macro_f1=float(f1_score(y, predicted, average="macro", zero_division=0)),
        accuracy=float(accuracy_score(y, predicted)),
        f1_by_class={str(label): float(score) for label, score in zip(classes, per_class, strict=True)},
        folds=folds,
    )


def train(factory: Callable[[], Pipeline], X: np.ndarray, y: Sequence) -> Pipeline:
    """The pipeline fitted on every sample (after ``evaluate`` has said how well it generalises)."""
    with threadpool_limits(limits=BLAS_THREADS):
        return factory().fit(X, np.asarray(y))


def positive_probability(model: Pipeline, X: np.ndarray, positive=1) -> np.ndarray:
    classes = list(model.classes_)
    return model.predict_proba(X)[:, classes.index(positive)]


def contributions(model: Pipeline, X: np.ndarray, feature_names: Sequence[str]) -> list[dict[str, float]]:
    """Per row, {feature: coefficient × standardised value} for a binary model (missing-value flags left out).

    Zero is the average learner of the training data; a positive term pushes towards drop-out.
    """
    prep, estimator = model.named_steps["prep"], model.named_steps["model"]
    transformed = prep.transform(X)
    names = list(prep.get_feature_names_out(_positional_names(len(feature_names))))
    coef = estimator.coef_[0] if estimator.classes_[1] == 1 else -estimator.coef_[0]
    rows = []
    for values in transformed:
        row: dict[str, float] = {}
        for name, weight, value in zip(names, coef, values, strict=True):
            if name.startswith(MISSING_PREFIX):
                continue
            # "x3" is column 3, "x5_9254" code 9254 of column 5 (one-hot): both belong to their column.
            feature = feature_names[int(name[1:].split("_")[0])]
            row[feature] = row.get(feature, 0.0) + float(weight * value)
        rows.append(row)
    return rows


def _positional_names(count: int) -> list[str]:
    return [f"x{i}" for i in range(count)]
