//! Scrolling a read-only text (help, an intake, a timeline entry) by line and page,
//! the same keys everywhere.

use crate::keymap::Action;

/// The actions [`scroll`] moves by, for help to list.
pub const SCROLL_KEYS: [Action; 5] = [
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::First,
];

/// Lines a page key moves.
const PAGE: u16 = 10;

/// Moves `offset` for a scrolling action; false when `action` is not one. The offset
/// may run past the end: drawing clamps it to what the text allows.
pub fn scroll(action: Action, offset: &mut u16) -> bool {
    *offset = match action {
        Action::Up => offset.saturating_sub(1),
        Action::Down => offset.saturating_add(1),
        Action::PageUp => offset.saturating_sub(PAGE),
        Action::PageDown => offset.saturating_add(PAGE),
        Action::First => 0,
        _ => return false,
    };
    true
}
