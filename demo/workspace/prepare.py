"""Derives model features from the raw measurements: data/iris.csv -> data/features.parquet (DVC stage `prepare`)."""
import pandas as pd

raw = pd.read_csv("data/iris.csv")
features = raw.assign(
    petal_area=raw.petal_length * raw.petal_width,
    sepal_area=raw.sepal_length * raw.sepal_width,
    petal_ratio=(raw.petal_length / raw.petal_width).round(4),
)
features.to_parquet("data/features.parquet", index=False)
