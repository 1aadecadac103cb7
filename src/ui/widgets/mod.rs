//! Pieces screens are built from.

pub mod bars;
pub mod field;
pub mod form_box;
pub mod held_list;
pub mod line_view;
pub mod marked;
pub mod notes_view;
pub mod paged_table;
pub mod pager;
pub mod query_bar;
pub mod scroll;
pub mod small_form;
pub mod wrap;
