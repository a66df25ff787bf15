"""Writes the demo's data files and their DVC metadata: workspace/data/iris.csv (150 rows, v2),
workspace/data/features.parquet (by running workspace/prepare.py), workspace/data/iris.csv.dvc,
workspace/dvc.lock and history/iris-v1.csv.dvc (v1: the first 40 samples of each species).

Run rarely: the md5s written here are part of the demo's git history, so any change of these files
changes the commit hashes and make_demo_store.py must be run again.

    .venv/bin/python demo/make_demo_data.py
"""
import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
from sklearn.datasets import load_iris

DEMO = Path(__file__).resolve().parent
WORKSPACE = DEMO / "workspace"
COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
V1_SAMPLES_PER_SPECIES = 40


def iris_v2() -> pd.DataFrame:
    """The full data set as committed in workspace/data/iris.csv."""
    bunch = load_iris(as_frame=True)
    frame = bunch.frame.rename(columns=dict(zip(bunch.feature_names, COLUMNS)))
    frame["species"] = [bunch.target_names[t] for t in frame.pop("target")]
    return frame


def iris_v1(v2: pd.DataFrame) -> pd.DataFrame:
    """The first data version: 30 samples fewer, added in the second commit of the history."""
    return v2.groupby("species", sort=False).head(V1_SAMPLES_PER_SPECIES).reset_index(drop=True)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode()


def md5_entry(content: bytes, path: str, indent: str) -> str:
    # DVC 3's layout: plain md5 of the bytes, marked `hash: md5`.
    md5 = hashlib.md5(content).hexdigest()
    return f"{indent}md5: {md5}\n{indent}size: {len(content)}\n{indent}hash: md5\n{indent}path: {path}\n"


def dvc_file(content: bytes) -> str:
    return "outs:\n- " + md5_entry(content, "iris.csv", "  ")[2:]


def lock_entry(path: Path, name: str) -> str:
    content = path.read_bytes()
    md5 = hashlib.md5(content).hexdigest()
    return f"    - path: {name}\n      hash: md5\n      md5: {md5}\n      size: {len(content)}\n"


def main():
    v2 = iris_v2()
    iris_csv = WORKSPACE / "data" / "iris.csv"
    iris_csv.write_bytes(csv_bytes(v2))
    subprocess.run([sys.executable, "prepare.py"], cwd=WORKSPACE, check=True)

    (WORKSPACE / "data" / "iris.csv.dvc").write_text(dvc_file(iris_csv.read_bytes()))
    (DEMO / "history" / "iris-v1.csv.dvc").write_text(dvc_file(csv_bytes(iris_v1(v2))))
    (WORKSPACE / "dvc.lock").write_text(
        "schema: '2.0'\nstages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n"
        + lock_entry(iris_csv, "data/iris.csv")
        + lock_entry(WORKSPACE / "prepare.py", "prepare.py")
        + "    outs:\n"
        + lock_entry(WORKSPACE / "data" / "features.parquet", "data/features.parquet")
    )
    for name in ("data/iris.csv", "data/iris.csv.dvc", "data/features.parquet", "dvc.lock"):
        print(f"wrote workspace/{name} ({(WORKSPACE / name).stat().st_size} bytes)")
    print("wrote history/iris-v1.csv.dvc")


if __name__ == "__main__":
    main()
