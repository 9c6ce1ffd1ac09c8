//! The training simulator: epochs x steps, fed into the LR control.
