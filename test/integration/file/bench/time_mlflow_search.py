"""Times MLflow's own search_runs on a file store, for the file-store benchmark.

usage: time_mlflow_search.py <root> <experiment_id> <order_by> [repeats=2]
Prints JSON: {"runs": n, "seconds": [first, second, ...]}.
"""

import json
import os
import sys
import time

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

from mlflow import MlflowClient  # noqa: E402


def main():
    root, experiment_id, order_by = sys.argv[1:4]
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    client = MlflowClient("file://" + os.path.abspath(root))
    seconds = []
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        runs = client.search_runs([experiment_id], order_by=[order_by], max_results=50000)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"runs": len(runs), "seconds": seconds, "first": runs[0].info.run_id if runs else None}))


if __name__ == "__main__":
    main()
