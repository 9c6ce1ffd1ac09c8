//! `schedule-explorer config export` (being built; see the issue tracker).

pub(crate) fn run(args: &[String]) -> i32 {
    if super::wants_help(args) {
        println!("schedule-explorer config export: not built yet");
        return 0;
    }
    eprintln!("schedule-explorer config export: not built yet");
    2
}
