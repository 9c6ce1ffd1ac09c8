//! One typed error for the whole engine and the text formats. Nothing user-facing panics: every
//! failure becomes one of these, naming the value, the field or the line and column.
use std::fmt;

/// The Python exception type RETURNN (or torch) raises for the same input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PyExc {
    /// Python's `TypeError`: an int LR in `EpochData`, an unexpected keyword for a torch
    /// constructor, a value of the wrong type for an operation.
    TypeError,
    /// Python's `ValueError`: torch's hyper-parameter checks (`Invalid learning rate: -1`),
    /// RETURNN's `optimizer` dict checks, `float()` of a bad string.
    ValueError,
    /// Python's `AssertionError`: RETURNN's `assert`s (config readers, an unknown
    /// `learning_rate_control`, an int decay factor, decay and grow at once), often without a
    /// message.
    AssertionError,
    /// Python's `ZeroDivisionError`: `float division by zero` in the relative error (spec
    /// section 5.1).
    ZeroDivisionError,
    /// Python's `NotImplementedError`: a TF-only option in the torch updater; here also text
    /// that RETURNN would evaluate as code, which this port never executes.
    NotImplementedError,
    /// Python's `RuntimeError`: torch's `fused`/`foreach` conflicts, SparseAdam on a dense gradient.
    RuntimeError,
    /// Python's `SyntaxError`: a `learning_rate_file` or literal that Python cannot parse.
    SyntaxError,
    /// Python's `NameError`: a name in an evaluated file other than `EpochData`, `nan`, `inf`, `np`.
    NameError,
    /// Python's `KeyError` (only parsed from a name; nothing in the crate raises it).
    KeyError,
    /// Python's `AttributeError`: `torch.optim` has no such class; a non-string key in an error dict.
    AttributeError,
    /// Python's `OverflowError`: an int too large to convert to a float (or to a C long).
    OverflowError,
    /// Python's `ModuleNotFoundError`: a dotted optimizer class whose module does not exist.
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
    /// Building the control (`load_learning_rate_control_from_config`, spec section 3 step 1).
    Init,
    /// `get_learning_rate_for_epoch` at an epoch start (spec section 3 step 2).
    GetLearningRate,
    /// `set_epoch_error` after training or evaluating an epoch (spec section 3 steps 3-4).
    SetEpochError,
    /// `get_error_key` (spec section 4).
    GetErrorKey,
}

impl Stage {
    /// The vectors' spelling: `init`, `get_learning_rate`, `set_epoch_error`, `get_error_key`.
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
        /// The exception type.
        exc: PyExc,
        /// The exception's message (`str(e)`; empty for a bare `assert`).
        message: String,
        /// Where in the LR control's life cycle it surfaced (`None` outside the LR control).
        stage: Option<Stage>,
        /// The epoch being handled when it surfaced.
        epoch: Option<u64>,
    },
    /// Text that could not be read; `line` and `column` are 1-based (column in characters).
    Parse {
        /// The exception Python raises for the text (usually [`PyExc::SyntaxError`]).
        exc: PyExc,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// A settings field holds a value the engine cannot use.
    Invalid {
        /// The field's path (`"surface.dim"`, `"lr_changes"`).
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// An input exceeds a size or nesting limit.
    Limit {
        /// What exceeded it (`"steps"`, `"surface.dim"`).
        what: String,
        /// The largest accepted value.
        limit: usize,
    },
}

impl Error {
    /// A Python exception with a message, not yet tied to a stage or epoch (see [`Error::at`]).
    pub fn py(exc: PyExc, message: impl Into<String>) -> Error {
        Error::Python { exc, message: message.into(), stage: None, epoch: None }
    }

    /// A parse error at 1-based `line` and `column`.
    pub fn parse(exc: PyExc, line: usize, column: usize, message: impl Into<String>) -> Error {
        Error::Parse { exc, line, column, message: message.into() }
    }

    /// An unusable settings field (not a Python exception).
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

/// `Result` with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
