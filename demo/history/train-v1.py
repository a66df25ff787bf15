"""Trains the iris species classifier and logs the run to MLflow (./mlflow.db)."""
import argparse

import mlflow
import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
TARGET = "species"


def main():
    parser = argparse.ArgumentParser(description="Train the iris classifier and log it to MLflow.")
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args()

    data = pd.read_csv("data/iris.csv")
    train, val = train_test_split(data, test_size=0.2, stratify=data[TARGET], random_state=42)
    scaler = StandardScaler().fit(train[FEATURES])
    x_train, x_val = scaler.transform(train[FEATURES]), scaler.transform(val[FEATURES])
    classes = np.array(sorted(data[TARGET].unique()))
    model = SGDClassifier(loss="log_loss", learning_rate="constant", eta0=args.lr, random_state=42)

    mlflow.set_tracking_uri("sqlite:///mlflow.db")
    mlflow.set_experiment("iris-classifier")
    with mlflow.start_run():
        mlflow.log_param("model", "sgd_logreg")
        mlflow.log_params({"lr": args.lr, "epochs": args.epochs})
        mlflow.log_input(mlflow.data.from_pandas(train, source="data/iris.csv", name="iris-train", targets=TARGET), context="training")
        mlflow.log_input(mlflow.data.from_pandas(val, source="data/iris.csv", name="iris-val", targets=TARGET), context="validation")
        for epoch in range(args.epochs):
            model.partial_fit(x_train, train[TARGET], classes=classes)
            mlflow.log_metric("train/loss", log_loss(train[TARGET], model.predict_proba(x_train), labels=classes), step=epoch)
            mlflow.log_metric("accuracy", accuracy_score(val[TARGET], model.predict(x_val)), step=epoch)


if __name__ == "__main__":
    main()
