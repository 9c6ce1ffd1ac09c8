//! Synthetic loss surfaces with analytic gradients.
