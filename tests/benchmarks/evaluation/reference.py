#!/usr/bin/env python3
"""The same metrics computed the way a data scientist would with pandas + scikit-learn + SciPy, timed from reading
the files to the last number: the yardstick the portal's evaluation endpoint is measured against."""
import sys, time, json
import numpy as np, pandas as pd
from scipy.stats import ks_2samp
from sklearn.metrics import roc_auc_score, accuracy_score, precision_score, recall_score, f1_score, log_loss, brier_score_loss

def psi(ref, cur):
    ref = np.maximum(ref, 1e-4); cur = np.maximum(cur, 1e-4)
    return float(np.sum((cur - ref) * np.log(cur / ref)))

def delong(y, a, b):
    from scipy.stats import rankdata, norm
    pos, neg = a[y == 1], a[y == 0]
    m, n = len(pos), len(neg)
    def components(s):
        x, z = s[y == 1], s[y == 0]
        tx, tz, t = rankdata(x), rankdata(z), rankdata(np.concatenate([x, z]))
        auc = (t[:m].sum() - m * (m + 1) / 2) / (m * n)
        return auc, (t[:m] - tx) / n, 1 - (t[m:] - tz) / m
    auc_a, v10a, v01a = components(a)
    auc_b, v10b, v01b = components(b)
    s10 = np.cov(np.vstack([v10a, v10b])); s01 = np.cov(np.vstack([v01a, v01b]))
    var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / m + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / n
    z = (auc_b - auc_a) / np.sqrt(var)
    return auc_b - auc_a, z, 2 * norm.sf(abs(z))

def main(batch_path, baseline_path):
    started = time.perf_counter()
    batch = pd.read_csv(batch_path)
    baseline = pd.read_csv(baseline_path)
    y = batch["label"].to_numpy()
    out = {}
    for column in ["score", "challenger_score"]:
        s = batch[column].to_numpy(); p = (s >= 0.5).astype(int)
        auc = roc_auc_score(y, s)
        out[column] = dict(auc=auc, gini=2 * auc - 1, ks=ks_2samp(s[y == 1], s[y == 0]).statistic,
                           accuracy=accuracy_score(y, p), precision=precision_score(y, p), recall=recall_score(y, p), f1=f1_score(y, p),
                           log_loss=log_loss(y, np.clip(s, 1e-15, 1 - 1e-15)), brier=brier_score_loss(y, s))
    for feature in ["income", "utilization", "tenure_months"]:
        ref, cur = baseline[feature].to_numpy(), batch[feature].to_numpy()
        edges = np.quantile(ref, np.linspace(0.1, 0.9, 9))
        share = lambda v: np.bincount(np.searchsorted(edges, v, side="right"), minlength=10) / len(v)
        out[feature] = dict(psi=psi(share(ref), share(cur)), ks=ks_2samp(ref, cur).statistic)
    ref_share = baseline["region"].value_counts(normalize=True)
    cur_share = batch["region"].value_counts(normalize=True)
    cats = list(ref_share.index)
    out["region"] = dict(psi=psi(np.append(ref_share[cats].to_numpy(), 0),
                                 np.append(cur_share.reindex(cats, fill_value=0).to_numpy(), 1 - cur_share.reindex(cats, fill_value=0).sum())))
    p = (batch["score"] >= 0.5).astype(int)
    for attribute in ["gender", "age_band", "race"]:
        g = pd.DataFrame({"g": batch[attribute], "p": p, "y": y})
        rates = g.groupby("g").apply(lambda d: pd.Series({"sel": d.p.mean(), "tpr": d.p[d.y == 1].mean(), "fpr": d.p[d.y == 0].mean()}))
        out[attribute] = dict(dpd=rates.sel.max() - rates.sel.min(), di=rates.sel.min() / rates.sel.max())
    out["comparison"] = dict(zip(["auc_difference", "z", "p_value"], delong(y, batch["score"].to_numpy(), batch["challenger_score"].to_numpy())))
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "auc": out["score"]["auc"], "challenger_auc": out["challenger_score"]["auc"],
                      "income_psi": out["income"]["psi"], "auc_difference": out["comparison"]["auc_difference"]}, default=float))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
