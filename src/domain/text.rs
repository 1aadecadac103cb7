//! Text shown on a terminal is made inert: a stored name or note, or an argument
//! echoed in a message, holding escape sequences or control characters must not move
//! the cursor, change colours or rewrite the screen. Controls become visible caret
//! notation (`^[`), and bidi overrides, which could make text read differently from
//! what is stored, become `�`. It lives here, beside the records, because the
//! terminal interface and the command line both show text and neither may depend on
//! the other.

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

/// JSON text safe to print: every control character or bidi override left in it (JSON
/// escapes only those below U+0020, so C1 controls such as U+009B and bidi overrides
/// pass through) written as a `\uXXXX` escape. Such characters can only be inside
/// strings, so the JSON means exactly what it meant.
pub fn inert_json(s: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| needs_escape(c) && !matches!(c, '\n' | '\r' | '\t');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
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

    #[test]
    fn json_keeps_its_meaning() {
        let value = serde_json::json!({"name": "a\u{9b}31m\u{202E}b\u{7f}\u{1b}", "n": 1});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = inert_json(&text);
        assert!(
            !safe.chars().any(|c| c != '\n' && needs_escape(c)),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    proptest::proptest! {
        #[test]
        fn output_has_no_controls(s in ".*") {
            let out = inert(&s);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() || is_bidi_control(c)));
        }
    }
}
