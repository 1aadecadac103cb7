//! How many terminal columns a character and a grapheme cluster take.
//!
//! Terminals such as tmux, screen, xterm, VTE and the Linux console advance the cursor
//! code point by code point, by the C library's `wcwidth`: a zero-width mark joins the
//! cell before it, anything else takes one column, or two if it is wide. ratatui
//! measures a grapheme cluster as a whole with `unicode-width`, which agrees for most
//! text but not all: it gives no column to spacing vowel signs that Unicode also calls
//! grapheme extenders (Bengali and Tamil `া`/`ா` AA, Kannada, Malayalam, Sinhala and
//! others), so `শাহানা` is 3 columns to ratatui and 6 to tmux. [`DISPUTED`] lists every
//! character where the two disagree (found by comparing `unicode-width` 0.2 with glibc
//! 2.36's `wcwidth` over all of Unicode); the rest of the drawing code in
//! [`super::shown`] and [`super::settle`] makes ratatui's layout follow the terminal's.

use ratatui::buffer::CellWidth;
use unicode_width::UnicodeWidthChar;

/// A column that the cluster before it takes although ratatui does not count it: a
/// Unicode noncharacter, so it never stands for text. Every one is taken off the screen
/// again before anything is drawn.
pub const FILLER: char = '\u{FDD0}';

/// Characters `unicode-width` and `wcwidth` measure differently, with the columns
/// caseline gives them (the larger of the two). A cluster holding one is drawn over
/// blanks and the cursor placed after it, so a terminal that measures it either way
/// neither drifts nor leaves a stray character.
#[rustfmt::skip]
const DISPUTED: &[(char, char, u8)] = &[
    ('\u{0605}', '\u{0605}', 1), // Arabic number mark above
    ('\u{070F}', '\u{070F}', 1), // Syriac abbreviation mark
    ('\u{0890}', '\u{0891}', 1), // Arabic pound and piastre marks above
    ('\u{08E2}', '\u{08E2}', 1), // Arabic disputed end of ayah
    ('\u{09BE}', '\u{09BE}', 1), // Bengali vowel sign AA
    ('\u{09D7}', '\u{09D7}', 1), // Bengali AU length mark
    ('\u{0B3E}', '\u{0B3E}', 1), // Oriya vowel sign AA
    ('\u{0B57}', '\u{0B57}', 1), // Oriya AU length mark
    ('\u{0BBE}', '\u{0BBE}', 1), // Tamil vowel sign AA
    ('\u{0BD7}', '\u{0BD7}', 1), // Tamil AU length mark
    ('\u{0CC0}', '\u{0CC0}', 1), // Kannada vowel sign II
    ('\u{0CC2}', '\u{0CC2}', 1), // Kannada vowel sign UU
    ('\u{0CC7}', '\u{0CC8}', 1), // Kannada vowel signs EE, AI
    ('\u{0CCA}', '\u{0CCB}', 1), // Kannada vowel signs O, OO
    ('\u{0CD5}', '\u{0CD6}', 1), // Kannada length marks
    ('\u{0D3E}', '\u{0D3E}', 1), // Malayalam vowel sign AA
    ('\u{0D4E}', '\u{0D4E}', 1), // Malayalam dot reph
    ('\u{0D57}', '\u{0D57}', 1), // Malayalam AU length mark
    ('\u{0DCF}', '\u{0DCF}', 1), // Sinhala vowel sign aela-pilla
    ('\u{0DDF}', '\u{0DDF}', 1), // Sinhala vowel sign gayanukitta
    ('\u{1715}', '\u{1715}', 1), // Tagalog pamudpod
    ('\u{1734}', '\u{1734}', 1), // Hanunoo pamudpod
    ('\u{17A4}', '\u{17A4}', 2), // Khmer independent vowel QAA
    ('\u{17D8}', '\u{17D8}', 3), // Khmer sign beyyal
    ('\u{1B35}', '\u{1B35}', 1), // Balinese vowel sign tedung
    ('\u{1B3B}', '\u{1B3B}', 1), // Balinese vowel signs with tedung
    ('\u{1B3D}', '\u{1B3D}', 1),
    ('\u{1B43}', '\u{1B44}', 1), // Balinese pepet tedung, adeg adeg
    ('\u{1BAA}', '\u{1BAA}', 1), // Sundanese pamaaeh
    ('\u{1BF2}', '\u{1BF3}', 1), // Batak pangolat, panongonan
    ('\u{2630}', '\u{2637}', 2), // trigrams
    ('\u{268A}', '\u{268F}', 2), // monograms and digrams
    ('\u{2D7F}', '\u{2D7F}', 1), // Tifinagh consonant joiner
    ('\u{302E}', '\u{302F}', 2), // Hangul tone marks
    ('\u{3164}', '\u{3164}', 2), // Hangul filler
    ('\u{3248}', '\u{324F}', 2), // circled numbers on black squares
    ('\u{A8FA}', '\u{A8FA}', 1), // Devanagari caret
    ('\u{A953}', '\u{A953}', 1), // Rejang virama
    ('\u{A9C0}', '\u{A9C0}', 1), // Javanese pangkon
    ('\u{FFA0}', '\u{FFA0}', 1), // halfwidth Hangul filler
    ('\u{FFF9}', '\u{FFFB}', 1), // interlinear annotation marks
    ('\u{111C0}', '\u{111C0}', 1), // Sharada virama
    ('\u{111C2}', '\u{111C3}', 1), // Sharada jihvamuliya, upadhmaniya
    ('\u{11235}', '\u{11235}', 1), // Khojki virama
    ('\u{1133E}', '\u{1133E}', 1), // Grantha vowel sign AA
    ('\u{1134D}', '\u{1134D}', 1), // Grantha virama
    ('\u{11357}', '\u{11357}', 1), // Grantha AU length mark
    ('\u{114B0}', '\u{114B0}', 1), // Tirhuta vowel sign AA
    ('\u{114BD}', '\u{114BD}', 1), // Tirhuta vowel sign short O
    ('\u{115AF}', '\u{115AF}', 1), // Siddham vowel sign AA
    ('\u{116B6}', '\u{116B6}', 1), // Takri virama
    ('\u{1171E}', '\u{1171E}', 1), // Ahom medial RA
    ('\u{11930}', '\u{11930}', 1), // Dives Akuru vowel sign AA
    ('\u{1193D}', '\u{1193D}', 1), // Dives Akuru halanta
    ('\u{1193F}', '\u{1193F}', 1), // Dives Akuru prefixed nasal sign
    ('\u{11941}', '\u{11941}', 1), // Dives Akuru initial RA
    ('\u{11A84}', '\u{11A89}', 1), // Soyombo signs and cluster-initial letters
    ('\u{11D46}', '\u{11D46}', 1), // Masaram Gondi repha
    ('\u{13430}', '\u{13438}', 1), // Egyptian hieroglyph format controls
    ('\u{16FF0}', '\u{16FF1}', 2), // Vietnamese alternate reading marks
    ('\u{1D165}', '\u{1D166}', 1), // musical combining stems
    ('\u{1D16D}', '\u{1D172}', 1), // musical augmentation dot and flags
    ('\u{1D300}', '\u{1D356}', 2), // Tai Xuan Jing symbols
    ('\u{1D360}', '\u{1D376}', 2), // counting rods and tally marks
];

