//! Folding text for matching and search: one normalisation shared by every lookup.
//!
//! Names come in many scripts. Folding makes the spellings a worker might type for the
//! same name compare equal (case, accents, compatibility forms, Arabic vowel marks)
//! while leaving every script's letters in place: a Bengali or Tamil vowel sign is part
//! of the letter and is never stripped, only marks that are decoration in their script.
//!
//! Both sides of a comparison must be folded the same way, so the rules live here once.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for comparison: NFKC, lower case, accents and other foldable marks
/// removed, letters with no decomposition spelt out (ł → l, ß → ss, æ → ae, ...),
/// invisible format characters removed, whitespace collapsed to single spaces.
///
/// `fold(fold(s)) == fold(s)` for every string.
pub fn fold(s: &str) -> String {
    let lowered = s.nfkc().collect::<String>().to_lowercase();
    let mut stripped = String::with_capacity(lowered.len());
    for c in lowered.nfd() {
        if is_foldable_mark(c) || is_ignorable(c) {
            continue;
        }
        match spell_out(c) {
            Some(text) => stripped.push_str(text),
            None if c.is_control() && !c.is_whitespace() => {}
            None => stripped.push(c),
        }
    }
    let mut out = String::with_capacity(stripped.len());
    for word in stripped.nfc().collect::<String>().split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The folded words of `s`, each once, in order of first appearance.
///
/// Words are split on whitespace and punctuation. A word joined by punctuation also
/// appears whole without it ("Al-Hassan" gives "al", "hassan" and "alhassan"). A run
/// of a script written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) gives the
/// run and each of its letters, so that "王秀英" gives "王秀英", "王", "秀", "英".
pub fn words(s: &str) -> Vec<String> {
    words_of_folded(&fold(s))
}

/// [`words`] of text already folded (by [`fold`], or a faster fold with the same
/// result).
pub fn words_of_folded(folded: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |w: &str| {
        if !w.is_empty() && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    };
    for group in word_groups(folded) {
        for part in &group {
            add(part);
            if part.chars().any(is_spaceless) {
                for (i, c) in part.char_indices() {
                    if is_spaceless(c) && !is_combining_mark(c) {
                        add(&part[i..i + c.len_utf8()]);
                    }
                }
            }
        }
        if group.len() > 1 {
            // Canonical order again: a part may begin with a mark.
            add(&group.concat().nfc().collect::<String>());
        }
    }
    out
}

/// Folded text in groups: one group per whitespace-separated chunk, holding the chunk's
/// runs of letters, digits and marks. Punctuation splits a chunk into runs, and so does
/// a change between a script written without spaces and one written with them.
///
/// `folded` should come from [`fold`]; `word_groups(&fold("Al-Hassan Khan"))` is
/// `[["al", "hassan"], ["khan"]]`.
pub fn word_groups(folded: &str) -> Vec<Vec<&str>> {
    folded
        .split_whitespace()
        .map(|chunk| {
            let mut parts = Vec::new();
            let mut start: Option<usize> = None;
            let mut spaceless = false;
            for (i, c) in chunk.char_indices() {
                if !is_word_char(c) {
                    if let Some(s) = start.take() {
                        parts.push(&chunk[s..i]);
                    }
                    continue;
                }
                // A mark stays with the letter before it, whatever its block.
                let class = if is_combining_mark(c) && start.is_some() {
                    spaceless
                } else {
                    is_spaceless(c)
                };
                match start {
                    Some(s) if class != spaceless => {
                        parts.push(&chunk[s..i]);
                        start = Some(i);
                    }
                    Some(_) => {}
                    None => start = Some(i),
                }
                spaceless = class;
            }
            if let Some(s) = start {
                parts.push(&chunk[s..]);
            }
            parts
        })
        .filter(|parts| !parts.is_empty())
        .collect()
}

/// Whether `c` belongs inside a word: a letter, a digit or a combining mark.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether `c` is from a script usually written without spaces between words, so that
/// a name in it is searched letter by letter: Han, Hiragana, Katakana, Thai, Lao, Khmer
/// and Myanmar.
pub fn is_spaceless(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF         // CJK and Kangxi radicals
        | 0x3005..=0x3007       // 々 〆 〇
        | 0x3021..=0x3029       // Hangzhou numerals
        | 0x3038..=0x303B
        | 0x3040..=0x30FF       // Hiragana, Katakana
        | 0x31C0..=0x31FF       // CJK strokes, Katakana extension
        | 0x3400..=0x4DBF       // CJK extension A
        | 0x4E00..=0x9FFF       // CJK unified ideographs
        | 0xF900..=0xFAFF       // CJK compatibility ideographs
        | 0xFF66..=0xFF9F       // half-width Katakana
        | 0x1B000..=0x1B16F     // kana supplement and extensions
        | 0x20000..=0x3FFFF     // CJK extensions B onwards
        | 0x0E00..=0x0EFF       // Thai, Lao
        | 0x1000..=0x109F       // Myanmar
        | 0xA9E0..=0xA9FF       // Myanmar extended B
        | 0xAA60..=0xAA7F       // Myanmar extended A
        | 0x1780..=0x17FF       // Khmer
        | 0x19E0..=0x19FF       // Khmer symbols
    )
}

