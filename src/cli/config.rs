//! `schedule-explorer config import FILE` / `config export VALUES.json`.

pub(crate) fn run(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        Some("import") => super::config_import::run(&args[1..]),
        Some("export") => super::config_export::run(&args[1..]),
        Some("-h") | Some("--help") => {
            super::out("USAGE:\n    schedule-explorer config import FILE\n    schedule-explorer config export VALUES.json\n\nRun `schedule-explorer config import --help` (or export) for details.\n");
            0
        }
        _ => {
            eprintln!("usage: schedule-explorer config import FILE | config export VALUES.json");
            2
        }
    }
}