/// The columns caseline gives `c` if terminals disagree about it.
fn disputed(c: char) -> Option<usize> {
    if (c as u32) < 0x0605 {
        return None;
    }
    DISPUTED
        .binary_search_by(|&(lo, hi, _)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .ok()
        .map(|i| usize::from(DISPUTED[i].2))
}

/// Columns `c` takes on a terminal that advances code point by code point.
pub fn char_columns(c: char) -> usize {
    disputed(c).unwrap_or_else(|| c.width().unwrap_or(0))
}

/// How a grapheme cluster is measured by each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// The columns ratatui gives it (its buffer and its line widths).
    pub ratatui: usize,
    /// The columns the terminal gives it, code point by code point.
    pub terminal: usize,
    /// It holds a character terminals measure differently from one another.
    pub disputed: bool,
    /// Code points in it that take a column of their own: the terminal keeps each in a
    /// cell of its own, where ratatui keeps the cluster in one.
    pub parts: usize,
}

impl Measure {
    /// The columns caseline lays it out in: never fewer than either side uses.
    pub fn columns(self) -> usize {
        self.ratatui.max(self.terminal)
    }

    /// Whether drawing it needs care: columns ratatui does not count, a terminal that
    /// may use fewer or more than are laid out, or letters the terminal keeps in cells
    /// of their own (`চৌ`), which ratatui would not redraw when only the first changes.
    pub fn needs_care(self) -> bool {
        self.disputed || self.ratatui != self.terminal || self.parts > 1
    }
}

/// Measures one grapheme cluster.
pub fn measure(cluster: &str) -> Measure {
    if cluster.is_ascii() {
        let n = usize::from(!cluster.is_empty());
        return Measure {
            ratatui: n,
            terminal: n,
            disputed: false,
            parts: n,
        };
    }
    let mut terminal = 0;
    let mut parts = 0;
    let mut disputed_here = false;
    for c in cluster.chars() {
        let n = match disputed(c) {
            Some(n) => {
                disputed_here = true;
                n
            }
            None => c.width().unwrap_or(0),
        };
        terminal += n;
        parts += usize::from(n > 0);
    }
    Measure {
        ratatui: usize::from(cluster.cell_width()),
        terminal,
        disputed: disputed_here,
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_apart() {
        for pair in DISPUTED.windows(2) {
            assert!(pair[0].1 < pair[1].0, "{pair:?}");
        }
        for &(lo, hi, _) in DISPUTED {
            assert!(lo <= hi);
        }
    }

    #[test]
    fn spacing_vowel_signs_take_a_column_as_tmux_gives_them() {
        // Measured in tmux 3.3a: শা is two columns, ratatui counts one.
        let m = measure("শা");
        assert_eq!((m.ratatui, m.terminal), (1, 2));
        assert!(m.needs_care());
        assert_eq!(measure("கா").terminal, 2);
        // A spacing sign that is not a grapheme extender: both sides count it, but
        // the terminal keeps it in a cell of its own.
        let m = measure("চৌ");
        assert_eq!((m.ratatui, m.terminal, m.parts), (2, 2, 2));
        assert!(m.needs_care());
    }

    #[test]
    fn wide_narrow_and_combining_agree() {
        for (cluster, cols) in [("王", 2), ("a", 1), ("é", 1), ("e\u{301}", 1), ("م", 1)] {
            let m = measure(cluster);
            assert_eq!(m.columns(), cols, "{cluster}");
            assert!(!m.needs_care(), "{cluster}");
        }
    }

    #[test]
    fn symbols_terminals_measure_either_way_are_disputed() {
        let m = measure("☰");
        assert_eq!(m.columns(), 2);
        assert!(m.disputed);
    }
}
