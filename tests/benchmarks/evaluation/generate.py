#!/usr/bin/env python3
"""Writes the benchmark's batch and baseline, shaped like tests/ModelOpsPortal.Tests/TestData/evaluation (same columns and
distributions): each row is a row of the reference data, resampled, with its scores and numbers jittered a little so
that the batch is not 50 copies of 20,000 rows. Standard library only; deterministic (seeded)."""
import csv, random, sys, os

def resample(source, target, rows, seed):
    rng = random.Random(seed)
    with open(source, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        data = list(reader)
    at = {name: i for i, name in enumerate(header)}
    jitter = {"score": 0.01, "challenger_score": 0.01, "income": 0.5, "utilization": 0.005}
    with open(target, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        for n in range(rows):
            row = list(rng.choice(data))
            row[at["record_id"]] = str(n + 1)
            for name, spread in jitter.items():
                value = float(row[at[name]]) + rng.uniform(-spread, spread)
                if name.endswith("score"):
                    value = min(1.0, max(0.0, value))
                row[at[name]] = f"{value:.6f}" if name.endswith("score") else f"{value:.4f}"
            out.writerow(row)

if __name__ == "__main__":
    testdata, folder, batch_rows, baseline_rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(folder, exist_ok=True)
    resample(os.path.join(testdata, "evaluation", "current.csv"), os.path.join(folder, "batch.csv"), batch_rows, 1)
    resample(os.path.join(testdata, "evaluation", "reference.csv"), os.path.join(folder, "baseline.csv"), baseline_rows, 2)
