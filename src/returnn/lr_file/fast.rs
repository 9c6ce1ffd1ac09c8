//! A fast path for [`super::parse`]: a single-pass reader of the layout RETURNN's own writer
//! produces (`{`, then `N: EpochData(learningRate=<float>, error={'key': value, ...}),` per
//! epoch, then `}`), with flat score/meta values (floats, ints, plain strings, `None`, `True`,
//! `False`, `float('nan')`/`float('inf')`/`float('-inf')`).
//!
//! It never decides an error: on anything outside that subset (comments, escapes in strings,
//! nested values, numpy scalars, repeated keys, unusual layout, ...) it gives up with `None` and
//! the general parser reads the text, so results and error messages are those of the general
//! parser. Where it accepts, it gives the same table the general parser gives (checked in
//! tests/lr_file_fast_path.rs on every fixture and by the `lr_file` fuzz target).
use super::{EpochData, Key, KeyTable, LrFile};
use crate::returnn::python_literal::MAX_INPUT_BYTES;
use crate::py::value::PyValue;

/// Largest score dict the fast path reads (repeated keys are checked pairwise).
const MAX_KEYS: usize = 64;

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    /// The sizes of the last score dict's two parts: the next epoch's likely sizes.
    hint: (usize, usize),
    /// One shared [`Key`] per distinct score/meta key of the file.
    keys: KeyTable,
}

