//! The typed settings of a run (one struct tree); defaults are RETURNN's and torch's.
