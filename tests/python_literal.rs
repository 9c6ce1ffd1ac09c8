#![cfg(not(target_arch = "wasm32"))]
//! The Python-literal reader: pass/fail tables (value or located error), repr round trips, limits,
//! and that no input makes it panic or overflow the stack.
use proptest::prelude::*;
use schedule_explorer::py::error::{Error, PyExc};
use schedule_explorer::returnn::config::import::import;
use schedule_explorer::returnn::python_literal::{
    literal_eval, literal_value, parse_expression, parse_module, tokenize, MAX_DEPTH, MAX_INPUT_BYTES,
};
use schedule_explorer::py::value::PyValue;

/// Texts that are literals, with the Python `repr` of their value.
const PASS: &[(&str, &str)] = &[
    ("0", "0"),
    ("00", "0"),
    ("-1", "-1"),
    ("+1.5", "1.5"),
    ("1_000_000", "1000000"),
    ("0xFF", "255"),
    ("0o777", "511"),
    ("0b1010", "10"),
    ("18446744073709551616", "18446744073709551616"),
    ("-18446744073709551616", "-18446744073709551616"),
    (".5", "0.5"),
    ("5.", "5.0"),
    ("1e-3", "0.001"),
    ("1E+16", "1e+16"),
    ("1.5e-7", "1.5e-07"),
    ("0.10000000000000001", "0.1"),
    ("1e999", "inf"),
    ("- - 2", "2"),
    ("'a'", "'a'"),
    ("\"it's\"", "\"it's\""),
    ("'a' 'b'\n", "'ab'"),
    ("('a'\n 'b')", "'ab'"),
    ("r'\\d+'", "'\\\\d+'"),
    ("'\\x41\\101\\u00e9\\U0001F600'", "'AAé😀'"),
    ("'''multi\nline'''", "'multi\\nline'"),
    ("'a\\\nb'", "'ab'"),
    ("True", "True"),
    ("None", "None"),
    ("[]", "[]"),
    ("[1, [2, [3]]]", "[1, [2, [3]]]"),
    ("()", "()"),
    ("(1,)", "(1,)"),
    ("1,", "(1,)"),
    ("1, 2", "(1, 2)"),
    ("((1))", "1"),
    ("{}", "{}"),
    ("{'a': (1, 2.0), 'b': [None],}", "{'a': (1, 2.0), 'b': [None]}"),
    ("{1: 'x', 1.0: 'y', True: 'z'}", "{1: 'z'}"),
    ("  {1: 2}  # comment\n\n", "{1: 2}"),
    ("[1,\n  2,  # two\n  3]", "[1, 2, 3]"),
    ("\\\n[1]", "[1]"),
];

/// Texts that do not parse: where (line, column) and what. Where CPython's `compile(text, ..., "eval")`
/// gives a location, most rows use it (the corpus in tests/fixtures/bad checks that systematically).
const FAIL: &[(&str, usize, usize, &str)] = &[
    ("", 1, 1, "expected an expression but found the end of the input"),
    ("# only a comment\n", 2, 1, "expected an expression"),
    ("{'a': 1,, 'b': 2}", 1, 9, "expected an expression but found ','"),
    ("{'a' 1}", 1, 2, "invalid syntax. Perhaps you forgot a comma?"),
    ("{'a': 1, 'b' 2}", 1, 14, "expected ':' but found '2'"),
    ("{'a': 1 'b': 2}", 1, 7, "invalid syntax. Perhaps you forgot a comma?"),
    ("[1 2]", 1, 2, "invalid syntax. Perhaps you forgot a comma?"),
    ("[1, 2", 1, 1, "'[' was never closed"),
    ("(1]", 1, 3, "closing parenthesis ']' does not match opening parenthesis '('"),
    ("1)", 1, 2, "unmatched ')'"),
    ("'abc", 1, 1, "unterminated string literal"),
    ("'''abc", 1, 1, "unterminated triple-quoted string literal"),
    ("\n\n  'x'", 3, 2, "unexpected indent"),
    ("'x' $", 1, 5, "invalid character '$'"),
    ("1 2", 1, 3, "expected the end of the input but found '2'"),
    ("0777", 1, 1, "leading zeros"),
    ("1__0", 1, 2, "invalid decimal literal"),
    ("12abc", 1, 2, "invalid decimal literal"),
    ("'\\x4'", 1, 5, "truncated \\xXX escape"),
    ("b'a' 'b'", 1, 6, "cannot mix bytes and nonbytes literals"),
    ("f(x=1, x=2)", 1, 8, "keyword argument repeated: x"),
    ("f(x=1, 2)", 1, 8, "positional argument follows keyword argument"),
    ("1 if 2", 1, 6, "expected 'else'"), // eval: an error past the end sits on the last character
    ("{1: 2}\n{3: 4}", 2, 1, "expected the end of the input"),
    ("x = 1", 1, 3, "expected the end of the input but found '='"),
    ("a.(b)", 1, 3, "expected an attribute name"),
    ("é\u{20ac}", 1, 2, "invalid character '€' (U+20AC)"),
    ("[1,\n 2,\n 3 +]", 3, 5, "expected an expression but found ']'"),
];