impl<'a> Reader<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, s: &str) -> Option<()> {
        if self.b.get(self.i..)?.starts_with(s.as_bytes()) {
            self.i += s.len();
            Some(())
        } else {
            None
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// A number literal (`-`? digits, `.`, exponent); `Int` without `.`/exponent.
    fn number(&mut self) -> Option<PyValue> {
        let neg = self.peek() == Some(b'-');
        if neg {
            self.i += 1;
        }
        let start = self.i;
        // The digits from `i`, folded into `m` (wrapping: only trusted for at most 19 digits).
        let digits = |r: &mut Reader<'_>, m: &mut u64| {
            let s = r.i;
            while let Some(&c) = r.b.get(r.i) {
                let d = c.wrapping_sub(b'0');
                if d > 9 {
                    break;
                }
                *m = m.wrapping_mul(10).wrapping_add(u64::from(d));
                r.i += 1;
            }
            r.i - s
        };
        let mut mantissa = 0u64;
        let int_digits = digits(self, &mut mantissa);
        let mut is_float = false;
        let mut frac_digits = 0;
        if self.peek() == Some(b'.') {
            self.i += 1;
            is_float = true;
            frac_digits = digits(self, &mut mantissa);
        }
        if int_digits + frac_digits == 0 {
            return None;
        }
        let mut exp = 0u64;
        let mut exp_digits = 0;
        let mut exp_neg = false;
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            is_float = true;
            if let Some(sign @ (b'+' | b'-')) = self.peek() {
                exp_neg = sign == b'-';
                self.i += 1;
            }
            exp_digits = digits(self, &mut exp);
            if exp_digits == 0 {
                return None;
            }
        }
        // `1_000`, `1j`, `1abc`, ...: the general parser's business.
        if self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
            return None;
        }
        let s = self.text.get(start..self.i)?;
        if is_float {
            let f = match exact_float(mantissa, int_digits + frac_digits, frac_digits, exp, exp_digits, exp_neg) {
                Some(f) => f,
                None => s.parse().ok()?,
            };
            Some(PyValue::Float(if neg { -f } else { f }))
        } else {
            if s.len() > 1 && s.starts_with('0') {
                return None;
            }
            let i: i64 = s.parse().ok()?;
            Some(PyValue::Int(if neg { i.checked_neg()? } else { i }))
        }
    }

    /// A one-line string literal without backslashes, borrowed from the text.
    fn str_slice(&mut self) -> Option<&'a str> {
        let q = self.peek()?;
        if q != b'\'' && q != b'"' {
            return None;
        }
        let start = self.i + 1;
        let rest = self.b.get(start..)?;
        let len = string_end(rest, q)?;
        // `'''` (an empty string followed by a quote) is a triple-quoted string.
        if len == 0 && rest.get(1) == Some(&q) {
            return None;
        }
        let s = self.text.get(start..start + len)?;
        self.i = start + len + 1;
        Some(s)
    }

    /// [`Reader::str_slice`], owned.
    fn string(&mut self) -> Option<String> {
        self.str_slice().map(str::to_string)
    }

    fn value(&mut self) -> Option<PyValue> {
        match self.peek()? {
            b'\'' | b'"' => self.string().map(PyValue::Str),
            b'N' => self.eat("None").map(|_| PyValue::None),
            b'T' => self.eat("True").map(|_| PyValue::Bool(true)),
            b'F' => self.eat("False").map(|_| PyValue::Bool(false)),
            b'f' => {
                self.eat("float(")?;
                let f = match self.str_slice()? {
                    "nan" => f64::NAN,
                    "inf" => f64::INFINITY,
                    "-inf" => f64::NEG_INFINITY,
                    _ => return None,
                };
                self.eat(")")?;
                Some(PyValue::Float(f))
            }
            _ => self.number(),
        }
        .filter(|_| !self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'(' || c == b'.' || c == b'['))
    }

    /// `{'key': value, ...}` with string keys, each key once, split into the scores and the
    /// `:meta:` entries (prefix removed), each in insertion order.
    #[allow(clippy::type_complexity)]
    fn score_dict(&mut self) -> Option<(Vec<(Key, PyValue)>, Vec<(Key, PyValue)>)> {
        self.eat("{")?;
        let mut error: Vec<(Key, PyValue)> = Vec::with_capacity(self.hint.0);
        let mut meta: Vec<(Key, PyValue)> = Vec::with_capacity(self.hint.1);
        // While the keys come in increasing order (RETURNN's writer sorts them), a new key above
        // the previous one cannot repeat an earlier one.
        let mut previous: Option<&str> = None;
        let mut sorted = true;
        loop {
            self.ws();
            if self.eat("}").is_some() {
                self.hint = (error.len(), meta.len());
                return Some((error, meta));
            }
            if error.len() + meta.len() >= MAX_KEYS {
                return None;
            }
            let full_key = self.str_slice()?;
            sorted = sorted && previous.is_none_or(|p| p < full_key);
            previous = Some(full_key);
            // A repeated key is a repeated key within its part (same prefix, same rest).
            let (part, key) = match full_key.strip_prefix(":meta:") {
                Some(m) => (&mut meta, m),
                None => (&mut error, full_key),
            };
            if !sorted && part.iter().any(|(k, _)| k == key) {
                return None;
            }
            self.ws();
            self.eat(":")?;
            self.ws();
            let v = self.value()?;
            part.push((self.keys.get(key), v));
            self.ws();
            if self.eat(",").is_none() {
                self.ws();
                self.eat("}")?;
                self.hint = (error.len(), meta.len());
                return Some((error, meta));
            }
        }
    }

    /// `EpochData(learningRate=<float>, error={...})` (`error` optional).
    fn epoch_data(&mut self) -> Option<EpochData> {
        self.eat("EpochData(")?;
        self.ws();
        self.eat("learningRate")?;
        self.ws();
        self.eat("=")?;
        self.ws();
        let lr = self.value()?;
        if !matches!(lr, PyValue::Float(_)) {
            return None;
        }
        self.ws();
        let (mut error, mut meta) = (Vec::new(), Vec::new());
        if self.eat(",").is_some() {
            self.ws();
            if self.peek() == Some(b'e') {
                self.eat("error")?;
                self.ws();
                self.eat("=")?;
                self.ws();
                (error, meta) = self.score_dict()?;
                self.ws();
                if self.eat(",").is_some() {
                    self.ws();
                }
            }
        }
        self.eat(")")?;
        Some(EpochData { learning_rate: lr, error, meta })
    }

    fn file(&mut self) -> Option<LrFile> {
        self.eat("{")?;
        let mut file = LrFile::new();
        loop {
            self.ws();
            if self.eat("}").is_some() {
                break;
            }
            let PyValue::Int(epoch) = self.number()? else { return None };
            self.ws();
            self.eat(":")?;
            self.ws();
            let data = self.epoch_data()?;
            file.insert(epoch, data);
            self.ws();
            if self.eat(",").is_none() {
                self.ws();
                self.eat("}")?;
                break;
            }
        }
        self.ws();
        (self.i == self.b.len()).then_some(file)
    }
}

/// The index of the closing quote `q` in `rest` (the text after the opening quote); `None` when a
/// backslash, line break or NUL comes first (the general parser's business) or there is none.
/// Eight bytes at a time while none of them is `q`, a backslash or below 0x20.
fn string_end(rest: &[u8], q: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // Nonzero iff a byte of `w` equals `c` / is below `n` (n <= 128).
    let has_byte = |w: u64, c: u8| {
        let x = w ^ (LO * c as u64);
        x.wrapping_sub(LO) & !x & HI
    };
    let has_below = |w: u64, n: u8| w.wrapping_sub(LO * n as u64) & !w & HI;
    let mut i = 0;
    while let Some(chunk) = rest.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        if (has_below(w, 0x20) | has_byte(w, q) | has_byte(w, b'\\')) != 0 {
            break;
        }
        i += 8;
    }
    loop {
        match *rest.get(i)? {
            c if c == q => return Some(i),
            b'\\' | b'\n' | b'\r' | 0 => return None,
            _ => i += 1,
        }
    }
}

/// The powers of ten that are exact float64 values.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
];

