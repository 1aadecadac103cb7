//! Dialogs and overlays drawn over a screen; keys go to them first.

pub mod confirm;
pub mod follow_up;
pub mod form_layer;
pub mod help;
pub mod merge;
pub mod open_case;
pub mod outside_editor;
pub mod person_edit;
pub mod reader;
pub mod work_settings;
