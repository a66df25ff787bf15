"""What the demo store holds: the runs, their metric curves and the registry, as plain data.
make_demo_store.py writes it with MLflow's client. Times are fixed so the store is reproducible."""
import math
import random
from datetime import datetime

NOW = "2026-11-24T16:00:00+01:00"  # the demo's "now": the running run was started shortly before


def ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


EXPERIMENTS = {
    "iris-classifier": {
        "team": "botany-ml",
        "project": "flora",
        "mlflow.note.content": "Species classifier for the field-survey app; versions are registered as **iris-classifier**.",
    },
    "churn-model": {"team": "growth", "project": "retention"},
}

IRIS_SOURCE = {"mlflow.source.name": "train.py", "mlflow.source.type": "LOCAL"}
CHURN_SOURCE = {"mlflow.source.name": "notebooks/churn.ipynb", "mlflow.source.type": "NOTEBOOK", "mlflow.user": "carla"}


def iris(name, commit, start, params, accuracy, *, user="ana", status="FINISHED", stop_at=None, note=None,
         deleted_at=None, diverges_at=None, overfits_at=None, epoch_seconds=0.6):
    """One run of train.py at the commit with that index in demo/history.json (the data version follows from it)."""
    metrics = ["train/loss", "accuracy"] if commit < 2 else ["train/loss", "val/loss", "accuracy", "f1"]
    return dict(
        experiment="iris-classifier", name=name, commit=commit, start=ms(start), status=status,
        params={"model": params.pop("model", "mlp"), **{k: str(v) for k, v in params.items()}},
        tags={**IRIS_SOURCE, "mlflow.user": user, **({"mlflow.note.content": note} if note else {})},
        data_version=1 if commit == 0 else 2, metrics=metrics, final={"accuracy": accuracy},
        steps=int(params["epochs"]), stop_at=stop_at, epoch_ms=int(epoch_seconds * 1000),
        deleted_at=ms(deleted_at) if deleted_at else None, diverges_at=diverges_at, overfits_at=overfits_at,
    )


def churn(name, start, params, auc, accuracy, *, status="FINISHED", stop_at=None, note=None, features=1, steps=None):
    return dict(
        experiment="churn-model", name=name, commit=None, start=ms(start), status=status,
        params={k: str(v) for k, v in params.items()},
        tags={**CHURN_SOURCE, **({"mlflow.note.content": note} if note else {})},
        data_version=features, metrics=["train/loss", "val/loss", "auc", "accuracy", "f1"],
        final={"auc": auc, "accuracy": accuracy}, steps=steps or int(params["n_estimators"]), stop_at=stop_at,
        epoch_ms=1500, deleted_at=None, diverges_at=None, overfits_at=None,
    )


RUNS = [
    iris("logreg-lr-0.01", 0, "2026-10-27T11:02:00+01:00", {"model": "sgd_logreg", "lr": 0.01, "epochs": 100}, 21 / 24),
    iris("logreg-lr-0.1", 0, "2026-10-27T11:20:00+01:00", {"model": "sgd_logreg", "lr": 0.1, "epochs": 100}, 22 / 24),
    churn("xgb-baseline", "2026-11-02T13:00:00+01:00",
          {"model": "xgboost", "lr": 0.1, "n_estimators": 200, "max_depth": 6}, 0.861, 0.842),
    churn("xgb-depth-4", "2026-11-02T13:40:00+01:00",
          {"model": "xgboost", "lr": 0.1, "n_estimators": 300, "max_depth": 4}, 0.874, 0.851),
    churn("logreg-churn", "2026-11-03T09:00:00+01:00",
          {"model": "logistic_regression", "C": 1.0, "max_iter": 100}, 0.812, 0.823, steps=100),
    iris("logreg-v2-data", 1, "2026-11-05T09:15:00+01:00", {"model": "sgd_logreg", "lr": 0.1, "epochs": 150}, 28 / 30, user="ben"),
    iris("logreg-lr-0.5", 1, "2026-11-05T09:40:00+01:00", {"model": "sgd_logreg", "lr": 0.5, "epochs": 200}, 26 / 30,
         user="ben", status="KILLED", stop_at=64, note="Stopped by hand: accuracy jumps around, lr too high."),
    iris("debug-split", 1, "2026-11-05T10:05:00+01:00", {"model": "sgd_logreg", "lr": 0.1, "epochs": 50}, 27 / 30,
         user="ben", deleted_at="2026-11-05T10:30:00+01:00"),
    churn("lgbm-v1", "2026-11-09T10:00:00+01:00",
          {"model": "lightgbm", "lr": 0.05, "n_estimators": 300, "max_depth": -1, "num_leaves": 31}, 0.879, 0.856),
    iris("mlp-16x16", 2, "2026-11-12T10:10:00+01:00",
         {"lr": 0.005, "epochs": 200, "alpha": 0.0001, "hidden_layers": "16,16"}, 29 / 30),
    iris("mlp-lr-0.1", 2, "2026-11-12T10:45:00+01:00",
         {"lr": 0.1, "epochs": 200, "alpha": 0.0001, "hidden_layers": "16,16"}, 10 / 30,
         status="FAILED", stop_at=37, diverges_at=15, note="Diverged: train/loss became NaN at epoch 37."),
    iris("mlp-64x64", 2, "2026-11-13T14:20:00+01:00",
         {"lr": 0.005, "epochs": 200, "alpha": 0.0001, "hidden_layers": "64,64"}, 28 / 30, overfits_at=90),
    iris("logreg-alpha-1e-3", 2, "2026-11-13T15:05:00+01:00",
         {"model": "sgd_logreg", "lr": 0.1, "epochs": 150, "alpha": 0.001}, 28 / 30),
    churn("lgbm-v2-features", "2026-11-16T10:00:00+01:00",
          {"model": "lightgbm", "lr": 0.05, "n_estimators": 250, "max_depth": 8, "num_leaves": 63}, 0.892, 0.868, features=2),
    churn("catboost-trial", "2026-11-17T16:00:00+01:00",
          {"model": "catboost", "lr": 0.03, "n_estimators": 300, "max_depth": 6}, 0.71, 0.80,
          status="FAILED", stop_at=12, note="Out of memory on the full feature set.", features=2),
    iris("mlp-32x32", 3, "2026-11-20T09:30:00+01:00",
         {"lr": 0.005, "epochs": 300, "alpha": 0.0001, "hidden_layers": "32,32", "seed": 42}, 30 / 30, user="ben"),
    iris("mlp-32x32-seed-7", 3, "2026-11-21T11:00:00+01:00",
         {"lr": 0.005, "epochs": 300, "alpha": 0.0001, "hidden_layers": "32,32", "seed": 7}, 29 / 30, user="ben"),
    iris("mlp-32x32-long", 3, "2026-11-24T15:52:00+01:00",
         {"lr": 0.002, "epochs": 300, "alpha": 0.0001, "hidden_layers": "32,32", "seed": 42}, 29 / 30,
         status="RUNNING", stop_at=120, epoch_seconds=3.5),
]

