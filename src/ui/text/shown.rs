//! Stored text in the form it is drawn in: the one way a name, a note or a message
//! reaches the screen, so that what ratatui lays out is what the terminal draws.
//!
//! Besides being made inert, the text loses what terminals measure differently from
//! one another and from ratatui: joiners, which tmux 3.3 uses to fold the next
//! character into the same cell (`ল‍া`, emoji sequences), variation selectors (`❤️` is
//! one column in tmux, two to ratatui) and skin-tone modifiers (`👍🏽` is four columns
//! in tmux, two to ratatui). Each emoji is then drawn on its own, two columns on every
//! terminal; letters lose nothing. A cluster the terminal gives more columns than
//! ratatui counts (a Bengali or Tamil syllable with the vowel sign AA) is followed by
//! [`FILLER`]s, so every width ratatui and this module compute is the terminal's, and
//! [`super::settle`] turns them back into the cells the cluster covers.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::columns::{FILLER, measure};
use crate::domain::text::{inert, inert_lines};

/// A filler as a string, for comparing with a cell's symbol.
pub const FILLER_STR: &str = "\u{FDD0}";

/// `s` as it is drawn on one line: inert, line breaks shown as `⏎`, in the form every
/// terminal measures alike.
pub fn shown(s: &str) -> Cow<'_, str> {
    drawable(inert(s), true)
}

/// Like [`shown`], but keeps line breaks, for notes drawn as paragraphs.
pub fn shown_lines(s: &str) -> Cow<'_, str> {
    drawable(inert_lines(s), false)
}

/// The columns `s` takes on the terminal once shown.
pub fn columns(s: &str) -> usize {
    units(&shown(s)).iter().map(|u| u.1).sum()
}

/// Shown text cut into what must stay together (a cluster with its fillers), each with
/// the columns it takes. Lines are cut between these, never inside one.
pub fn units(shown: &str) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    let mut start = 0;
    for (at, g) in shown.grapheme_indices(true) {
        if g == FILLER_STR
            && let Some(last) = out.last_mut()
        {
            *last = (&shown[start..at + g.len()], last.1 + 1);
            continue;
        }
        start = at;
        let cols = if g == FILLER_STR {
            1
        } else {
            measure(g).ratatui
        };
        out.push((g, cols));
    }
    out
}

/// Whether a character never reaches the screen: joiners and variation selectors,
/// emoji modifiers and tags, which terminals measure each their own way.
fn dropped(c: char) -> bool {
    matches!(
        c,
        '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0000}'..='\u{E007F}'
    )
}

