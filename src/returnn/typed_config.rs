//! RETURNN's Config readers (float, int, bool, value, typed) over a map of Python values.