#[test]
fn pass_table() {
    for (src, want) in PASS {
        match literal_eval(src) {
            Ok(v) => assert_eq!(v.repr(), *want, "{src:?}"),
            Err(e) => panic!("{src:?}: {e}"),
        }
    }
}

#[test]
fn fail_table() {
    for (src, line, column, msg) in FAIL {
        match parse_expression(src) {
            Err(Error::Parse { exc: PyExc::SyntaxError, line: l, column: c, message }) => {
                assert_eq!((l, c), (*line, *column), "{src:?}: {message}");
                assert!(message.contains(msg), "{src:?}: {message:?} does not contain {msg:?}");
            }
            other => panic!("{src:?}: {other:?}"),
        }
    }
}

#[test]
fn not_literal_reasons_point_at_the_part() {
    let e = parse_expression("{'lr': 1e-3, 'sched': [1, 2 * 3]}").expect("parses");
    let n = literal_value(&e).expect_err("not a literal");
    assert_eq!((n.span.start.line, n.span.start.column), (1, 27));
    assert!(n.reason.contains("'*' operator"), "{}", n.reason);
    let err = literal_eval("[1,\n float('nan')]").expect_err("not a literal");
    assert!(matches!(err, Error::Parse { exc: PyExc::ValueError, line: 2, column: 2, .. }), "{err}");
}

#[test]
fn limits() {
    // Nesting: a clear located error, not a stack overflow, for any depth.
    for depth in [MAX_DEPTH + 1, 10_000, 200_000] {
        for (open, close) in [("[", "]"), ("(", ")"), ("{1:", "}"), ("f(", ")"), ("-", ""), ("not ", ""), ("lambda: ", "")] {
            let src = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            match parse_expression(&src) {
                Err(Error::Parse { message, .. }) => assert!(message.contains("nested too deeply"), "{open}: {message}"),
                other => panic!("{open} x {depth}: {other:?}"),
            }
        }
    }
    // Size.
    let big = " ".repeat(MAX_INPUT_BYTES + 1);
    assert!(matches!(tokenize(&big), Err(Error::Limit { .. })));
    assert!(matches!(import(&big), Err(Error::Limit { .. })));
}

#[test]
fn deepest_accepted_input_fits_a_small_stack() {
    // The deepest input the parser accepts must fit the 2 MB stack of a spawned thread even in an
    // unoptimised build (about 20 kB per bracket level there; optimised builds need far less, so
    // wasm's 1 MB stack is enough too).
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let mut results = Vec::new();
            for (open, close) in [("[", "]"), ("1+(", ")"), ("{1:f(", ")}"), ("-", ""), ("2**", ""), ("not ", "")] {
                let mut depth = 1;
                // Find the deepest nesting that still parses, and parse/evaluate/drop it.
                while parse_expression(&format!("{}1{}", open.repeat(depth + 1), close.repeat(depth + 1))).is_ok() {
                    depth += 1;
                }
                let src = format!("{}1{}", open.repeat(depth), close.repeat(depth));
                let e = parse_expression(&src).expect("parses");
                let _ = literal_value(&e);
                let _ = parse_module(&format!("x = {src}\n"));
                results.push((open, depth));
            }
            results
        })
        .expect("thread");
    let results = handle.join().expect("no stack overflow");
    // At least 20 nested brackets (calls inside dicts count twice), 99 nested unary operators.
    assert!(results.iter().all(|(_, d)| *d >= 20), "{results:?}");
}

fn arb_literal() -> impl Strategy<Value = PyValue> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(PyValue::Int),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(PyValue::Float),
        any::<bool>().prop_map(PyValue::Bool),
        Just(PyValue::None),
        any::<String>().prop_map(PyValue::Str),
        "[1-9][0-9]{19,30}".prop_map(PyValue::BigInt),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(PyValue::List),
            prop::collection::vec(inner.clone(), 0..4).prop_map(PyValue::Tuple),
            prop::collection::btree_map("[a-z]{0,3}", inner, 0..4)
                .prop_map(|m| PyValue::Dict(m.into_iter().map(|(k, v)| (PyValue::Str(k), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn repr_reads_back(v in arb_literal()) {
        let text = v.repr();
        prop_assert_eq!(literal_eval(&text), Ok(v), "{}", text);
    }

    #[test]
    fn never_panics_on_strings(s in any::<String>()) {
        let _ = tokenize(&s);
        let _ = literal_eval(&s);
        let _ = parse_module(&s);
        let _ = import(&s);
    }

    #[test]
    fn never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = literal_eval(&s);
        let _ = parse_module(&s);
        let _ = import(&s);
    }

    #[test]
    fn never_panics_on_python_like_text(s in "[ \n\t()\\[\\]{}'\"#:=,.\\\\a-z0-9_+*/@-]{0,80}") {
        let _ = literal_eval(&s);
        let _ = parse_module(&s);
        let _ = import(&s);
        let _ = import(&format!("{{{s}"));
    }
}
