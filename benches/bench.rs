//! `cargo bench`: the standard workloads of `schedule_explorer::bench` (the same functions the
//! `schedule-explorer bench` command and the browser's `?bench` page run), one JSON line each.
//! `cargo bench -- --runs N` sets the measured runs per workload.
use schedule_explorer::bench::{self, DEFAULT_RUNS, LR_FILE_MOL, PARSE_REPLAY, WORKLOADS};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(DEFAULT_RUNS);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(LR_FILE_MOL);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            std::process::exit(2);
        }
    };
    let start = Instant::now();
    let mut now = move || start.elapsed().as_secs_f64() * 1000.0;
    for name in WORKLOADS {
        let lr_text = (name == PARSE_REPLAY).then_some(text.as_str());
        match bench::run_named(name, lr_text, runs, &mut now) {
            Ok(r) => println!("{}", r.to_json_line()),
            Err(e) => {
                eprintln!("{name}: {e}");
                std::process::exit(2);
            }
        }
    }
}
