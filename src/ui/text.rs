//! Stored text shown on screen is made inert: a name or note holding terminal escape
//! sequences or control characters must not move the cursor, change colours or
//! rewrite the screen. Controls become visible caret notation (`^[`), and bidi
//! overrides, which could make text read differently from what is stored, become `�`.

use std::borrow::Cow;

/// `s` safe to draw: no control characters, no bidi overrides; line breaks shown as `⏎`.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_inert(&mut out, c, true);
    }
    Cow::Owned(out)
}

/// Like [`inert`], but keeps line breaks (for multi-line notes drawn as paragraphs).
pub fn inert_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && needs_escape(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_inert(&mut out, c, false);
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_inert(out: &mut String, c: char, single_line: bool) {
    match c {
        '\n' if single_line => out.push('⏎'),
        '\n' => out.push('\n'),
        '\t' => out.push(' '),
        '\u{7f}' => out.push_str("^?"),
        c if (c as u32) < 0x20 => {
            out.push('^');
            out.push(char::from(b'@' + c as u8));
        }
        c if c.is_control() || is_bidi_control(c) => out.push('\u{FFFD}'),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(inert("Amina"), "Amina");
        assert_eq!(inert("a\x1b[2Jb"), "a^[[2Jb");
        assert_eq!(inert("bell\x07"), "bell^G");
        assert_eq!(inert("x\u{9b}31m"), "x\u{FFFD}31m");
        assert_eq!(inert("two\nlines"), "two⏎lines");
        assert_eq!(inert_lines("two\nlines\x1b"), "two\nlines^[");
        assert_eq!(inert("\u{202E}evil"), "\u{FFFD}evil");
        assert_eq!(inert("محمد 王秀英"), "محمد 王秀英");
    }

    proptest::proptest! {
        #[test]
        fn output_has_no_controls(s in ".*") {
            let out = inert(&s);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() || is_bidi_control(c)));
        }
    }
}
