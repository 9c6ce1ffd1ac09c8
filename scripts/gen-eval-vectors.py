#!/usr/bin/env python3
"""Writes tests/fixtures/eval/*.jsonl: config expressions and the values Python and numpy give them
(run from the repository root, with numpy installed; RETURNN too for `configs.jsonl`).

`expressions.jsonl`, one line per expression:
  {"expr": "...", "expect": "value", "repr": "<Python's repr of the value>"}
      the importer's evaluator must give exactly this value (repr compares ints and floats apart,
      tuples, np.float64 elements, and every float bit for bit: repr round-trips);
  {"expr": "...", "expect": "raises", "error": "<exception type>", "message": "..."}
      Python raises; the evaluator must report that exception type (never a value);
  {"expr": "...", "expect": "refused", "why": "...", "python": "<what Python gives>"}
      past the evaluator's limits (ints beyond 2^127, lists beyond 100 000 elements, ...) or not
      evaluated on purpose: the evaluator must give no value (Python's result is kept for reference).
The names `numpy` and `np` are bound to numpy (as `import numpy` / `import numpy as np` would).

`random.jsonl`: the same format for random arithmetic over ints and floats (seeded), the operators
+ - * / // % ** and unary minus, so that every corner of Python's int/float semantics (floor
division and modulo of negative and non-integral operands, true division of ints, int ** negative
int, overflow to inf, OverflowError, ZeroDivisionError) is compared against CPython itself.

`configs.jsonl` (with RETURNN): {"name", "file_name", "text", "typed": {KEY: repr}, "dict": {KEY: [str]}}
what `returnn.config.Config().load_file(path)` holds for each key of a small config text:
`typed_dict` values (repr) and the line-based form's `dict` (lists of strings), or {"error": type}.
"""
import json
import math
import os
import random
import sys
import tempfile

import numpy
import numpy as np

OUT = os.path.join("tests", "fixtures", "eval")

