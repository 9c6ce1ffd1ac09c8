//! One Leptos component per file.
pub mod app;
pub mod chart_canvas;
pub mod charts;
pub mod controls;
pub mod decision_table;
pub mod export_panel;
pub mod field;
pub mod import_panel;
pub mod settings_panel;