/// The digits of a phone number, for comparing numbers however they were written.
///
/// A UK international prefix (+44 or 0044) becomes the trunk 0 and a "(0)" after an
/// international prefix is dropped, so "+44 (0)7700 900123" gives "07700900123". Any
/// other leading + becomes 00. Digits in other scripts (Arabic-Indic, Devanagari,
/// Bengali, Tamil, full-width) count as digits.
pub fn phone_digits(s: &str) -> String {
    let text: String = s.nfkc().map(ascii_digit).collect();
    let text = text.trim_start();
    let plus = text.starts_with('+');
    let all: String = text.chars().filter(char::is_ascii_digit).collect();
    let international = plus || all.starts_with("00");
    let digits: String = if international {
        text.replace("(0)", "")
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    } else {
        all
    };
    let digits = if plus { format!("00{digits}") } else { digits };
    match digits.strip_prefix("0044") {
        Some(rest) if rest.starts_with('0') => rest.to_string(),
        Some(rest) => format!("0{rest}"),
        None => digits,
    }
}

/// A postcode as a key: upper case, no spaces ("kt1 2ab" gives "KT12AB").
pub fn postcode_key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A digit in another script as its ASCII digit; anything else unchanged.
fn ascii_digit(c: char) -> char {
    let zero = match c as u32 {
        0x0660..=0x0669 => 0x0660, // Arabic-Indic
        0x06F0..=0x06F9 => 0x06F0, // Extended Arabic-Indic (Urdu, Persian)
        0x0966..=0x096F => 0x0966, // Devanagari
        0x09E6..=0x09EF => 0x09E6, // Bengali
        0x0A66..=0x0A6F => 0x0A66, // Gurmukhi
        0x0AE6..=0x0AEF => 0x0AE6, // Gujarati
        0x0BE6..=0x0BEF => 0x0BE6, // Tamil
        _ => return c,
    };
    char::from(b'0' + (c as u32 - zero) as u8)
}

/// Marks that are decoration rather than part of the letter, removed by folding: Latin,
/// Greek and Cyrillic accents, Hebrew points, Arabic harakat (including the hamza and
/// madda written over an alef, so أ إ آ fold to ا) and Quranic annotation.
/// Indic vowel signs and viramas, Thai tone marks and the like are kept.
fn is_foldable_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F         // combining diacritical marks
        | 0x1AB0..=0x1AFF       // ... extended
        | 0x1DC0..=0x1DFF       // ... supplement
        | 0x20D0..=0x20FF       // ... for symbols
        | 0xFE20..=0xFE2F       // half marks
        | 0x0483..=0x0489       // Cyrillic titlo and the like
        | 0x0591..=0x05BD       // Hebrew cantillation and points
        | 0x05BF
        | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5
        | 0x05C7
        | 0x0610..=0x061A       // Arabic honorifics and small marks
        | 0x064B..=0x065F       // Arabic harakat, tanwin, shadda, sukun, hamza marks
        | 0x0670               // superscript alef
        | 0x06D6..=0x06DC       // Quranic annotation
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED
    )
}

/// Invisible characters that change nothing a reader sees in a name: the Arabic
/// tatweel, soft hyphen, zero-width and joiner characters, direction marks and
/// embeddings (often pasted with right-to-left names), variation selectors, BOM.
fn is_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x0640                  // Arabic tatweel
        | 0x00AD                // soft hyphen
        | 0x034F                // combining grapheme joiner
        | 0x061C                // Arabic letter mark
        | 0x180B..=0x180F       // Mongolian variation selectors
        | 0x200B..=0x200F       // zero width space, (non-)joiner, LRM, RLM
        | 0x202A..=0x202E       // bidi embeddings and overrides
        | 0x2060..=0x206F       // word joiner, invisible operators, bidi isolates
        | 0xFE00..=0xFE0F       // variation selectors
        | 0xFEFF                // BOM
        | 0xE0000..=0xE0FFF     // tags, variation selectors supplement
    )
}

