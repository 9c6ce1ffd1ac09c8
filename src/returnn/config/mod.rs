//! RETURNN config snippets: import (a Python-literal-subset reader that never executes code and
//! lists what it skipped) and export (settings → the config lines RETURNN reads back identically).
pub mod dynamic_lr;
pub mod export;
pub mod import;
