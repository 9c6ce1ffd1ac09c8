//! Config import: RETURNN config text (Python or JSON with // comments) → values + skipped-lines report. Never executes code.