fn drawable(text: Cow<'_, str>, single_line: bool) -> Cow<'_, str> {
    // Below U+0300 nothing combines, joins or is measured two ways.
    if text.chars().all(|c| (c as u32) < 0x300) {
        return text;
    }
    let cleaned: String = text
        .chars()
        .filter(|&c| !dropped(c))
        .map(|c| match c {
            '\u{2028}' | '\u{2029}' if single_line => '⏎',
            '\u{2028}' | '\u{2029}' => '\n',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(cleaned.len() + 8);
    let mut last: Option<(usize, usize, usize)> = None;
    for (at, g) in cleaned.grapheme_indices(true) {
        if g == FILLER_STR {
            // Put back below, as many as the cluster before needs.
            continue;
        }
        if g == "\n" {
            out.push('\n');
            last = None;
            continue;
        }
        let m = measure(g);
        if m.ratatui == 0 {
            // ratatui would not draw it (a mark with nothing to sit on).
            continue;
        }
        if let Some((start, end, cols)) = last
            && end == at
            && ligature(&cleaned[start..at + g.len()], cols, m.ratatui)
        {
            out.push(NON_JOINER);
        }
        out.push_str(g);
        for _ in m.ratatui..m.terminal {
            out.push(FILLER);
        }
        last = Some((at, at + g.len(), m.ratatui));
    }
    Cow::Owned(out)
}

/// Keeps two clusters apart for measuring: zero columns everywhere, joins nothing.
const NON_JOINER: char = '\u{200C}';

/// Whether `unicode-width` measures two neighbouring clusters as one ligature (Arabic
/// lam-alef: `لا` is one column to it, two to ratatui's buffer and to the terminal).
/// ratatui places each span by that measure, so the next span would overwrite the
/// span's last column; a non-joiner between the two keeps the measures equal.
fn ligature(pair: &str, first: usize, second: usize) -> bool {
    !pair.is_ascii() && pair.width() != first + second
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_as_it_is() {
        assert!(matches!(shown("Amina Hassan"), Cow::Borrowed(_)));
        assert!(matches!(shown("José Müller"), Cow::Borrowed(_)));
        assert_eq!(shown("a\x1b[2Jb"), "a^[[2Jb");
    }

    #[test]
    fn columns_are_what_tmux_draws() {
        // Each figure was measured in tmux 3.3a (cursor position after printing).
        for (name, cols) in [
            ("আমিনুল", 5),
            ("নাসিমা", 6),
            ("শাহানা", 6),
            ("চৌধুরী", 5),
            ("ਗੁਰਪ੍ਰੀਤ", 6),
            ("ਸਿੰਘ", 3),
            ("கார்த்திக்", 7),
            ("தமிழ்", 4),
            ("王伟", 4),
            ("محمد", 4),
            ("José", 4),
            ("Zoe\u{308}", 3),
            ("x\u{303}\u{302}", 1),
        ] {
            assert_eq!(columns(name), cols, "{name}");
        }
    }

    #[test]
    fn emoji_sequences_become_emoji_every_terminal_measures_alike() {
        assert_eq!(shown("👩\u{200D}👩\u{200D}👧"), "👩👩👧");
        assert_eq!(columns("👩\u{200D}👩\u{200D}👧"), 6);
        assert_eq!(shown("👍🏽"), "👍");
        assert_eq!(shown("❤\u{FE0F}"), "❤");
        assert_eq!(columns("❤\u{FE0F}"), 1);
        // A joiner between letters goes too: tmux folds the next letter into its cell.
        assert_eq!(shown("র্\u{200D}য"), "র্য");
        assert_eq!(columns("র্\u{200D}য"), 2);
    }

    #[test]
    fn fillers_follow_clusters_ratatui_undercounts_and_stay_with_them() {
        let s = shown("শাহানা");
        assert_eq!(s.chars().filter(|&c| c == FILLER).count(), 3);
        assert_eq!(shown(&s), s, "showing twice changes nothing");
        let u = units(&s);
        assert_eq!(u.len(), 3);
        assert!(u.iter().all(|&(_, cols)| cols == 2), "{u:?}");
        // A filler in stored text is not trusted.
        assert_eq!(shown("a\u{FDD0}b"), "ab");
    }

    #[test]
    fn a_ligature_unicode_width_counts_as_one_column_is_kept_apart() {
        // Bilal: ratatui places the next span by this measure.
        assert_eq!("بلال".width(), 3);
        assert_eq!(shown("بلال").width(), 4);
        assert_eq!(columns("بلال"), 4);
    }

    #[test]
    fn every_measure_agrees_on_names_from_many_scripts() {
        for name in [
            "শাহানা ইসলাম",
            "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ",
            "கார்த்திக் தமிழ்",
            "王伟 张嘉欣",
            "عبد الله بلال",
            "Nguye\u{302}\u{303}n Zoe\u{308}",
            "👩\u{200D}👩\u{200D}👧 👍🏽 ❤\u{FE0F}",
            "ශ්\u{200D}රී ලංකා",
            "ក្ក",
        ] {
            let s = shown(name);
            assert_eq!(s.width(), columns(name), "{name}");
            assert_eq!(units(&s).iter().map(|u| u.1).sum::<usize>(), columns(name));
        }
    }

    #[test]
    fn lines_keep_their_breaks_and_one_line_shows_them() {
        assert_eq!(shown_lines("শা\nb"), "শা\u{FDD0}\nb");
        assert_eq!(shown("a\u{2028}b\u{300}"), "a⏎b\u{300}");
    }
}
