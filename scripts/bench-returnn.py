#!/usr/bin/env python3
"""Times RETURNN's own Python on workload (b) of `schedule-explorer bench`:
parse lr_file_mol.txt with RETURNN's loader (LearningRateControl.load: `eval` with EpochData, nan,
inf, np) and replay its scores under `newbob` (NewbobRelative, learning_rate 1.0, error measure
dev_loss_ce) from an empty history: per epoch get_learning_rate_for_epoch, then set_epoch_error
with the train scores and with the other scores (the driver order of the reference vectors).

Prints one JSON line like the CLI: {"workload": "parse_replay_lr_file_mol", "median_ms", "runs"}
(workload name suffixed with "_returnn_python"). Needs `pip install returnn` (and numpy).

    python3 scripts/bench-returnn.py [--runs N] [PATH]
"""
import argparse
import contextlib
import io
import json
import os
import statistics
import time

DEFAULT_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..",
    "tests/fixtures/realdata/lrfiles/rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt",
)


def replay_once(path):
    from returnn.config import Config
    from returnn.learning_rate_control import LearningRateControl, load_learning_rate_control_from_config

    # RETURNN's loader (the file is read and eval'ed exactly as a resumed training would).
    loader = LearningRateControl(default_learning_rate=1.0, filename=path)
    epochs = loader.epoch_data
    config = Config()
    config.update({"learning_rate_control": "newbob", "learning_rate": 1.0,
                   "learning_rate_control_error_measure": "dev_loss_ce"})
    control = load_learning_rate_control_from_config(config)
    total = 0.0
    for epoch in sorted(epochs):
        total += control.get_learning_rate_for_epoch(epoch)
        scores = epochs[epoch].error
        train = {k: v for k, v in scores.items() if k.startswith("train_")}
        other = {k: v for k, v in scores.items() if not k.startswith("train_")}
        for part in (train, other):
            if part:
                control.set_epoch_error(epoch, part)
    return len(epochs), total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("path", nargs="?", default=DEFAULT_PATH)
    args = ap.parse_args()
    sink = io.StringIO()  # RETURNN prints a line per decision; keep it out of the timing output
    with contextlib.redirect_stdout(sink):
        n, _ = replay_once(args.path)  # warm-up (imports, caches)
        samples = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            replay_once(args.path)
            samples.append((time.perf_counter() - t0) * 1000.0)
    assert n == 2000, n
    print(json.dumps({"workload": "parse_replay_lr_file_mol_returnn_python",
                      "median_ms": statistics.median(samples), "runs": args.runs}))


if __name__ == "__main__":
    main()
