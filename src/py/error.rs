//! One typed error for the whole engine and the text formats. Nothing user-facing panics: every
//! failure becomes one of these, naming the value, the field or the line and column.
use std::fmt;

/// The Python exception type RETURNN (or torch) raises for the same input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PyExc {
    TypeError,
    ValueError,
    AssertionError,
    ZeroDivisionError,
    NotImplementedError,
    RuntimeError,
    SyntaxError,
    NameError,
    KeyError,
    AttributeError,
    OverflowError,
    ModuleNotFoundError,
}

impl PyExc {
    /// The Python name, e.g. `"TypeError"`.
    pub fn name(self) -> &'static str {
        match self {
            PyExc::TypeError => "TypeError",
            PyExc::ValueError => "ValueError",
            PyExc::AssertionError => "AssertionError",
            PyExc::ZeroDivisionError => "ZeroDivisionError",
            PyExc::NotImplementedError => "NotImplementedError",
            PyExc::RuntimeError => "RuntimeError",
            PyExc::SyntaxError => "SyntaxError",
            PyExc::NameError => "NameError",
            PyExc::KeyError => "KeyError",
            PyExc::AttributeError => "AttributeError",
            PyExc::OverflowError => "OverflowError",
            PyExc::ModuleNotFoundError => "ModuleNotFoundError",
        }
    }

    /// Parses a Python exception name.
    pub fn from_name(name: &str) -> Option<PyExc> {
        Some(match name {
            "TypeError" => PyExc::TypeError,
            "ValueError" => PyExc::ValueError,
            "AssertionError" => PyExc::AssertionError,
            "ZeroDivisionError" => PyExc::ZeroDivisionError,
            "NotImplementedError" => PyExc::NotImplementedError,
            "RuntimeError" => PyExc::RuntimeError,
            "SyntaxError" => PyExc::SyntaxError,
            "NameError" => PyExc::NameError,
            "KeyError" => PyExc::KeyError,
            "AttributeError" => PyExc::AttributeError,
            "OverflowError" => PyExc::OverflowError,
            "ModuleNotFoundError" => PyExc::ModuleNotFoundError,
            _ => return None,
        })
    }
}

impl fmt::Display for PyExc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where in RETURNN's life cycle of the LR control an error surfaced (the vectors' `error_stage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Init,
    GetLearningRate,
    SetEpochError,
    GetErrorKey,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Init => "init",
            Stage::GetLearningRate => "get_learning_rate",
            Stage::SetEpochError => "set_epoch_error",
            Stage::GetErrorKey => "get_error_key",
        }
    }
}

/// The one error type of the engine and the text formats.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// What RETURNN or torch would raise for this input (the same Python exception type).
    Python {
        exc: PyExc,
        message: String,
        stage: Option<Stage>,
        epoch: Option<u64>,
    },
    /// Text that could not be read; `line` and `column` are 1-based (column in characters).
    Parse {
        exc: PyExc,
        line: usize,
        column: usize,
        message: String,
    },
    /// A settings field holds a value the engine cannot use.
    Invalid { field: String, message: String },
    /// An input exceeds a size or nesting limit.
    Limit { what: String, limit: usize },
}

impl Error {
    pub fn py(exc: PyExc, message: impl Into<String>) -> Error {
        Error::Python { exc, message: message.into(), stage: None, epoch: None }
    }

    pub fn parse(exc: PyExc, line: usize, column: usize, message: impl Into<String>) -> Error {
        Error::Parse { exc, line, column, message: message.into() }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Invalid { field: field.into(), message: message.into() }
    }

    /// Attaches the life-cycle stage and epoch to a Python error (no-op for other kinds, and for
    /// errors that already carry a stage).
    pub fn at(self, at_stage: Stage, at_epoch: Option<u64>) -> Error {
        match self {
            Error::Python { exc, message, stage: None, epoch: None } => {
                Error::Python { exc, message, stage: Some(at_stage), epoch: at_epoch }
            }
            other => other,
        }
    }

    /// The Python exception type RETURNN would raise, where there is one.
    pub fn py_exc(&self) -> Option<PyExc> {
        match self {
            Error::Python { exc, .. } | Error::Parse { exc, .. } => Some(*exc),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Python { exc, message, stage, epoch } => {
                write!(f, "{exc}: {message}")?;
                if let Some(s) = stage {
                    write!(f, " (in {}", s.name())?;
                    if let Some(e) = epoch {
                        write!(f, ", epoch {e}")?;
                    }
                    write!(f, ")")?;
                }
                Ok(())
            }
            Error::Parse { exc, line, column, message } => {
                write!(f, "line {line}, column {column}: {message} ({exc})")
            }
            Error::Invalid { field, message } => write!(f, "{field}: {message}"),
            Error::Limit { what, limit } => write!(f, "{what} exceeds the limit of {limit}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