/// Letters with no decomposition that fold to other letters, after lower-casing.
fn spell_out(c: char) -> Option<&'static str> {
    Some(match c {
        'ł' => "l",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ŧ' => "t",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ς' => "σ",
        // Apostrophes and dashes as people type them.
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '`' | '\u{00B4}' => "'",
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
        // Arabic-script letters written more than one way for the same name.
        '\u{0671}' => "\u{0627}",              // alef wasla → alef
        '\u{0649}' | '\u{06CC}' => "\u{064A}", // alef maksura, Farsi yeh → yeh
        '\u{06A9}' => "\u{0643}",              // keheh → kaf
        '\u{0629}' | '\u{06C3}' => "\u{0647}", // teh marbuta → heh
        '\u{06C1}' | '\u{06D5}' => "\u{0647}", // heh goal, ae → heh
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("  Łukasz   WÓJCIK "), "lukasz wojcik");
        assert_eq!(fold("Zoë Ñúñez"), "zoe nunez");
        assert_eq!(fold("Nguyễn Văn Đức"), "nguyen van duc");
        assert_eq!(fold("Søren Þórsson"), "soren thorsson");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("STRAẞE"), "strasse");
        assert_eq!(fold("Ærøskøbing Œuvre"), "aeroskobing oeuvre");
        assert_eq!(fold("İsmail Kılıç"), "ismail kilic");
        assert_eq!(fold("Ħamrun"), "hamrun");
        assert_eq!(fold("Guðrún"), "gudrun");
        assert_eq!(fold("ΟΔΥΣΣΕΥΣ"), "οδυσσευσ");
        assert_eq!(fold("O’Brien"), fold("O'Brien"));
    }

    #[test]
    fn compatibility_forms_and_whitespace() {
        assert_eq!(fold("ＡＭＩＮＡ\tＨａｓｓａｎ"), "amina hassan");
        assert_eq!(fold("ﬁona"), "fiona");
        assert_eq!(
            fold("\u{200F}amina\u{200B}\u{00AD} \n hassan\u{FEFF}"),
            "amina hassan"
        );
        assert_eq!(fold(""), "");
        assert_eq!(fold(" \t\n"), "");
    }

    #[test]
    fn arabic_marks_fold_letters_stay() {
        assert_eq!(fold("مُحَمَّد"), "محمد");
        assert_eq!(fold("محـــمد"), "محمد");
        assert_eq!(fold("أحمد"), fold("احمد"));
        assert_eq!(fold("إبراهيم"), fold("ابراهيم"));
        assert_eq!(fold("فاطمة"), fold("فاطمه"));
        assert_eq!(fold("علی"), fold("علي"));
        // Urdu letters with no Arabic look-alike are kept.
        assert_eq!(fold("ٹیپو"), "ٹيپو");
        assert_eq!(fold("عمران خان"), "عمران خان");
    }

    #[test]
    fn other_scripts_survive() {
        for name in [
            "王秀英",
            "やまだ たろう",
            "ヤマダ",
            "রহিমা বেগম",
            "முருகன் செல்வம்",
            "ਹਰਪ੍ਰੀਤ ਕੌਰ",
            "स्मिता पाटिल",
            "สมชาย ใจดี",
            "김민준",
            "שלום",
            "Халима",
        ] {
            let f = fold(name);
            assert_eq!(f.chars().count(), name.chars().count(), "{name} -> {f}");
        }
        assert_eq!(fold("রহিমা বেগম"), "রহিমা বেগম");
        assert_eq!(fold("முருகன்"), "முருகன்");
        assert_eq!(fold("स्मिता"), "स्मिता");
        assert_eq!(fold("ХАЛИМА"), "халима");
        assert_eq!(fold("שָׁלוֹם"), "שלום");
    }

    #[test]
    fn words_split_and_join() {
        assert_eq!(words("Mohammed  KHAN"), ["mohammed", "khan"]);
        assert_eq!(
            words("Al-Hassan, O’Brien."),
            ["al", "hassan", "alhassan", "o", "brien", "obrien"]
        );
        assert_eq!(words("amina amina"), ["amina"]);
        assert!(words(" - , ").is_empty());
        // A part that begins with a mark still joins in canonical order.
        assert_eq!(
            fold(&words("\u{1e023}{\u{8ed}")[2]),
            words("\u{1e023}{\u{8ed}")[2]
        );
        assert_eq!(words("محمد"), ["محمد"]);
        assert_eq!(words("মোহাম্মদ"), ["মোহাম্মদ"]);
    }

    #[test]
    fn spaceless_scripts_give_letters() {
        let w = words("王秀英");
        for t in ["王秀英", "王", "秀", "英"] {
            assert!(w.contains(&t.to_string()), "{t} in {w:?}");
        }
        assert_eq!(words("Wang王秀"), ["wang", "王秀", "王", "秀", "wang王秀"]);
        let thai = words("สมชาย");
        assert_eq!(thai[0], "สมชาย");
        assert!(thai.contains(&"ส".to_string()));
        // Marks are not terms on their own.
        assert!(words("ก่").iter().all(|t| t != "\u{0E48}"));
    }

    #[test]
    fn phones() {
        assert_eq!(phone_digits("+44 (0)7700 900123"), "07700900123");
        assert_eq!(phone_digits("+44 7700 900123"), "07700900123");
        assert_eq!(phone_digits("0044 7700-900123"), "07700900123");
        assert_eq!(phone_digits("+44 07700 900123"), "07700900123");
        assert_eq!(phone_digits("07700 900 123"), "07700900123");
        assert_eq!(phone_digits("(020) 7946 0000"), "02079460000");
        assert_eq!(phone_digits("(0)7700 900123"), "07700900123");
        assert_eq!(phone_digits("+33 (0)1 23 45 67 89"), "0033123456789");
        assert_eq!(phone_digits("0033 1 23 45 67 89"), "0033123456789");
        assert_eq!(phone_digits("٠٧٧٠٠ ٩٠٠١٢٣"), "07700900123");
        assert_eq!(phone_digits("０７７００"), "07700");
        assert_eq!(phone_digits("call me"), "");
        assert_eq!(phone_digits(""), "");
    }

    #[test]
    fn postcodes() {
        assert_eq!(postcode_key("kt1 2ab"), "KT12AB");
        assert_eq!(postcode_key(" KT12AB "), "KT12AB");
        assert_eq!(postcode_key(""), "");
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in any::<String>()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn fold_is_idempotent_on_names(s in "[a-zA-Z\u{00C0}-\u{024F}\u{0370}-\u{03FF}\u{0400}-\u{04FF}\u{0590}-\u{06FF}\u{0980}-\u{09FF}\u{0B80}-\u{0BFF}\u{0E00}-\u{0E7F}\u{3040}-\u{30FF}\u{4E00}-\u{4E80}\u{0300}-\u{036F}\u{1E00}-\u{1EFF}\u{FB00}-\u{FDFF}\u{FE70}-\u{FEFF}\u{FF00}-\u{FFEF} '-]{0,24}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn fold_output_is_tidy(s in any::<String>()) {
            let f = fold(&s);
            prop_assert!(!f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "));
            prop_assert!(f.chars().all(|c| c == ' ' || !c.is_whitespace()));
        }

        #[test]
        fn words_are_folded(s in any::<String>()) {
            for w in words(&s) {
                prop_assert!(!w.is_empty());
                prop_assert_eq!(fold(&w), w.clone());
                prop_assert!(!w.contains(' '));
            }
        }

        #[test]
        fn phone_digits_are_digits(s in any::<String>()) {
            prop_assert!(phone_digits(&s).chars().all(|c| c.is_ascii_digit()));
        }

        #[test]
        fn phone_formats_agree(d in "[1-9][0-9]{9}") {
            let national = phone_digits(&format!("0{d}"));
            prop_assert_eq!(&national, &format!("0{d}"));
            prop_assert_eq!(&phone_digits(&format!("+44 {d}")), &national);
            prop_assert_eq!(&phone_digits(&format!("+44 (0){d}")), &national);
            prop_assert_eq!(&phone_digits(&format!("0044{d}")), &national);
        }

        #[test]
        fn postcode_key_has_no_spaces(s in any::<String>()) {
            prop_assert!(!postcode_key(&s).chars().any(char::is_whitespace));
        }
    }
}
