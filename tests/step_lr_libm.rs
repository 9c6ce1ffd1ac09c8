#![cfg(not(target_arch = "wasm32"))]
//! The step schedules' `x ** -0.5` and `cos` (engine::step_lr::exact) against mpmath (the
//! correctly rounded value, 300 bits) and against glibc (what CPython's `**` and `math.cos` call,
//! i.e. what RETURNN computes), on the arguments the schedules produce (warm-up/decay bases, cosine
//! phases of real epoch counts), random ones and near multiples of π/2.
//!
//! Expected: what the schedules use natively (`python_pow_minus_half`, `python_cos`: the C
//! library's) equals glibc's value everywhere, i.e. CPython's; the correctly rounded functions (what
//! a wasm build uses) equal mpmath's value everywhere; glibc agrees with the correctly rounded value
//! except for a small share (about 0.1 % of arguments), and the `libm` crate (FreeBSD msun)
//! disagrees with glibc more often — the reason neither build uses it. The counts are printed;
//! `docs/STEP-SCHEDULES.md` quotes them.
//!
//! Needs python3 with mpmath (scripts/install-tools.sh installs it): without it the tests fail.
use schedule_explorer::engine::step_lr::exact::{cos, pow_minus_half, python_cos, python_pow_minus_half};
use std::io::Write;
use std::process::{Command, Stdio};

/// A deterministic generator (splitmix64).
struct Mix(u64);
impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn pow_args() -> Vec<f64> {
    let mut v = Vec::new();
    // Decay-phase bases of dyn_lr_lin_warmup_invsqrt_decay: 1.0 + (i - W) / N.
    for (w, n) in [(20000i64, 20000.0), (10, 10.0), (5000, 1234.5), (3000, 3000.0), (1000000000, 1e9)] {
        for k in 1..=1500i64 {
            let i = w + k * k * 7 + k;
            v.push(1.0 + (i - w) as f64 / n);
        }
    }
    let mut r = Mix(7);
    for _ in 0..6000 {
        v.push(1.0 + r.unit() * 10f64.powf(r.unit() * 7.0));
    }
    v
}

fn cos_args() -> Vec<f64> {
    let pi = std::f64::consts::PI;
    let mut v = Vec::new();
    // Cosine phases π·t'/n at epoch starts and mid-epoch fractions, for typical num_epochs.
    for n in [4.0, 10.0, 20.0, 50.0, 100.0, 250.0, 500.0, 2000.0] {
        for j in 0..600 {
            let t = j as f64 * 0.37 + (j % 7) as f64;
            v.push(pi * t / n);
        }
    }
    let mut r = Mix(11);
    for _ in 0..6000 {
        v.push((r.unit() * 2.0 - 1.0) * 10f64.powf(r.unit() * 7.0 - 3.0));
    }
    // Doubles next to multiples of π/2 (the argument reduction's hard cases).
    for k in 1..=1500i64 {
        let x = (k * k * 13) as f64 * std::f64::consts::FRAC_PI_2;
        v.extend([x, f64::from_bits(x.to_bits() + 1), f64::from_bits(x.to_bits() - 1)]);
    }
    v
}

const SCRIPT: &str = r#"
import sys, math
import mpmath
mpmath.mp.prec = 300
def nearest(v, g):
    cands = [math.nextafter(g, -math.inf), g, math.nextafter(g, math.inf)]
    return min(cands, key=lambda c: abs(mpmath.mpf(c) - v))
for line in sys.stdin:
    kind, h = line.split()
    x = float.fromhex(h)
    if kind == "pow":
        g = x ** -0.5
        cr = nearest(mpmath.mpf(x) ** mpmath.mpf(-0.5), g)
    else:
        g = math.cos(x)
        cr = nearest(mpmath.cos(mpmath.mpf(x)), g)
    print(g.hex(), cr.hex())
"#;

fn require_mpmath() {
    let ok = Command::new("python3").args(["-c", "import mpmath"]).output().map(|o| o.status.success()).unwrap_or(false);
    assert!(ok, "python3 with mpmath is required (pip install mpmath==1.3.0; scripts/install-tools.sh installs it)");
}

