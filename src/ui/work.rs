//! Long work in progress (the `progress` hook): reading a big learning_rate_file in slices per
//! animation frame, or a sweep in Web Workers. Plain data, shared by both.

/// What the long work is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Work {
    /// Nothing yet.
    #[default]
    None,
    /// Reading a `learning_rate_file`.
    File,
    /// A sweep.
    Sweep,
}

impl Work {
    /// The name of the `data-what` hook (`""`, `file`, `sweep`).
    pub fn name(self) -> &'static str {
        match self {
            Work::None => "",
            Work::File => "file",
            Work::Sweep => "sweep",
        }
    }
}

/// How far the long work is.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub what: Work,
    pub done: usize,
    pub total: usize,
    pub finished: bool,
}

impl Default for Progress {
    fn default() -> Self {
        Progress { what: Work::None, done: 0, total: 0, finished: true }
    }
}

impl Progress {
    /// Work of `total` units started.
    pub fn start(what: Work, total: usize) -> Progress {
        Progress { what, done: 0, total, finished: false }
    }
}
