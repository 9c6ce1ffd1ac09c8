//! `schedule-explorer dynamic-lr CASES.jsonl...`: the effective learning rate RETURNN's PyTorch
//! engine would use at each queried step under a known `dynamic_learning_rate`.
use crate::engine::step_lr::case::Case;
use crate::engine::step_lr::Schedule;

const HELP: &str = "\
schedule-explorer dynamic-lr — step-level learning-rate schedules, exactly as RETURNN runs them

USAGE:
    schedule-explorer dynamic-lr CASES.jsonl...

Each input line is one case:
    {\"name\": str, \"config\": {\"dynamic_learning_rate\": NAME, KEY: VALUE, ...},
     \"queries\": [{\"global_train_step\": int, \"epoch\": int, \"epoch_continuous\": float or null,
                  \"learning_rate\": float}, ...]}
(other keys, such as \"expected\" and \"tags\", are ignored; ints and floats are kept apart).
The queries run in order against one config, like the steps of one training run. For each case
one JSON line, in order:
    {\"name\": ..., \"learning_rates\": [float per query]}
the effective LR: float(dynamic_learning_rate(global_train_step=..., epoch=..., epoch_continuous=...,
learning_rate=<the query's learning_rate, the epoch's LR from the LR control>)), or, where the
Python function raises (at the first such query; the run stops there):
    {\"name\": ..., \"error\": \"<Python exception type>\", \"message\": <Python's text>}
Floats are Python repr; non-finite values are \"NaN\", \"Infinity\", \"-Infinity\".

NAMES (dynamic_learning_rate) and the config keys each reads:
";

const FOOTER: &str = "
RETURNN's PyTorch engine calls the function at the start of every epoch (the steps done so far,
epoch_continuous = epoch - 1; recorded as :meta:effective_learning_rate) and after every step
(global_train_step + 1, epoch_continuous = epoch - 1 + the fraction of the epoch done). The step
counts mini-batches, also with accum_grad_multiple_step (docs/STEP-SCHEDULES.md).

EXIT STATUS: 0 on success (Python-equivalent errors are results); 2 on unreadable input (a message
on stderr).
";

fn help() -> String {
    let mut text = HELP.to_string();
    for s in Schedule::ALL {
        text.push_str(&format!("    {:<38} {}\n", s.name(), s.keys().join(", ")));
    }
    text.push_str(FOOTER);
    text
}

pub(crate) fn run(args: &[String]) -> i32 {
    super::run_cases(args, &help(), |value| Case::from_json(value).map(|case| case.result_json()).map_err(|e| e.to_string()))
}
