#!/usr/bin/env python3
"""Loads RETURNN config files with RETURNN's own Config and prints what RETURNN holds.

Usage: returnn-check.py CONFIG...
       returnn-check.py --replay < RUNS.json

One JSON object per file on stdout: {"path", "repr": {key: repr(value)}, "json": {key: value}}
for every key the file assigns (from Config.typed_dict), or {"path", "error"}. `repr` keeps ints,
floats, tuples and NaN apart exactly; `json` is the `config import` convention (non-finite floats
as "NaN"/"Infinity"/"-Infinity", tuples as arrays, dict keys as strings).
Used by tests/returnn_python.rs to check that exported snippets load back to the same values.

--replay reads a JSON list of runs {"config": PATH, "lr_file": PATH, "epochs": [{"train": {...},
"dev": {...}}, ...]} (non-finite scores as "NaN"/"Infinity"/"-Infinity") and drives RETURNN's
learning-rate control as its engine does: per epoch get_learning_rate_for_epoch, then
set_epoch_error with the train scores and save, then with the dev scores and save. Prints one
JSON line per run: {"learning_rates": [...], "learning_rate_file": TEXT} or {"error": TYPE,
"epoch": E, "learning_rates": [...]}.
"""
import json
import math
import sys

from returnn.config import Config

SKIP = {"config", "__file__", "__name__", "__package__", "__builtins__"}


def to_json(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    if isinstance(v, dict):
        return {(k if isinstance(k, str) else repr(k)): to_json(x) for k, x in v.items()}
    return v


def from_json(v):
    if isinstance(v, str) and v in ("NaN", "Infinity", "-Infinity"):
        return float(v.replace("Infinity", "inf").replace("NaN", "nan"))
    return v


def replay(runs):
    from returnn.learning_rate_control import load_learning_rate_control_from_config

    # RETURNN logs to stdout; keep stdout for the results.
    out, sys.stdout = sys.stdout, sys.stderr

    for run in runs:
        config = Config()
        config.load_file(run["config"])
        config.set("learning_rate_file", run["lr_file"])
        lrs = []
        epoch = 0
        try:
            control = load_learning_rate_control_from_config(config)
            for epoch, scores in enumerate(run["epochs"], start=1):
                lrs.append(to_json(control.get_learning_rate_for_epoch(epoch)))
                for part in ("train", "dev"):
                    if scores.get(part):
                        control.set_epoch_error(epoch, {k: from_json(x) for k, x in scores[part].items()})
                        control.save()
            with open(run["lr_file"]) as f:
                text = f.read()
            print(json.dumps({"learning_rates": lrs, "learning_rate_file": text}), file=out)
        except Exception as exc:
            print(json.dumps({"error": type(exc).__name__, "epoch": epoch, "learning_rates": lrs}), file=out)


def main(paths):
    for path in paths:
        try:
            config = Config()
            config.load_file(path)
            items = [(k, v) for k, v in config.typed_dict.items() if k not in SKIP]
            print(json.dumps({"path": path, "repr": {k: repr(v) for k, v in items}, "json": {k: to_json(v) for k, v in items}}))
        except Exception as exc:  # report, keep going
            print(json.dumps({"path": path, "error": "%s: %s" % (type(exc).__name__, exc)}))


if __name__ == "__main__":
    if sys.argv[1:] == ["--replay"]:
        replay(json.load(sys.stdin))
    else:
        main(sys.argv[1:])
