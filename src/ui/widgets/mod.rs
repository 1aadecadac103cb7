//! Pieces screens are built from.

pub mod bars;
pub mod field;
pub mod small_form;
