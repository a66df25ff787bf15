"""Writes demo/workspace/mlflow.db with MLflow's own client: the experiments, runs, metric curves,
datasets, logged models and registered models described in demo_store_content.py.

The runs' mlflow.source.git.commit tags name commits of the demo's git history, so that history is
made first, by scripts/prepare-demo.mjs (the code `npm start` runs too), in a temp folder, and the
store is written there. Run it again whenever demo/history.json or a committed file of
demo/workspace changes, since both change the commit hashes.

    .venv/bin/python demo/make_demo_store.py
"""
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from pathlib import Path

# The demo folder is committed; bytecode of its helper modules would litter it.
sys.dont_write_bytecode = True
# Before MLflow is imported (some modules bind uuid4 at import): run and model ids come from this seed.
_ids = random.Random(20261124)
uuid.uuid4 = lambda: uuid.UUID(int=_ids.getrandbits(128), version=4)
warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
import mlflow.utils.time  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import DatasetInput, InputTag, LoggedModelOutput, LoggedModelStatus, Metric, Param  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

from demo_store_content import EXPERIMENTS, REGISTRY, RUNS, STAGES_SET_AT, curves, ms  # noqa: E402
from make_demo_data import iris_v1  # noqa: E402

DEMO = Path(__file__).resolve().parent
REPO = DEMO.parent
TARGET = DEMO / "workspace" / "mlflow.db"


class MlflowClock:
    """Stands in for the `time` module inside mlflow.utils.time, so every creation and update time
    MLflow stamps (experiments, deletions, registry) is one this script chose."""

    def __init__(self):
        self.now_ms = 0

    def time(self):
        return (self.now_ms + 0.5) / 1000

    def __getattr__(self, name):
        return getattr(time, name)


clock = MlflowClock()
mlflow.utils.time.time = clock


def prepare_history(workspace: Path) -> list[str]:
    node = shutil.which("node")
    if node is None:
        sys.exit("node is not on the PATH: it runs scripts/prepare-demo.mjs, which makes the demo's git history")
    result = subprocess.run(
        [node, str(REPO / "scripts" / "prepare-demo.mjs"), str(workspace), "--json"],
        check=True, capture_output=True, text=True,
    )
    return [commit["hash"] for commit in json.loads(result.stdout)["commits"]]


def iris_inputs(version: int, seed: int):
    """The splits train.py makes (same seed, same digests as a run of train.py on that data)."""
    data = pd.read_csv(DEMO / "workspace" / "data" / "iris.csv")
    if version == 1:
        data = iris_v1(data)
    train, val = train_test_split(data, test_size=0.2, stratify=data["species"], random_state=seed)
    return [
        (mlflow.data.from_pandas(train, source="data/iris.csv", name="iris-train", targets="species"), "training"),
        (mlflow.data.from_pandas(val, source="data/iris.csv", name="iris-val", targets="species"), "validation"),
    ]


def churn_inputs(version: int):
    rng = random.Random(f"churn-v{version}")
    rows = 1000
    frame = pd.DataFrame({
        "tenure_months": [rng.randint(1, 72) for _ in range(rows)],
        "monthly_charges": [round(rng.uniform(19, 119), 2) for _ in range(rows)],
        "contract": [rng.choice(["monthly", "one_year", "two_year"]) for _ in range(rows)],
        "support_calls": [rng.randint(0, 9) for _ in range(rows)],
        "churned": [int(rng.random() < 0.2) for _ in range(rows)],
    })
    if version == 2:
        frame["days_since_login"] = [rng.randint(0, 90) for _ in range(rows)]
    source = f"s3://acme-analytics/churn/v{version}/customers.parquet"
    return [
        (mlflow.data.from_pandas(frame[:800], source=source, name="churn-customers", targets="churned"), "training"),
        (mlflow.data.from_pandas(frame[800:], source=source, name="churn-holdout", targets="churned"), "validation"),
    ]


def write_run(client, experiment_id, spec, commits):
    clock.now_ms = spec["start"]
    tags = dict(spec["tags"])
    if spec["commit"] is not None:
        tags["mlflow.source.git.commit"] = commits[spec["commit"]]
    run_id = client.create_run(experiment_id, start_time=spec["start"], tags=tags, run_name=spec["name"]).info.run_id
    client.log_batch(run_id, params=[Param(k, v) for k, v in spec["params"].items()])
    inputs = (iris_inputs(spec["data_version"], int(spec["params"].get("seed", 42)))
              if spec["experiment"] == "iris-classifier" else churn_inputs(spec["data_version"]))
    client.log_inputs(run_id, datasets=[
        DatasetInput(dataset._to_mlflow_entity(), [InputTag("mlflow.data.context", context)]) for dataset, context in inputs
    ])

    series = curves(spec)
    last = len(next(iter(series.values()))) - 1
    end = spec["start"] + (last + 2) * spec["epoch_ms"]
    model_id = None
    if spec["status"] == "FINISHED":
        clock.now_ms = end - 1000
        model_id = client.create_logged_model(
            experiment_id, name="model", source_run_id=run_id, params=spec["params"],
            tags={"framework": "sklearn" if spec["experiment"] == "iris-classifier" else spec["params"]["model"]},
        ).model_id
    metrics = [
        Metric(key, value, spec["start"] + (step + 1) * spec["epoch_ms"], step, model_id if step == last else None)
        for key, values in series.items() for step, value in enumerate(values)
    ]
    for first in range(0, len(metrics), 1000):
        client.log_batch(run_id, metrics=metrics[first:first + 1000])
    if model_id:
        client.finalize_logged_model(model_id, LoggedModelStatus.READY)
        client.log_outputs(run_id, [LoggedModelOutput(model_id, last)])
    if spec["status"] != "RUNNING":
        clock.now_ms = end
        client.set_terminated(run_id, spec["status"], end_time=end)
    if spec["deleted_at"]:
        clock.now_ms = spec["deleted_at"]
        client.delete_run(run_id)
    return run_id, model_id


