//! Config export: settings → RETURNN config lines (only what differs from RETURNN defaults, plus essentials).
