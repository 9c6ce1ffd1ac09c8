//! torch optimizers as RETURNN's PyTorch backend builds and steps them.