# (expression, "value" | "refused:<why>") — "value" lines are checked against Python's result;
# where Python raises, the line becomes an "raises" vector automatically.
EXPRESSIONS = [
    # the real configs
    ("0.0008 / 50.", "value"), ("150 + 300 + 6", "value"), ("20 // 5", "value"),
    ("list(numpy.linspace(0.0003, 0.0008, num=15))", "value"),
    ("[0.0003] * 10 + list(numpy.linspace(0.0003, 0.0008, num=10))", "value"),
    ("[0.001] * 30", "value"),
    ("list(np.linspace(0.0003, 0.001, num=10))", "value"),
    ("list(numpy.linspace(1e-5, 1e-3, 20, endpoint=False))", "value"),
    ("list(numpy.linspace(0.001, 0.0001, num=1))", "value"),
    ("list(numpy.linspace(0.001, 0.0001, num=1, endpoint=False))", "value"),
    ("list(numpy.linspace(0.001, 0.0001, num=0))", "value"),
    ("list(numpy.linspace(0.1, 0.1, num=5))", "value"),
    ("list(numpy.linspace(0, 1, 7))", "value"),
    ("list(numpy.linspace(5e-324, 1e-323, 4))", "value"),
    ("list(numpy.linspace(-1.0, 1.0, num=101))", "value"),
    ("list(numpy.linspace(1e-3, 1e-5, num=33, endpoint=True))", "value"),
    ("list(numpy.linspace(0.0, 1e308, num=3))", "value"),
    ("list(numpy.linspace(-1e308, 1e308, num=3))", "value"),
    ("list(numpy.linspace(True, 3, num=3))", "value"),
    ("list(numpy.linspace(0.1, 0.2, num=1000))", "value"),
    ("tuple(numpy.linspace(0.1, 0.2, 3))", "value"), ("numpy.linspace(0.0003, 0.001, 8).tolist()", "value"),
    ("[0.1] + np.linspace(0.1, 0.01, num=4, endpoint=False).tolist()", "value"),
    ("list(numpy.linspace(0, 1, -1))", "value"),
    ("list(numpy.linspace(0, 1, 2.0))", "value"),
    # arithmetic
    ("1 / 3", "value"), ("2 / 4", "value"), ("-7 // 2", "value"), ("-7 % 2", "value"), ("7 % -2", "value"),
    ("7.5 // 2", "value"), ("-7.5 // 2", "value"), ("-7.5 % 2", "value"), ("7.5 % -2", "value"),
    ("-0.0 % 5", "value"), ("0.0 % -5", "value"), ("-1 % 1e300", "value"), ("1e300 // 1e-300", "value"),
    ("5 // 0.3", "value"), ("5 % 0.3", "value"), ("-5 // 0.3", "value"), ("1 // float('inf')", "value"),
    ("-1 // float('inf')", "value"), ("-1 % float('inf')", "value"), ("float('nan') // 2", "value"),
    ("2 ** 10", "value"), ("2 ** -1", "value"), ("10 ** -3", "value"), ("2 ** 0.5", "value"), ("0.5 ** 2", "value"),
    ("(-2) ** 3", "value"), ("(-2.0) ** 3", "value"), ("(-2.0) ** -3", "value"), ("(-8) ** 2.0", "value"),
    ("1.1 ** 10", "value"), ("0.98 ** 50", "value"), ("0.5 ** 1074", "value"), ("0.5 ** 1075", "value"),
    ("10 ** 30", "value"), ("10 ** 38", "value"), ("10 ** 30 // 7", "value"), ("-(10 ** 30) // 7", "value"),
    ("10 ** 30 / 7", "value"), ("2 ** 126 + 1", "value"), ("(2 ** 126 + 1) / 3", "value"),
    ("0 ** 0", "value"), ("0.0 ** 0", "value"), ("float('nan') ** 0", "value"), ("1 ** float('nan')", "value"),
    ("float('inf') ** -1", "value"), ("(-float('inf')) ** 3", "value"), ("2.0 ** float('-inf')", "value"),
    ("1e308 * 10", "value"), ("-1e308 * 10", "value"), ("1e308 + 1e308", "value"), ("1e-320 / 1e10", "value"),
    ("True + True", "value"), ("-True", "value"), ("+True", "value"), ("~5", "value"), ("-(-3)", "value"), ("--3.5", "value"),
    ("3 * 0.1", "value"), ("0.1 + 0.2", "value"), ("1e16 + 1", "value"), ("2 ** 53 + 1.0", "value"),
    ("(2 ** 53 + 1) / 1", "value"), ("9007199254740993 * 1.0", "value"),
    ("1 / 0", "value"), ("1 // 0", "value"), ("1 % 0", "value"), ("1.0 / 0", "value"), ("1.0 // 0.0", "value"),
    ("1.0 % 0", "value"), ("0 ** -1", "value"), ("0.0 ** -2.5", "value"), ("2.0 ** 10000", "value"),
    ("10.0 ** 400", "value"), ("(-10.0) ** 401", "value"), ("2 ** -2000", "value"),
    ("None + 1", "value"), ("'a' + 1", "value"), ("[1] + (2,)", "value"), ("[1] * 2.0", "value"),
    ("-'a'", "value"), ("~1.5", "value"),
    # sequences
    ("[1, 2] + [3]", "value"), ("(1, 2) + (3,)", "value"), ("[0.1] * 3 + [0.01] * 2", "value"), ("3 * [0.5]", "value"),
    ("[1] * -1", "value"), ("[] * 10 ** 30", "value"), ("'' * 10 ** 30", "value"), ("() * (10 ** 30)", "value"), ("[1] * -(10 ** 30)", "value"), ("[] * (2 ** 63 - 1)", "value"), ("[1] * 0", "value"), ("[1, 2] * True", "value"), ("'ab' * 3", "value"), ("'ab' + 'cd'", "value"),
    ("[[0.1, 0.2]] * 2", "value"), ("[*[1, 2], *(3,)]", "value"), ("(*range(3), 4)", "value"),
    ("list(range(5))", "value"), ("list(range(1, 10, 3))", "value"), ("list(range(10, 0, -3))", "value"), ("list(range(0))", "value"),
    ("list(range(5, 1))", "value"), ("tuple(range(3))", "value"), ("list((1, 2))", "value"), ("list('abc')", "value"),
    ("list()", "value"), ("tuple()", "value"), ("list({'a': 1, 'b': 2})", "value"), ("list(range(0, 1, 0))", "value"),
    ("list(range(1.5))", "value"), ("list(5)", "value"),
    ("{'class': 'adam', 'epsilon': 1e-8 * 10}", "value"), ("{1: 0.1 * 2, 2: 0.05}", "value"),
    ("{'betas': (0.9, 1 - 1e-3)}", "value"),
    # conversions
    ("float(3)", "value"), ("float('1e-3')", "value"), ("float(' -inf ')", "value"), ("float('nan')", "value"),
    ("float(True)", "value"), ("float('abc')", "value"), ("float(10 ** 30)", "value"), ("float()", "value"),
    ("int(3.9)", "value"), ("int(-3.9)", "value"), ("int('42')", "value"), ("int(' 7 ')", "value"), ("int('1_000')", "value"),
    ("int('4.5')", "value"), ("int('0x10')", "value"), ("int('+7')", "value"), ("float('1_0.5')", "value"),
    ("float('infinity')", "value"), ("float('-NaN')", "value"), ("float('1e')", "value"), ("int('\u0661\u0662')", "refused:non-ASCII digits"), ("int(float('inf'))", "value"), ("int(float('nan'))", "value"), ("int(1e30)", "value"),
    ("int()", "value"), ("int(True)", "value"), ("abs(-3)", "value"), ("abs(-2.5)", "value"), ("abs(True)", "value"),
    # refused: beyond the limits or not evaluated on purpose
    ("10 ** 39", "refused:an int beyond 2^127"), ("2 ** 127", "refused:an int beyond 2^127"),
    ("10 ** 100 // 10 ** 98", "refused:an int beyond 2^127"), ("[0] * 10 ** 9", "refused:more than 100000 elements"),
    ("[0] * 100001", "refused:more than 100000 elements"), ("list(range(10 ** 6))", "refused:more than 100000 elements"),
    ("list(numpy.linspace(0, 1, num=200000))", "refused:more than 100000 elements"),
    ("(-8) ** (1 / 3)", "refused:a complex result"), ("(-2.0) ** 0.5", "refused:a complex result"),
    ("range(3)", "refused:a range object"), ("numpy.linspace(0, 1, 3)", "refused:a numpy array"),
    ("numpy.ones(3)", "refused:a call of another numpy function"), ("max(1, 2)", "refused:a call"),
    ("sum([1, 2])", "refused:a call"), ("numpy.pi", "refused:an attribute"), ("[x for x in [1, 2]]", "refused:a comprehension"),
    ("1 if True else 2", "refused:a conditional expression"), ("1 < 2", "refused:a comparison"),
    ("f'{1}'", "refused:an f-string"), ("lr", "refused:an unbound name"), ("HyperParam(0.1)", "refused:a call"),
    ("{1, 2}", "refused:a set"), ("'laplace:%i' % 5", "refused:string formatting"), ("'%s' % 'x'", "refused:string formatting"), ("(lambda: 1)()", "refused:a lambda"),
    ("np.linspace(0, 1, 3)[0]", "refused:a subscript"), ("list(numpy.linspace(0, 1, 3)) [0] * 2", "refused:a subscript"),
    ("list(numpy.linspace(0.0, 1.0, 3, retstep=True))", "refused:retstep"),
    ("list(numpy.linspace([0, 1], 2, 3))", "refused:array arguments"),
]


