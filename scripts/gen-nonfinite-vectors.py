#!/usr/bin/env python3
"""Writes tests/fixtures/nonfinite/*.json: LR-control scenarios with NaN, +inf, -inf and zero
scores (zero makes the relative error inf or NaN), run through RETURNN itself (pip install
returnn) exactly as the reference vectors were made (README "Scenario file"): per epoch the LR,
merge meta, record the train_* scores and save, record the other scores and save, save.

    python3 scripts/gen-nonfinite-vectors.py      (from the repository root)

Non-finite floats are written as the strings "NaN", "Infinity", "-Infinity".
"""
import contextlib
import io
import itertools
import json
import math
import os
import shutil
import tempfile

OUT = os.path.join("tests", "fixtures", "nonfinite")
NAN, INF = float("nan"), float("inf")


def jf(x):
    if isinstance(x, float):
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
    return x


def jscores(d):
    return {k: jf(v) for k, v in d.items()}


def run_returnn(config, epochs):
    from returnn.config import Config
    from returnn.learning_rate_control import load_learning_rate_control_from_config

    exp = {"learning_rates": [], "stored_learning_rates": [], "error_keys": []}
    cwd = os.getcwd()
    tmp = tempfile.mkdtemp()
    os.chdir(tmp)
    stage, epoch = "init", None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            c = Config()
            c.update(dict(config))
            lrc = load_learning_rate_control_from_config(c)
            for ep in epochs:
                e = ep["epoch"]
                epoch = e
                stage = "get_learning_rate"
                exp["learning_rates"].append(jf(lrc.get_learning_rate_for_epoch(e)))
                stage = "set_epoch_error"
                train = {k: v for k, v in ep["scores"].items() if k.startswith("train_")}
                other = {k: v for k, v in ep["scores"].items() if not k.startswith("train_")}
                for part in (train, other):
                    if part:
                        lrc.set_epoch_error(e, part)
                        lrc.save()
                lrc.save()
                stage = "get_error_key"
                exp["error_keys"].append(lrc.get_error_key(e))
                exp["stored_learning_rates"].append(jf(lrc.epoch_data[e].learning_rate))
    except Exception as ex:  # noqa: BLE001 - the exception type is the expectation
        exp = {"error": type(ex).__name__, "error_stage": stage, "error_epoch": epoch,
               "learning_rates": exp["learning_rates"]}
    finally:
        path = os.path.join(tmp, config.get("learning_rate_file", "-"))
        text = open(path).read() if os.path.exists(path) else None
        os.chdir(cwd)
        shutil.rmtree(tmp, ignore_errors=True)
    exp["learning_rate_file"] = text
    return exp


SCHEMES = {
    "rel": {"learning_rate_control": "newbob"},
    "rel_div_old": {"learning_rate_control": "newbob_rel", "newbob_relative_error_div_by_old": True},
    "rel_growth": {"learning_rate_control": "newbob_rel", "learning_rate_growth": 1.25, "newbob_relative_error_threshold": -0.02},
    "rel_relative_lr": {"learning_rate_control": "newbob_relative", "learning_rate_control_relative_error_relative_lr": True},
    "rel_min_epochs": {"learning_rate_control": "newbob", "learning_rate_control_min_num_epochs_per_new_lr": 2},
    "abs": {"learning_rate_control": "newbob_abs", "newbob_error_threshold": -0.01},
    "abs_growth": {"learning_rate_control": "newbob_abs", "newbob_learning_rate_growth": 1.5},
    "multi2": {"learning_rate_control": "newbob_multi_epoch", "newbob_multi_num_epochs": 2},
    "multi3_interval2": {"learning_rate_control": "newbob_multi_epoch", "newbob_multi_num_epochs": 3,
                         "newbob_multi_update_interval": 2, "newbob_relative_error_threshold": 0.0},
}
# dev score sequences (one per epoch); None: the key is missing that epoch
PATTERNS = {
    "nan_mid": [2.0, 1.9, NAN, 1.95, 2.1, 2.2],
    "nan_first": [NAN, 1.9, 1.8, 1.85, 1.9, 2.0],
    "all_nan": [NAN, NAN, NAN, NAN],
    "inf_mid": [2.0, 1.9, INF, 1.95, 2.1, 2.2],
    "neg_inf_mid": [2.0, 1.9, -INF, 1.95, 2.1, 2.2],
    "inf_then_inf": [1.0, INF, INF, 0.9, 0.8],
    "zero_scores": [1.0, 0.0, 0.5, 0.0, 0.0, 0.7],
    "neg_scores_nan": [-1.0, -2.0, NAN, -1.5, -1.0],
}


def scenarios():
    for (sname, scfg), (pname, pattern) in itertools.product(SCHEMES.items(), PATTERNS.items()):
        config = {"learning_rate": 0.001, "learning_rate_file": "newbob.data", **scfg}
        epochs = [{"epoch": i + 1, "scores": {"dev_score_output": s}} for i, s in enumerate(pattern)]
        yield "%s__%s" % (sname, pname), config, epochs
    # NaN in the train score only, and in a key that is not the error key
    base = {"learning_rate": 0.001, "learning_rate_file": "newbob.data", "learning_rate_control": "newbob"}
    tr = [{"epoch": i + 1, "scores": {"train_score": t, "dev_score_output": d}}
          for i, (t, d) in enumerate([(1.0, 2.0), (NAN, 1.9), (0.8, 1.95), (INF, 2.1)])]
    yield "rel__nan_in_train_only", base, tr
    yield "rel__nan_in_train_measured", {**base, "learning_rate_control_error_measure": "train_score"}, tr
    side = [{"epoch": i + 1, "scores": {"dev_score_output": d, "dev_error_output": e}}
            for i, (d, e) in enumerate([(2.0, NAN), (1.9, INF), (1.95, NAN), (2.1, 0.3)])]
    yield "rel__nan_in_other_key", base, side
    yield "rel__nan_in_measured_second_key", {**base, "learning_rate_control_error_measure": "dev_error_output"}, side


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    n = 0
    for name, config, epochs in scenarios():
        exp = run_returnn(config, epochs)
        doc = {"name": name, "config": config,
               "epochs": [{"epoch": e["epoch"], "scores": jscores(e["scores"])} for e in epochs],
               "expected": exp}
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        n += 1
    print("%d scenarios in %s" % (n, OUT))


if __name__ == "__main__":
    main()
