#!/usr/bin/env python3
"""Loads RETURNN config files with RETURNN's own Config and prints what RETURNN holds.

Usage: returnn-check.py CONFIG...

One JSON object per file on stdout: {"path", "repr": {key: repr(value)}, "json": {key: value}}
for every key the file assigns (from Config.typed_dict), or {"path", "error"}. `repr` keeps ints,
floats, tuples and NaN apart exactly; `json` is the `config import` convention (non-finite floats
as "NaN"/"Infinity"/"-Infinity", tuples as arrays, dict keys as strings).
Used by tests/returnn_python.rs to check that exported snippets load back to the same values.
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
    main(sys.argv[1:])