# Registered versions, oldest first: (model, run name, created, stage, aliases, tags)
REGISTRY = {
    "iris-classifier": {
        "description": "Predicts the iris species from sepal and petal measurements.",
        "tags": {"team": "botany-ml", "task": "classification"},
        "versions": [
            ("logreg-lr-0.1", "2026-10-27T12:00:00+01:00", "Archived", [], {}),
            ("logreg-v2-data", "2026-11-05T11:00:00+01:00", "Archived", [], {}),
            ("mlp-16x16", "2026-11-12T12:00:00+01:00", "Production", ["champion"], {"validation_status": "approved"}),
            ("mlp-32x32", "2026-11-20T11:00:00+01:00", "Staging", ["challenger"], {"validation_status": "pending"}),
        ],
    },
    "churn-predictor": {
        "description": "Probability that a customer cancels within 30 days.",
        "tags": {"team": "growth"},
        "versions": [
            ("xgb-baseline", "2026-11-02T15:00:00+01:00", "Archived", [], {}),
            ("lgbm-v2-features", "2026-11-16T12:00:00+01:00", "Production", ["champion"], {"validation_status": "approved"}),
        ],
    },
}
STAGES_SET_AT = "2026-11-20T12:00:00+01:00"


def curves(run) -> dict[str, list[float]]:
    """Per-step values of every metric of the run, seeded by its name."""
    rng = random.Random(run["name"])
    steps = run["stop_at"] or run["steps"]
    tau = run["steps"] / 6
    val_size = 24 if run["data_version"] == 1 else 30
    out = {}

    def approach(start, end, noise):
        return [end + (start - end) * math.exp(-s / tau) + rng.gauss(0, noise) for s in range(steps)]

    if run["experiment"] == "iris-classifier":
        acc = run["final"]["accuracy"]
        loss_end = 0.06 + (1 - acc) * 1.5
        out["train/loss"] = [max(v, 0.01) for v in approach(1.1, loss_end, 0.01)]
        val_loss = [v + 0.03 for v in approach(1.15, loss_end, 0.015)]
        if run["overfits_at"]:
            val_loss = [v + max(0, s - run["overfits_at"]) * 0.0015 for s, v in enumerate(val_loss)]
        accuracy = [round(min(1, max(0, v)) * val_size) / val_size for v in approach(0.33, acc, 0.02)]
        if run["diverges_at"]:
            d = run["diverges_at"]
            out["train/loss"] = out["train/loss"][:d] + [out["train/loss"][d] * 1.6 ** (s - d) for s in range(d, steps)]
            out["train/loss"][-1] = math.nan
            val_loss = val_loss[:d] + [val_loss[d] * 1.5 ** (s - d) for s in range(d, steps)]
            accuracy = accuracy[:d] + [10 / 30] * (steps - d)
        if run["status"] in ("FINISHED", "FAILED"):
            accuracy[-1] = acc
        out["accuracy"] = accuracy
        if "val/loss" in run["metrics"]:
            out["val/loss"] = val_loss
            # Macro F1 of a balanced 3-class problem sits just below accuracy, and is 1 only when accuracy is.
            out["f1"] = [a if a == 1 else round(max(0, a - abs(rng.gauss(0.004, 0.004))), 4) for a in accuracy]
    else:
        auc, acc = run["final"]["auc"], run["final"]["accuracy"]
        out["train/loss"] = approach(0.69, 0.52 - (auc - 0.8), 0.003)
        out["val/loss"] = approach(0.69, 0.56 - (auc - 0.8) * 0.8, 0.004)
        out["auc"] = [min(v, 0.999) for v in approach(0.70, auc, 0.002)]
        out["accuracy"] = approach(0.79, acc, 0.002)
        out["f1"] = [max(0, v) for v in approach(0.30, 0.45 + (auc - 0.8) * 2, 0.006)]
    return out
