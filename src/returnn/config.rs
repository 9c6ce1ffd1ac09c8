//! RETURNN config snippets: settings to config lines and back (import never executes code).