def py_repr(v):
    return repr(v)


def run(expr):
    ns = {"numpy": numpy, "np": np, "HyperParam": None}
    try:
        return ("value", eval(expr, ns))
    except Exception as e:  # noqa: BLE001 - recording what Python raises is the point
        return ("raises", e)


def line_for(expr, want):
    kind, v = run(expr)
    if want.startswith("refused:"):
        python = repr(v) if kind == "value" else "%s: %s" % (type(v).__name__, v)
        if len(python) > 200:
            python = python[:200] + "..."
        return {"expr": expr, "expect": "refused", "why": want.split(":", 1)[1], "python": python}
    if kind == "raises":
        return {"expr": expr, "expect": "raises", "error": type(v).__name__, "message": str(v)}
    if isinstance(v, complex):
        raise SystemExit("%s gives a complex number: mark it refused" % expr)
    return {"expr": expr, "expect": "value", "repr": py_repr(v)}


def random_expr(rng, depth):
    """A random arithmetic expression over ints and floats (including negative, zero and large)."""
    if depth == 0 or rng.random() < 0.3:
        kind = rng.random()
        if kind < 0.35:
            return str(rng.choice([0, 1, 2, 3, 5, 7, 10, 16, 100, 12345, 2 ** 40, 10 ** 15]))
        if kind < 0.8:
            return repr(rng.choice([0.0, 0.1, 0.5, 1.5, 2.0, 3.25, 1e-3, 7.7e-5, 1e10, 1e300, 1e-300, 2.5e-320, 0.3]))
        return "(-%s)" % rng.choice(["3", "0.75", "2.0", "1e-5", "17"])
    op = rng.choice(["+", "-", "*", "/", "//", "%", "**", "neg"])
    if op == "neg":
        return "(-%s)" % random_expr(rng, depth - 1)
    a, b = random_expr(rng, depth - 1), random_expr(rng, depth - 1)
    if op == "**":
        b = rng.choice(["2", "3", "-1", "0.5", "-2", "10", "1.5", "0", "(-3)", "0.25"])
    return "(%s %s %s)" % (a, op, b)


