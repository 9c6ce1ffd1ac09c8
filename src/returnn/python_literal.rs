//! Python-literal-subset parser with line/column errors, and its emitter. Never evaluates code.
