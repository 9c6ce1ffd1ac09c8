//! Shared by the text targets: an error must be located and say something.
use schedule_explorer::py::error::Error;

pub fn check(e: &Error) {
    if let Error::Parse { line, column, .. } = e {
        assert!(*line >= 1 && *column >= 1, "unlocated error: {e}");
    }
    assert!(!e.to_string().is_empty());
}
