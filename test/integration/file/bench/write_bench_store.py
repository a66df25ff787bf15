"""Writes a large MLflow file store with MLflow's own client, for the file-store benchmark.

usage: write_bench_store.py <root> [runs=10000] [metrics=20] [points=100] [params=10] [workers=2]
Runs are written by several processes; the store is only complete when this script exits 0.
"""

import multiprocessing
import os
import random
import sys
import time

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric, Param  # noqa: E402

BATCH = 1000  # MLflow's log_batch limit on metrics


def write_runs(uri, experiment_id, count, metrics, points, params, seed):
    client = MlflowClient(uri)
    rng = random.Random(seed)
    for _ in range(count):
        run = client.create_run(experiment_id)
        run_id = run.info.run_id
        now = int(time.time() * 1000)
        history = [
            Metric(f"m{m}", rng.random(), now + p, p) for m in range(metrics) for p in range(points)
        ]
        for start in range(0, len(history), BATCH):
            batch_params = [Param(f"p{i}", str(rng.randint(0, 99))) for i in range(params)]
            client.log_batch(run_id, metrics=history[start : start + BATCH], params=batch_params if start == 0 else [])
        client.set_terminated(run_id)


def main():
    root = os.path.abspath(sys.argv[1])
    runs, metrics, points, params, workers = (
        [int(a) for a in sys.argv[2:7]] + [10000, 20, 100, 10, 2][len(sys.argv[2:7]) :]
    )
    uri = "file://" + root
    client = MlflowClient(uri)
    experiment_id = client.create_experiment("bench")
    share = [runs // workers + (1 if i < runs % workers else 0) for i in range(workers)]
    jobs = [
        multiprocessing.Process(
            target=write_runs, args=(uri, experiment_id, n, metrics, points, params, i)
        )
        for i, n in enumerate(share)
    ]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
        if job.exitcode != 0:
            sys.exit(job.exitcode)
    print(experiment_id)


if __name__ == "__main__":
    main()
