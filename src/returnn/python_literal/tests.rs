//! Unit tests of the lexer, parser, literal values and statements.
use super::*;

fn lit(s: &str) -> PyValue {
    match literal_eval(s) {
        Ok(v) => v,
        Err(e) => panic!("{s}: {e}"),
    }
}

#[test]
fn numbers() {
    assert_eq!(lit("1"), PyValue::Int(1));
    assert_eq!(lit("-1"), PyValue::Int(-1));
    assert_eq!(lit(".5"), PyValue::Float(0.5));
    assert_eq!(lit("5."), PyValue::Float(5.0));
    assert_eq!(lit("1E-3"), PyValue::Float(0.001));
    assert_eq!(lit("1_000"), PyValue::Int(1000));
    assert_eq!(lit("0x1F"), PyValue::Int(31));
    assert_eq!(lit("0b101"), PyValue::Int(5));
    assert_eq!(lit("0o17"), PyValue::Int(15));
    assert_eq!(lit("123456789012345678901234567890"), PyValue::BigInt("123456789012345678901234567890".into()));
    assert_eq!(lit("0xffffffffffffffffff"), PyValue::BigInt("4722366482869645213695".into()));
    assert_eq!(lit("-9223372036854775808"), PyValue::Int(i64::MIN));
    assert_eq!(lit("1e400"), PyValue::Float(f64::INFINITY));
    assert_eq!(lit("-0.0"), PyValue::Float(-0.0));
    assert!(literal_eval("0123").is_err());
    assert!(literal_eval("1__0").is_err());
    assert!(literal_eval("1abc").is_err());
}

#[test]
fn python_float_and_int_strings() {
    for (s, want) in [("1_000.5", 1000.5), (" 1.5 ", 1.5), (".5", 0.5), ("5.", 5.0), ("1e1_0", 1e10), ("-iNf", f64::NEG_INFINITY), ("+Infinity", f64::INFINITY), ("1E-3", 0.001)] {
        assert_eq!(py_float_from_str(s), Some(want), "{s}");
    }
    assert!(py_float_from_str("-nan").is_some_and(f64::is_nan));
    for s in ["1_", "1__0", "0x10", "", ".", "e5", "1e", "np.float64(nan)", "nan1", "1.5.2", "_1"] {
        assert_eq!(py_float_from_str(s), None, "{s}");
    }
    assert_eq!(py_int_from_str(" -1_000 "), Some(PyValue::Int(-1000)));
    assert_eq!(py_int_from_str("1.5"), None);
    assert_eq!(py_int_from_str("99999999999999999999"), Some(PyValue::BigInt("99999999999999999999".into())));
}

#[test]
fn strings() {
    assert_eq!(lit("'a' \"b\" '''c'''"), PyValue::Str("abc".into()));
    assert_eq!(lit(r"'a\nb\t\x41\u00e9\\'"), PyValue::Str("a\nb\tAé\\".into()));
    assert_eq!(lit(r"r'a\nb'"), PyValue::Str("a\\nb".into()));
    assert_eq!(lit("'it\\'s'"), PyValue::Str("it's".into()));
    assert_eq!(lit("\"\"\"x\ny\"\"\""), PyValue::Str("x\ny".into()));
    assert_eq!(lit(r"'\d'"), PyValue::Str("\\d".into()));
    assert_eq!(lit("'''a\r\nb\rc'''"), PyValue::Str("a\nb\nc".into()));
}

#[test]
fn containers() {
    assert_eq!(lit("(1,)"), PyValue::Tuple(vec![PyValue::Int(1)]));
    assert_eq!(lit("(1)"), PyValue::Int(1));
    assert_eq!(lit("1, 2"), PyValue::Tuple(vec![PyValue::Int(1), PyValue::Int(2)]));
    assert_eq!(lit("[1, 2.0,]"), PyValue::List(vec![PyValue::Int(1), PyValue::Float(2.0)]));
    assert_eq!(
        lit("{'a': 1, 'b': 2, 'a': 3}"),
        PyValue::Dict(vec![(PyValue::Str("a".into()), PyValue::Int(3)), (PyValue::Str("b".into()), PyValue::Int(2))])
    );
    assert_eq!(lit("{1: None, True: False}"), PyValue::Dict(vec![(PyValue::Int(1), PyValue::Bool(false))]));
}

