//! A person's name as it is said and written: which part comes first, how the parts
//! are joined, and the forms a worker may type.
//!
//! Chinese, Japanese and Korean names put the family name first and are written with
//! no space between the parts (王伟, 김민준); Hungarian and Vietnamese names put the
//! family name first too, but only the worker can say so, since their script does not.
//! Every screen, list, search row and command shows a person through [`display`], so
//! that a name is never shown in two orders.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which part of a name is said first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NameOrder {
    /// Given name(s), then the family name: "Amina Hassan".
    GivenFirst,
    /// The family name, then the given name(s): "王伟", "Nagy Béla".
    FamilyFirst,
}

impl NameOrder {
    /// The order a name written in its script usually has: family name first when the
    /// family name is written in Han, kana or Hangul. Latin letters say nothing
    /// (Hungarian and Vietnamese names are family first): given name first.
    pub fn usual(family: Option<&str>) -> NameOrder {
        let letter = family.and_then(|f| f.chars().find(|c| c.is_alphabetic()));
        if letter.is_some_and(joins_names) {
            NameOrder::FamilyFirst
        } else {
            NameOrder::GivenFirst
        }
    }

    /// The order as a person record keeps it.
    pub fn from_family_first(family_first: bool) -> NameOrder {
        if family_first {
            NameOrder::FamilyFirst
        } else {
            NameOrder::GivenFirst
        }
    }

    pub fn is_family_first(self) -> bool {
        self == NameOrder::FamilyFirst
    }
}

/// Whether names in this letter's script are written with no space between family
/// and given name: Han, Japanese kana and Hangul.
pub fn joins_names(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF         // CJK and Kangxi radicals
        | 0x3005..=0x3007       // 々 〆 〇
        | 0x3040..=0x30FF       // Hiragana, Katakana
        | 0x31F0..=0x31FF       // Katakana extension
        | 0x3400..=0x4DBF       // CJK extension A
        | 0x4E00..=0x9FFF       // CJK unified ideographs
        | 0xF900..=0xFAFF       // CJK compatibility ideographs
        | 0xFF66..=0xFF9F       // half-width Katakana
        | 0x1B000..=0x1B16F     // kana supplement and extensions
        | 0x20000..=0x3FFFF     // CJK extensions B onwards
        | 0x1100..=0x11FF       // Hangul Jamo
        | 0x3130..=0x318F       // Hangul compatibility Jamo
        | 0xA960..=0xA97F       // Hangul Jamo extended A
        | 0xAC00..=0xD7FF       // Hangul syllables, Jamo extended B
        | 0xFFA0..=0xFFDC       // half-width Hangul
    )
}

/// The two parts joined as they are written: with no space between Han, kana or
/// Hangul, with one otherwise.
fn join(first: &str, second: &str) -> String {
    let tight = first.chars().next_back().is_some_and(joins_names)
        && second.chars().next().is_some_and(joins_names);
    if tight {
        format!("{first}{second}")
    } else {
        format!("{first} {second}")
    }
}

/// The name as it is said and written, in the person's order: "Amina Hassan",
/// "王伟", "Nagy Béla". A part left empty is left out.
pub fn display(given: &str, family: Option<&str>, order: NameOrder) -> String {
    let given = given.trim();
    let family = family.map(str::trim).unwrap_or("");
    match (given.is_empty(), family.is_empty(), order) {
        (_, true, _) => given.to_string(),
        (true, false, _) => family.to_string(),
        (false, false, NameOrder::FamilyFirst) => join(family, given),
        (false, false, NameOrder::GivenFirst) => format!("{given} {family}"),
    }
}

/// The name run together in both orders, where its script writes names with no space
/// ("王伟" and "伟王" for 王 and 伟): what a worker types for it, for search to find.
/// Empty for names in other scripts, whose parts are typed apart.
pub fn run_together(given: &str, family: Option<&str>) -> Vec<String> {
    let given = given.trim();
    let family = family.map(str::trim).unwrap_or("");
    if given.is_empty() || family.is_empty() {
        return Vec::new();
    }
    [(family, given), (given, family)]
        .into_iter()
        .map(|(a, b)| join(a, b))
        .filter(|joined| !joined.contains(' '))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn usual_order_from_the_script() {
        assert_eq!(NameOrder::usual(Some("王")), NameOrder::FamilyFirst);
        assert_eq!(NameOrder::usual(Some("김")), NameOrder::FamilyFirst);
        assert_eq!(NameOrder::usual(Some("山田")), NameOrder::FamilyFirst);
        assert_eq!(NameOrder::usual(Some("ヤマダ")), NameOrder::FamilyFirst);
        assert_eq!(NameOrder::usual(Some("Hassan")), NameOrder::GivenFirst);
        assert_eq!(NameOrder::usual(Some("Nagy")), NameOrder::GivenFirst);
        assert_eq!(NameOrder::usual(Some("Wang")), NameOrder::GivenFirst);
        // Thai writes names given first, with a space.
        assert_eq!(NameOrder::usual(Some("ใจดี")), NameOrder::GivenFirst);
        // No family name: nothing to put first.
        assert_eq!(NameOrder::usual(None), NameOrder::GivenFirst);
        assert_eq!(NameOrder::usual(Some(" ")), NameOrder::GivenFirst);
        assert_eq!(NameOrder::usual(Some("-王")), NameOrder::FamilyFirst);
    }

    #[test]
    fn shown_in_the_persons_order() {
        use NameOrder::*;
        assert_eq!(display("伟", Some("王"), FamilyFirst), "王伟");
        assert_eq!(display("伟", Some("王"), GivenFirst), "伟 王");
        assert_eq!(display("민준", Some("김"), FamilyFirst), "김민준");
        assert_eq!(display("Béla", Some("Nagy"), FamilyFirst), "Nagy Béla");
        assert_eq!(display("Wei", Some("Wang"), FamilyFirst), "Wang Wei");
        assert_eq!(display("Amina", Some("Hassan"), GivenFirst), "Amina Hassan");
        assert_eq!(display("Hodan", None, FamilyFirst), "Hodan");
        assert_eq!(display("", Some("王"), FamilyFirst), "王");
        assert_eq!(display("", Some("Hassan"), GivenFirst), "Hassan");
        // A mixed name keeps its space where the scripts meet.
        assert_eq!(display("Wei", Some("王"), FamilyFirst), "王 Wei");
    }

    #[test]
    fn run_together_only_where_names_are_written_so() {
        assert_eq!(run_together("伟", Some("王")), ["王伟", "伟王"]);
        assert_eq!(run_together("嘉欣", Some("张")), ["张嘉欣", "嘉欣张"]);
        assert_eq!(run_together("민준", Some("김")), ["김민준", "민준김"]);
        assert!(run_together("Amina", Some("Hassan")).is_empty());
        assert!(run_together("Wei", Some("王")).is_empty());
        assert!(run_together("伟", None).is_empty());
    }

    proptest! {
        #[test]
        fn display_holds_both_parts_once(
            given in "[a-zA-Z伟嘉欣민준 ]{0,8}",
            family in proptest::option::of("[a-zA-Z王张김 ]{0,5}"),
            first in any::<bool>(),
        ) {
            let shown = display(&given, family.as_deref(), NameOrder::from_family_first(first));
            prop_assert_eq!(shown.trim(), shown.as_str());
            prop_assert!(shown.contains(given.trim()));
            if let Some(f) = &family {
                prop_assert!(shown.contains(f.trim()));
            }
        }
    }
}
