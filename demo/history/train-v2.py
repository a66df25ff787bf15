"""Trains the iris species classifier and logs the run to MLflow (./mlflow.db)."""
import argparse

import mlflow
import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, f1_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
TARGET = "species"


def parse_args():
    parser = argparse.ArgumentParser(description="Train the iris classifier and log it to MLflow.")
    parser.add_argument("--model", choices=["sgd_logreg", "mlp"], default="mlp")
    parser.add_argument("--hidden", default="32,32", help="mlp layer sizes")
    parser.add_argument("--lr", type=float, default=0.005)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--alpha", type=float, default=1e-4, help="L2 regularization")
    return parser.parse_args()


def make_model(args):
    if args.model == "mlp":
        layers = tuple(int(size) for size in args.hidden.split(","))
        return MLPClassifier(layers, learning_rate_init=args.lr, alpha=args.alpha, random_state=42)
    return SGDClassifier(loss="log_loss", learning_rate="constant", eta0=args.lr, alpha=args.alpha, random_state=42)


def main():
    args = parse_args()
    data = pd.read_csv("data/iris.csv")
    train, val = train_test_split(data, test_size=0.2, stratify=data[TARGET], random_state=42)
    scaler = StandardScaler().fit(train[FEATURES])
    x_train, x_val = scaler.transform(train[FEATURES]), scaler.transform(val[FEATURES])
    classes = np.array(sorted(data[TARGET].unique()))
    model = make_model(args)

    # Explicit, so the run lands in this folder's store whatever MLflow version runs the script.
    mlflow.set_tracking_uri("sqlite:///mlflow.db")
    mlflow.set_experiment("iris-classifier")
    with mlflow.start_run():
        mlflow.log_param("model", args.model)
        mlflow.log_params({"lr": args.lr, "epochs": args.epochs, "alpha": args.alpha})
        if args.model == "mlp":
            mlflow.log_param("hidden_layers", args.hidden)
        mlflow.log_input(mlflow.data.from_pandas(train, source="data/iris.csv", name="iris-train", targets=TARGET), context="training")
        mlflow.log_input(mlflow.data.from_pandas(val, source="data/iris.csv", name="iris-val", targets=TARGET), context="validation")

        for epoch in range(args.epochs):
            model.partial_fit(x_train, train[TARGET], classes=classes)
            mlflow.log_metric("train/loss", log_loss(train[TARGET], model.predict_proba(x_train), labels=classes), step=epoch)
            predicted = model.predict(x_val)
            mlflow.log_metrics(
                {
                    "val/loss": log_loss(val[TARGET], model.predict_proba(x_val), labels=classes),
                    "accuracy": accuracy_score(val[TARGET], predicted),
                    "f1": f1_score(val[TARGET], predicted, average="macro"),
                },
                step=epoch,
            )


if __name__ == "__main__":
    main()
