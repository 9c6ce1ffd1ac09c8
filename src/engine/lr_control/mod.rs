//! RETURNN's learning-rate control (constant, newbob_rel, newbob_abs, newbob_multi_epoch).