/// `mantissa × 10^(±exp − frac_digits)` when one IEEE operation gives it correctly rounded
/// (Clinger's fast path: the mantissa and the power of ten are both exact float64 values, i.e.
/// at most 2^53 and at most 10^22); `None` otherwise (then `str::parse` decides).
fn exact_float(mantissa: u64, digits: usize, frac_digits: usize, exp: u64, exp_digits: usize, exp_neg: bool) -> Option<f64> {
    if digits > 19 || mantissa > 1 << 53 || exp_digits > 4 {
        return None;
    }
    let exp = i64::try_from(exp).ok()?;
    let e10 = if exp_neg { -exp } else { exp } - i64::try_from(frac_digits).ok()?;
    let x = mantissa as f64;
    match usize::try_from(e10.unsigned_abs()).ok().and_then(|k| POW10.get(k)) {
        Some(p) if e10 >= 0 => Some(x * p),
        Some(p) => Some(x / p),
        None => None,
    }
}

/// The table, if the text is in the writer's layout (see the module docs); `None` otherwise.
pub fn parse_fast(text: &str) -> Option<LrFile> {
    if text.len() > MAX_INPUT_BYTES {
        return None;
    }
    Reader { text, b: text.as_bytes(), i: 0, hint: (0, 0), keys: KeyTable::new() }.file()
}

#[cfg(test)]
mod tests {
    use super::{string_end, Reader};
    use crate::py::value::PyValue;

    fn read_number(s: &str) -> Option<PyValue> {
        Reader { text: s, b: s.as_bytes(), i: 0, hint: (0, 0), keys: Default::default() }.number()
    }

    #[test]
    fn floats_read_exactly_as_std_parses_them() {
        // A small LCG over mantissas, digit counts, decimal points and exponents, plus reprs of
        // random bit patterns: every float literal must give the bits `str::parse` gives.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            state >> 11
        };
        let mut cases: Vec<String> = vec![
            "0.0".into(), "1.".into(), ".5".into(), "00.5".into(), "9007199254740993.0".into(), "9007199254740992.0".into(),
            "1e22".into(), "1e23".into(), "1.5e-22".into(), "123456789e-30".into(), "1.0001650000000001e-05".into(),
            "7.894807145771654".into(), "0.1e0001".into(), "1e99999".into(), "1E-5".into(), "2.5e+3".into(),
        ];
        for _ in 0..20_000 {
            let digits = 1 + (next() % 20) as usize;
            let mut m = String::new();
            for _ in 0..digits {
                m.push(char::from(b'0' + (next() % 10) as u8));
            }
            let point = (next() % (digits as u64 + 1)) as usize;
            let mut lit = format!("{}.{}", &m[..point], &m[point..]);
            if next() % 2 == 0 {
                lit.push_str(&format!("e{}", (next() % 60) as i64 - 30));
            }
            cases.push(lit);
            let x = f64::from_bits(next() << 11 | next() % 2048);
            if x.is_finite() {
                cases.push(format!("{:e}", x.abs()));
                let plain = format!("{}", x.abs());
                cases.push(if plain.contains('.') { plain } else { plain + ".0" });
            }
        }
        for c in &cases {
            let want: f64 = c.parse().expect("std parses it");
            match read_number(c) {
                Some(PyValue::Float(got)) => assert_eq!(got.to_bits(), want.to_bits(), "{c}"),
                other => panic!("{c}: {other:?}"),
            }
            match read_number(&format!("-{c}")) {
                Some(PyValue::Float(got)) => assert_eq!(got.to_bits(), (-want).to_bits(), "-{c}"),
                other => panic!("-{c}: {other:?}"),
            }
        }
    }

    /// The byte-by-byte definition [`string_end`] must agree with.
    fn naive(rest: &[u8], q: u8) -> Option<usize> {
        for (i, &c) in rest.iter().enumerate() {
            if c == q {
                return Some(i);
            }
            if matches!(c, b'\\' | b'\n' | b'\r' | 0) {
                return None;
            }
        }
        None
    }

    #[test]
    fn string_end_agrees_with_the_byte_loop() {
        let specials = [b'\'', b'"', b'\\', b'\n', b'\r', 0, b'\t', 0x1f, 0x20, 0x7f, 0x80, 0xc3, 0xff, b'a'];
        for len in 0..24 {
            for pos in 0..len {
                for &s in &specials {
                    for &t in &specials {
                        let mut v = vec![b'x'; len];
                        v[pos] = s;
                        if let Some(last) = v.last_mut() {
                            if pos + 1 < len {
                                *last = t;
                            }
                        }
                        for q in [b'\'', b'"'] {
                            assert_eq!(string_end(&v, q), naive(&v, q), "{v:?} {q}");
                        }
                    }
                }
            }
        }
    }
}
