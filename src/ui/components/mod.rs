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
pub mod compare_panel;
pub mod frameworks_panel;
pub mod replay_panel;
pub mod share;
pub mod sweep_panel;
pub mod teach_chart;
pub mod tour;