#[test]
fn non_literals_are_recognised() {
    for (src, what) in [
        ("learning_rate / 50.", "'/' operator"),
        ("numpy.linspace(1e-3, 1e-5, num=10)", "numpy.linspace"),
        ("float('nan')", "float"),
        ("[x * 2 for x in range(3)]", "comprehension"),
        ("lambda x, y=2: x + y", "lambda"),
        ("{1, 2}", "set"),
        ("a[1:2, ::3]", "subscript"),
        ("1 if a else 2", "conditional"),
        ("f'{x}'", "f-string"),
        ("-x ** 2", "'**'"),
        ("not a in b", "unary 'not'"),
        ("(y := 3)", "assignment expression"),
        ("f(*a, **k)", "call"),
    ] {
        let e = parse_expression(src).unwrap_or_else(|err| panic!("{src}: {err}"));
        let n = literal_value(&e).expect_err(src);
        assert!(n.reason.contains(what), "{src}: {}", n.reason);
    }
}

#[test]
fn errors_are_located() {
    // Two expressions side by side in brackets: CPython's message, at the first one.
    let e = parse_expression("{1: 2\n 3: 4}").expect_err("bad");
    assert_eq!(e, Error::parse(PyExc::SyntaxError, 1, 5, "invalid syntax. Perhaps you forgot a comma?"));
    let e = parse_expression("f(1 2)").expect_err("bad");
    assert_eq!(e, Error::parse(PyExc::SyntaxError, 1, 3, "invalid syntax. Perhaps you forgot a comma?"));
    // Not an expression after the element: the plain "expected" message, where CPython puts it.
    let e = parse_expression("[1 if]").expect_err("bad");
    assert!(matches!(e, Error::Parse { line: 1, column: 6, .. }), "{e}");
    let e = parse_expression("{1: (2]}").expect_err("bad");
    assert!(matches!(e, Error::Parse { line: 1, column: 7, .. }), "{e}");
    let e = parse_expression("{'a': 1").expect_err("bad");
    assert!(matches!(e, Error::Parse { line: 1, column: 1, .. }), "{e}");
    let e = parse_expression("'abc").expect_err("bad");
    assert!(matches!(e, Error::Parse { line: 1, column: 1, .. }), "{e}");
    let e = parse_expression("f(a=1, a=2)").expect_err("bad");
    assert!(e.to_string().contains("keyword argument repeated"), "{e}");
    let e = parse_expression("x = 1").expect_err("bad");
    assert!(matches!(e, Error::Parse { line: 1, column: 3, .. }), "{e}");
    let e = parse_expression("é $").expect_err("bad");
    assert!(matches!(e, Error::Parse { line: 1, column: 3, .. }), "{e}");
}

#[test]
fn depth_limit() {
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    assert!(matches!(parse_expression(&deep), Err(Error::Parse { .. })));
    let minus = format!("{}1", "-".repeat(100_000));
    assert!(matches!(parse_expression(&minus), Err(Error::Parse { .. })));
    let pow = format!("2{}", "**2".repeat(100_000));
    assert!(matches!(parse_expression(&pow), Err(Error::Parse { .. })));
    let ok = format!("{}1{}", "[".repeat(40), "]".repeat(40));
    assert!(literal_eval(&ok).is_ok());
}

#[test]
fn module_statements() {
    let src = "#!rnn.py\nimport os\nlr = 1e-3; x = [1,\n 2]\ndef f(a):\n    y = 2\n    return a\n\n@dec\ndef g():\n  pass\nif x:\n    learning_rate = 1.0\nelse:\n    learning_rate = 2.0\nz: int = 3\nlr *= 2\ndel z\n";
    let stmts = parse_module(src).expect("parses");
    let kinds: Vec<String> = stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Assign { targets, .. } => format!("assign {}@{}", targets[0].dotted_name().unwrap_or_default(), s.span.start.line),
            StmtKind::Simple { keyword } => keyword.clone(),
            StmtKind::Block { keyword, defines, assigned } => {
                format!("{keyword}@{}-{}{:?}{:?}", s.span.start.line, s.span.end.line, defines, assigned)
            }
            StmtKind::AnnAssign { .. } => "ann".into(),
            StmtKind::AugAssign { .. } => "aug".into(),
            StmtKind::Del(_) => "del".into(),
            StmtKind::Expr(_) => "expr".into(),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            "import",
            "assign lr@3",
            "assign x@3",
            "def@5-7Some(\"f\")[(\"y\", 6)]",
            "@@9-11Some(\"g\")[]",
            "if@12-15None[(\"learning_rate\", 13), (\"learning_rate\", 15)]",
            "ann",
            "aug",
            "del"
        ]
    );
    assert!(parse_module("x = 1\n  y = 2\n").is_err());
    assert!(parse_module("x = (1,\n").is_err());
}

#[test]
fn large_input_is_linear() {
    let item = "1: {'a': 1.5, 'b': 'x'},\n";
    let src = format!("{{{}}}", item.repeat(50_000));
    let e = parse_expression(&src).expect("parses");
    assert!(matches!(literal_value(&e), Ok(PyValue::Dict(_))));
}