def fits_i128(v):
    return not isinstance(v, int) or isinstance(v, bool) or -(2 ** 127) < v < 2 ** 127


def beyond_reach(expr):
    """Why the explorer must refuse a random expression although Python evaluates it: an int
    beyond 2^127 or a complex number anywhere on the way (None when there is neither)."""
    import ast
    import operator
    ops = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
    why = []

    class Beyond(Exception):
        pass

    def ev(node):
        if isinstance(node, ast.Constant):
            v = node.value
        elif isinstance(node, ast.UnaryOp):
            v = -ev(node.operand)
        else:
            v = ops[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(v, complex):
            why.append("a complex result")
            raise Beyond
        if not fits_i128(v):
            why.append("an int beyond 2^127")
            raise Beyond
        return v
    try:
        ev(ast.parse(expr, mode="eval").body)
    except Beyond:
        return why[0]
    except Exception as e:  # noqa: BLE001 - Python's own error: recorded by line_for
        # A complex power that overflows: the explorer never gets as far as Python's error.
        return "a complex result" if "complex" in str(e) else None
    return None


def random_lines(n, seed=20261204):
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < n:
        expr = random_expr(rng, rng.randint(1, 4))
        if expr in seen:
            continue
        seen.add(expr)
        why = beyond_reach(expr)
        out.append(line_for(expr, "refused:" + why if why else "value"))
    return out


CONFIGS = [
    ("python_shebang.config", "#!rnn.py\nlearning_rate = 0.001\nmin_learning_rate = learning_rate / 50.\nnum_epochs = 150 + 300 + 6\n"),
    ("plain.py", "import numpy\nlearning_rate = 0.0008\nlearning_rates = list(numpy.linspace(0.0003, learning_rate, num=15))\n"),
    ("demo.config", "task train\nlearning_rate 0.01\nlearning_rates 0.1,0.2 ,0.3\nnum_epochs 5  # comment\nnewbob_learning_rate_decay 0.5\n\nlearning_rate_control newbob\nlearning_rate 1\n"),
    ("looks_python.config", "learning_rate = 0.1\nnum_epochs = 3\n"),
    ("json.config", "{\n  // a comment\n  \"learning_rate\": 0.1, \"num_epochs\": 3\n}\n"),
    ("bad_line.config", "learning_rate 0.1\nnum_epochs\n"),
    ("python2.config", "#!rnn.py\nlearning_rate = 0.1\nprint 'starting'\n"),
    ("python2_in_def.py", "def f():\n    print 'x'\nlearning_rate = 0.1\n"),
    ("star_import.py", "lr = 0.1\nfrom os.path import *\nlearning_rate = 0.5\nmin_learning_rate = learning_rate / 10\n"),
    ("tuple_swap.py", "a, b = 0.1, 0.2\na, b = b, a\nlearning_rate = a\nmin_learning_rate = b\nnum_epochs = 10\nnum_epochs += 2\n"),
    ("ranges.py", "learning_rates = [0.1 * 0.5 ** i for i in range(3)]\nnum_epochs = len([1, 2])\nnewbob_multi_num_epochs = int(2.9) + abs(-1)\ngradient_clip = float('inf')\n"),
    ("typed_json.config", "{\"learning_rate\": 1, \"learning_rates\": [0.1, 0.2], \"optimizer\": {\"class\": \"adam\"}}\n"),
    ("aliases.py", "import numpy as np\nEpochSplit = 20\ntrain_partition = EpochSplit * 2\nnewbob_multi_num_epochs = train_partition // 5\nnewbob_multi_update_interval = EpochSplit // 20\nlearning_rates = list(np.linspace(1e-5, 1e-3, 11, endpoint=False))\n"),
    ("computed_dicts.py", "optimizer = {'class': 'adam', 'betas': (0.9, 1 - 1e-3), 'epsilon': 1e-8 * 10}\nlearning_rates = {1: 0.1 * 2, 5: 0.1 / 4}\nlearning_rate = 1e-3\nlearning_rate *= 0.5\nnum_epochs = int(300 / 2)\ngradient_clip = float('1e-1')\n"),
    ("alias_extended.py", "a = [0.1]\nlearning_rates = a\na += [0.2]\nlearning_rate = 0.1\nfrom os.path import *\nmin_learning_rate = learning_rate * 0.01\n"),
    ("locals_update.config", "#!rnn.py\nconfig = {'learning_rate': 0.001, 'num_epochs': 10 * 2, 'learning_rates': [0.0003] * 3}\nlocals().update(**config)\nmin_learning_rate = learning_rate / 10\nglobals().update(newbob_multi_num_epochs=3)\n"),
    ("python2_print_name.py", "learning_rate = 0.1\nprint learning_rate\n"),
    ("line_based_comment.config", "learning_rate 0.001 # the LR\nlearning_rate_control newbob_multi_epoch\nnewbob_multi_num_epochs 3\nlearning_rate_file newbob.data\nlearning_rates 0.0003,0.0005,0.0008\n"),
    ("line_based_bools.config", "learning_rate_control_relative_error_relative_lr yes\nnewbob_relative_error_div_by_old 0\nlearning_rate_file lr.txt\nnum_epochs 1_000\n"),
]


def config_lines():
    try:
        from returnn.config import Config
    except ImportError:
        print("RETURNN is not installed: configs.jsonl left as it is")
        return None
    out = []
    with tempfile.TemporaryDirectory() as d:
        for name, text in CONFIGS:
            path = os.path.join(d, name)
            with open(path, "w") as f:
                f.write(text)
            c = Config()
            try:
                c.load_file(path)
            except Exception as e:  # noqa: BLE001
                out.append({"name": name, "file_name": name, "text": text, "error": type(e).__name__})
                continue
            # Values only (functions and modules a star import brings have addresses in their repr).
            typed = {k: repr(v) for k, v in c.typed_dict.items()
                     if k not in ("config", "__file__", "__name__", "__builtins__") and not callable(v) and not hasattr(v, "__file__")}
            out.append({"name": name, "file_name": name, "text": text, "typed": typed, "dict": dict(c.dict)})
    return out


def write(name, lines):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    print("%-18s %5d lines" % (name, len(lines)))


def main():
    write("expressions.jsonl", [line_for(e, w) for e, w in EXPRESSIONS])
    write("random.jsonl", random_lines(2000))
    configs = config_lines()
    if configs is not None:
        write("configs.jsonl", configs)
    print("numpy", numpy.__version__, "python", sys.version.split()[0])


if __name__ == "__main__":
    sys.exit(main())
