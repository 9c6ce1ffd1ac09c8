//! Deterministic random numbers (same bits natively and in wasm): seeded generator, normal and truncated normal.