def write_registry(client, run_ids, model_ids):
    for name, model in REGISTRY.items():
        clock.now_ms = ms(model["versions"][0][1]) - 60_000
        client.create_registered_model(name, tags=model["tags"], description=model["description"])
        for run_name, created, _, _, tags in model["versions"]:
            clock.now_ms = ms(created)
            client.create_model_version(
                name, f"models:/{model_ids[run_name]}", run_id=run_ids[run_name], tags=tags, model_id=model_ids[run_name],
                description=f"From run {run_name}.",
            )
        clock.now_ms = ms(STAGES_SET_AT)
        for version, (_, _, stage, aliases, _) in enumerate(model["versions"], start=1):
            client.transition_model_version_stage(name, str(version), stage)
            for alias in aliases:
                client.set_registered_model_alias(name, alias, str(version))


def write_store(db: Path, commits: list[str]):
    uri = f"sqlite:///{db}"
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    clock.now_ms = min(spec["start"] for spec in RUNS) - 3_600_000
    client = MlflowClient(uri, uri)
    experiment_ids = {name: client.create_experiment(name, tags=tags) for name, tags in EXPERIMENTS.items()}
    run_ids, model_ids = {}, {}
    for spec in RUNS:
        run_ids[spec["name"]], model_ids[spec["name"]] = write_run(client, experiment_ids[spec["experiment"]], spec, commits)
    write_registry(client, run_ids, model_ids)


def make_paths_relative(db: Path, workspace: str):
    """MLflow stores absolute artifact locations. The fixture travels, so they become relative to the
    workspace (MLflow resolves those against the folder it runs in), and no temp path is left."""
    con = sqlite3.connect(db)
    columns = [
        (table, column[1])
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        for column in con.execute(f'PRAGMA table_info("{table}")').fetchall()
        if any(kind in column[2].upper() for kind in ("CHAR", "TEXT", "CLOB"))
    ]
    for table, column in columns:
        for prefix in (f"file://{workspace}/", f"{workspace}/"):
            con.execute(f'UPDATE "{table}" SET "{column}" = replace("{column}", ?, \'\') WHERE instr("{column}", ?) > 0',
                        (prefix, prefix))
    con.commit()
    for table, column in columns:
        leftover = con.execute(f'SELECT count(*) FROM "{table}" WHERE instr("{column}", ?) > 0', (workspace,)).fetchone()[0]
        if leftover:
            sys.exit(f"{table}.{column} still holds the temp path {workspace}")
    con.execute("VACUUM")
    con.close()


def print_summary(db: Path, commits: list[str]):
    client = MlflowClient(f"sqlite:///{db}")
    print(f"{TARGET.relative_to(REPO)}: {db.stat().st_size // 1024} KiB")
    print("commits: " + ", ".join(commit[:8] for commit in commits))
    for experiment in client.search_experiments():
        runs = client.search_runs([experiment.experiment_id], run_view_type=3)
        print(f"experiment {experiment.name}: {len(runs)} runs")
        for run in sorted(runs, key=lambda r: r.info.start_time):
            commit = run.data.tags.get("mlflow.source.git.commit", "")[:8] or "-"
            accuracy = run.data.metrics.get("accuracy")
            print(f"  {run.info.run_name:20} {run.info.status:9} {run.info.lifecycle_stage:8} commit {commit:8} "
                  f"accuracy {'-' if accuracy is None else f'{accuracy:.3f}'}")
    for model in client.search_registered_models():
        versions = sorted(client.search_model_versions(f"name = '{model.name}'"), key=lambda v: int(v.version))
        aliases = {version: alias for alias, version in model.aliases.items()}
        print(f"model {model.name}: " + ", ".join(
            f"v{v.version} {v.current_stage}" + (f" @{aliases[v.version]}" if v.version in aliases else "") for v in versions))


def main():
    with tempfile.TemporaryDirectory(prefix="mlops-demo-store-") as temp:
        workspace = Path(temp).resolve() / "workspace"
        commits = prepare_history(workspace)
        db = workspace / "mlflow.db"
        db.unlink(missing_ok=True)
        # MLflow resolves its default artifact root (./mlruns) against the working directory.
        os.chdir(workspace)
        write_store(db, commits)
        make_paths_relative(db, str(workspace))
        shutil.copyfile(db, TARGET)
        print_summary(TARGET, commits)


if __name__ == "__main__":
    main()
