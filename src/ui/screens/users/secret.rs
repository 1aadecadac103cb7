//! The text of a passphrase field, kept only in memory that is wiped when it goes.
//!
//! A text input keeps its value in a plain `String` that is copied as it grows and
//! dropped without being wiped, so a passphrase typed into one would linger in freed
//! memory. Here the characters go straight into a [`Zeroizing`] buffer allocated once
//! at its full size (so it never moves), and the field on screen holds only as many
//! filler characters, which it shows as dots.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zeroize::Zeroizing;

/// Longest passphrase taken, in bytes: far beyond any typed one.
const MAX: usize = 1024;

pub struct SecretText(Zeroizing<String>);

impl Default for SecretText {
    fn default() -> Self {
        SecretText(Zeroizing::new(String::with_capacity(MAX)))
    }
}

impl SecretText {
    /// Takes a typing key (a character, or backspace); false for any other key, which
    /// a passphrase field ignores.
    pub fn key(&mut self, ev: KeyEvent) -> bool {
        match ev.code {
            KeyCode::Char(c)
                if !ev
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.push(c)
            }
            KeyCode::Backspace => {
                self.0.pop();
            }
            _ => return false,
        }
        true
    }

    pub fn paste(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_control()) {
            self.push(c);
        }
    }

    fn push(&mut self, c: char) {
        if self.0.len() + c.len_utf8() <= MAX {
            self.0.push(c);
        }
    }

    /// How many characters to show as dots.
    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }

    /// The passphrase, leaving the field empty.
    pub fn take(&mut self) -> Zeroizing<String> {
        std::mem::take(self).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn typing_backspace_and_paste_edit_the_secret_and_other_keys_do_nothing() {
        let mut s = SecretText::default();
        for c in "plum rivers".chars() {
            assert!(s.key(key(KeyCode::Char(c))));
        }
        assert!(s.key(key(KeyCode::Backspace)));
        assert!(!s.key(key(KeyCode::Left)));
        assert!(!s.key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        s.paste(" stone\n");
        assert_eq!(s.chars(), 16);
        assert_eq!(s.take().as_str(), "plum river stone");
        assert_eq!(s.chars(), 0, "taking empties the field");
    }

    #[test]
    fn the_buffer_never_grows_so_it_never_moves() {
        let mut s = SecretText::default();
        let before = s.0.as_ptr();
        s.paste(&"x".repeat(MAX + 10));
        assert_eq!(s.chars(), MAX);
        assert_eq!(s.0.as_ptr(), before);
    }
}
