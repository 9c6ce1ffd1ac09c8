//! `schedule-explorer bench`: runs the standard workloads of [`crate::bench`] and prints one JSON
//! line per workload `{"workload", "median_ms", "runs"}`.
use crate::bench::{self, DEFAULT_RUNS, LR_FILE_MOL, MAX_RUNS, PARSE_REPLAY, WORKLOADS};
use std::time::Instant;

const HELP: &str = "\
schedule-explorer bench — run the standard benchmark workloads

USAGE:
    schedule-explorer bench [--runs N] [--only NAME] [--lr-file PATH]

Workloads (one JSON line each: {\"workload\": NAME, \"median_ms\": FLOAT, \"runs\": INT}):
    simulate_adam_rosenbrock_newbob_rel   100 epochs x 1000 updates, Adam on Rosenbrock, newbob_rel, seeded
    parse_replay_lr_file_mol              parse the 2.3 MB lr_file_mol.txt and replay it under newbob

Each workload runs once to warm up, then N times (default 15); the median is printed.

OPTIONS:
    --runs N         measured runs per workload (1..=10000)
    --only NAME      run only this workload
    --lr-file PATH   the file for parse_replay_lr_file_mol (default: the repository's
                     tests/fixtures/realdata/lrfiles/..._lr_file_mol.txt, looked up from the
                     current directory and from the directory the crate was built in)
    -h, --help       this text

EXIT STATUS: 0 when every workload ran; 2 on bad arguments, an unreadable file, or a workload error.
";

struct Options {
    runs: usize,
    only: Option<String>,
    lr_file: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options { runs: DEFAULT_RUNS, only: None, lr_file: None };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--runs" => {
                let v = value("--runs")?;
                o.runs = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_RUNS).contains(n))
                    .ok_or_else(|| format!("--runs: expected an integer from 1 to {MAX_RUNS}, got {v:?}"))?;
            }
            "--only" => {
                let v = value("--only")?;
                if !WORKLOADS.contains(&v.as_str()) {
                    return Err(format!("--only: unknown workload {v:?} (known: {})", WORKLOADS.join(", ")));
                }
                o.only = Some(v);
            }
            "--lr-file" => o.lr_file = Some(value("--lr-file")?),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    Ok(o)
}

/// The mol file: the given path, else the repository copy (cwd first, then the build directory).
fn lr_file_text(given: Option<&str>) -> Result<String, String> {
    if let Some(p) = given {
        return super::read_text(p);
    }
    let candidates = [std::path::PathBuf::from(LR_FILE_MOL), std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(LR_FILE_MOL)];
    for c in &candidates {
        if c.is_file() {
            return super::read_text(&c.to_string_lossy());
        }
    }
    Err(format!("cannot find {LR_FILE_MOL} (run from the repository root or pass --lr-file PATH)"))
}

pub(crate) fn run(args: &[String]) -> i32 {
    if super::wants_help(args) {
        super::out(HELP);
        return 0;
    }
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("schedule-explorer bench: {msg}\n\n{HELP}");
            return 2;
        }
    };
    let start = Instant::now();
    let mut now = move || start.elapsed().as_secs_f64() * 1000.0;
    for name in WORKLOADS {
        if opts.only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let text = if name == PARSE_REPLAY {
            match lr_file_text(opts.lr_file.as_deref()) {
                Ok(t) => Some(t),
                Err(msg) => {
                    eprintln!("schedule-explorer bench: {msg}");
                    return 2;
                }
            }
        } else {
            None
        };
        match bench::run_named(name, text.as_deref(), opts.runs, &mut now) {
            Ok(r) => {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                if writeln!(out, "{}", r.to_json_line()).and_then(|_| out.flush()).is_err() {
                    return 2;
                }
            }
            Err(e) => {
                eprintln!("schedule-explorer bench: {name}: {e}");
                return 2;
            }
        }
    }
    0
}
