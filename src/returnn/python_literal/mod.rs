//! A reader for the Python that RETURNN configs and `learning_rate_file`s are written in. It never
//! evaluates code: a hand-written lexer and recursive-descent parser build an [`Expr`] tree (with
//! 1-based line/column spans), [`literal_value`] turns the literal subset of it into a [`PyValue`],
//! and [`parse_module`] splits a config file into statements (blocks such as `def` are skipped as a
//! whole, with their lines).
//!
//! The parser understands enough of Python's expression grammar to *recognise* what is not a literal
//! (`learning_rate / 50.`, `numpy.linspace(...)`, comprehensions, lambdas) and to say so, rather than
//! fail. Errors are Python's `SyntaxError`, located: `line 3, column 17: expected ',' or '}' but
//! found ')'`. Inputs are bounded ([`MAX_INPUT_BYTES`], [`MAX_DEPTH`]) so that nothing can overflow
//! the stack, and no input makes it panic.
use crate::py::error::{Error, PyExc};
use crate::py::value::{str_repr, PyValue};

/// The largest text accepted (bytes).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// The deepest nesting of brackets / unary operators / sub-expressions accepted.
pub const MAX_DEPTH: usize = 100;
/// The longest chain of binary operators at one level (`1 + 1 + ... + 1`) accepted. CPython 3.11
/// compiles a chain of 2 800 and raises RecursionError for 3 000 (at its default recursion limit).
pub const MAX_CHAIN: usize = 10_000;

mod ast;
mod eval;
mod lexer;
mod literal;
mod parser;
mod statements;
#[cfg(test)]
mod tests;

pub use ast::*;
pub use eval::*;
pub use lexer::*;
pub use literal::*;
pub use parser::*;
pub use statements::*;
// Number conversions are Python value semantics (the bottom layer); re-exported for the readers.
pub use crate::py::convert::{dict_from_items, negate, py_float_from_str, py_int_from_str};
pub(crate) use crate::py::convert::int_from_digits;
