#!/usr/bin/env python3
"""Loads RETURNN config files with RETURNN's own Config and prints what RETURNN holds.

Usage: returnn-check.py CONFIG...   (one JSON object per file on stdout:
{"path": ..., "values": {key: repr(value)}} for every key the file assigns, read from
Config.typed_dict; `repr` keeps ints, floats, tuples and NaN apart) or {"path", "error"}.
Used by tests/returnn_python.rs to check that exported snippets load back to the same values.
"""
import json
import sys

from returnn.config import Config

SKIP = {"config", "__file__", "__name__", "__package__", "__builtins__"}


def main(paths):
    for path in paths:
        try:
            config = Config()
            config.load_file(path)
            values = {k: repr(v) for k, v in config.typed_dict.items() if k not in SKIP}
            print(json.dumps({"path": path, "values": values}))
        except Exception as exc:  # report, keep going
            print(json.dumps({"path": path, "error": "%s: %s" % (type(exc).__name__, exc)}))


if __name__ == "__main__":
    main(sys.argv[1:])