/// (glibc, correctly rounded) per argument.
fn reference(kind: &str, args: &[f64]) -> Vec<(f64, f64)> {
    let mut child = Command::new("python3").args(["-c", SCRIPT]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("python3");
    let mut input = String::new();
    for x in args {
        input.push_str(&format!("{kind} {}\n", hex(*x)));
    }
    // Write from another thread: python3 answers while it reads, and a full pipe both ways would block.
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("python3 output");
    writer.join().expect("writer thread").expect("write");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let mut it = l.split_whitespace().map(|h| from_hex(h));
            (it.next().expect("glibc"), it.next().expect("cr"))
        })
        .collect()
}

/// Python's float.hex() for finite floats.
fn hex(x: f64) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() { "-0x0.0p+0".into() } else { "0x0.0p+0".into() };
    }
    let bits = x.to_bits();
    let sign = if x < 0.0 { "-" } else { "" };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 { (0, -1022) } else { (1, exp - 1023) };
    format!("{sign}0x{lead}.{frac:013x}p{e:+}")
}

fn from_hex(h: &str) -> f64 {
    let (neg, h) = match h.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, h),
    };
    let h = h.strip_prefix("0x").expect("0x");
    let (mant, exp) = h.split_once('p').expect("p");
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let mut m = u64::from_str_radix(int, 16).expect("int") as f64;
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        m += c.to_digit(16).expect("digit") as f64 * scale;
        scale /= 16.0;
    }
    let v = m * 2f64.powi(exp.parse::<i32>().expect("exp"));
    if neg {
        -v
    } else {
        v
    }
}

fn check(kind: &str, args: &[f64], correctly_rounded: fn(f64) -> f64, python: fn(f64) -> f64, libm_crate: fn(f64) -> f64) {
    require_mpmath();
    let refs = reference(kind, args);
    assert_eq!(refs.len(), args.len());
    let (mut not_cr, mut not_glibc, mut glibc_not_cr, mut libm_not_glibc) = (Vec::new(), Vec::new(), 0, 0);
    for (x, (glibc, cr)) in args.iter().zip(&refs) {
        let got = correctly_rounded(*x);
        if got.to_bits() != cr.to_bits() {
            not_cr.push(format!("{kind}({x:e}): {got:e}, correctly rounded {cr:e}"));
        }
        let py = python(*x);
        if py.to_bits() != glibc.to_bits() {
            not_glibc.push(format!("{kind}({x:e}): engine {py:e}, CPython {glibc:e}"));
        }
        glibc_not_cr += usize::from(glibc.to_bits() != cr.to_bits());
        libm_not_glibc += usize::from(libm_crate(*x).to_bits() != glibc.to_bits());
    }
    println!(
        "{kind}: {} arguments; native engine = CPython (glibc): {}; correctly rounded (wasm) = mpmath: {}; glibc differs from correctly rounded: {}; the libm crate differs from glibc: {}",
        args.len(),
        args.len() - not_glibc.len(),
        args.len() - not_cr.len(),
        glibc_not_cr,
        libm_not_glibc
    );
    assert!(not_glibc.is_empty(), "{} differ from CPython:\n{}", not_glibc.len(), not_glibc.join("\n"));
    assert!(not_cr.is_empty(), "{} not correctly rounded:\n{}", not_cr.len(), not_cr.join("\n"));
    // glibc is within a hair of correct rounding; a larger share would mean a broken reference.
    assert!(glibc_not_cr * 100 < args.len(), "{kind}: glibc differs from the correctly rounded value for {glibc_not_cr} of {}", args.len());
}

#[test]
fn pow_minus_half_is_cpythons_natively_and_correctly_rounded_for_wasm() {
    check("pow", &pow_args(), pow_minus_half, python_pow_minus_half, |x| libm::pow(x, -0.5));
}

#[test]
fn cos_is_cpythons_natively_and_correctly_rounded_for_wasm() {
    check("cos", &cos_args(), cos, python_cos, libm::cos);
}
