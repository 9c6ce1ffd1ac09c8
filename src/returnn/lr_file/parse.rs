//! The learning_rate_file reader: the subset of Python RETURNN's loader accepts, never evaluated.
