//! One typing mistake: the prefixes a term may start with to be one edit away from a
//! typed word.
//!
//! A term matches a typed word fuzzily when some prefix of it is within one edit of
//! the word (Damerau–Levenshtein: a letter left out, added, changed, or two swapped),
//! so that a name still being typed is found too: "Mohamed" finds "Mohammed" (one
//! letter added) and so does "Mohame". Rather than compare the word with every term,
//! the candidate prefixes are spelt out and looked up: deletions and swaps come from
//! the word alone; for a changed or added letter only the letters that really follow
//! in the dictionary are tried, found by seeking (the dictionary is sorted).

/// Finds the first term at or after a string, in one or more sorted dictionaries.
pub(crate) trait Seek {
    fn seek(&self, from: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> Seek for F {
    fn seek(&self, from: &str) -> Option<String> {
        self(from)
    }
}

/// The prefixes within one edit of `word` (not `word` itself) that at least one term
/// might start with, without repeats. Prefixes that no term starts with may be
/// included: looking them up finds nothing.
pub(crate) fn fuzzy_prefixes(word: &str, dict: &impl Seek) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let mut out: Vec<String> = Vec::new();
    let text = |cs: &[char]| cs.iter().collect::<String>();
    for i in 0..n {
        // Left out: the term has the word without letter i.
        let mut c = chars.clone();
        c.remove(i);
        out.push(text(&c));
        // Swapped: letters i and i + 1.
        if i + 1 < n && chars[i] != chars[i + 1] {
            let mut c = chars.clone();
            c.swap(i, i + 1);
            out.push(text(&c));
        }
        let head = text(&chars[..i]);
        for next in following(&head, dict) {
            // Changed: letter i is another one.
            if next != chars[i] {
                let mut c = chars.clone();
                c[i] = next;
                out.push(text(&c));
            }
            // Added: a letter before letter i (one after the last is a plain prefix).
            let mut c = chars.clone();
            c.insert(i, next);
            out.push(text(&c));
        }
    }
    out.retain(|p| !p.is_empty() && p != word);
    out.sort_unstable();
    out.dedup();
    out
}

/// The letters that follow `head` in some term, each once.
fn following(head: &str, dict: &impl Seek) -> Vec<char> {
    let mut letters = Vec::new();
    let mut from = head.to_string();
    while let Some(term) = dict.seek(&from) {
        let Some(rest) = term.strip_prefix(head) else {
            break;
        };
        let Some(letter) = rest.chars().next() else {
            // The term is `head` itself: look past it.
            from = format!("{head}\u{0}");
            continue;
        };
        letters.push(letter);
        match next_char(letter) {
            Some(after) => from = format!("{head}{after}"),
            None => break,
        }
    }
    letters
}

/// The next Unicode scalar value after `c`, skipping the surrogate gap.
fn next_char(c: char) -> Option<char> {
    match c as u32 {
        0xD7FF => Some('\u{E000}'),
        v => char::from_u32(v + 1),
    }
}

/// Damerau–Levenshtein distance (optimal string alignment) between two short strings,
/// in letters; for tests and for reporting.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dict(terms: &[&str]) -> impl Fn(&str) -> Option<String> {
        let mut terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        terms.sort();
        move |from: &str| terms.iter().find(|t| t.as_str() >= from).cloned()
    }

    /// Whether some prefix of `term` is within one edit of `word`.
    fn fuzzy_prefix_match(word: &str, term: &str) -> bool {
        let t: Vec<char> = term.chars().collect();
        (0..=t.len()).any(|k| distance(word, &t[..k].iter().collect::<String>()) <= 1)
    }

    fn matches(word: &str, terms: &[&str]) -> Vec<String> {
        let d = dict(terms);
        let prefixes = fuzzy_prefixes(word, &d);
        let mut out: Vec<String> = terms
            .iter()
            .filter(|t| prefixes.iter().any(|p| t.starts_with(p.as_str())) || t.starts_with(word))
            .map(|t| t.to_string())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn one_edit_each_way() {
        let terms = [
            "mohammed", "muhammad", "mahmood", "khan", "mohamed", "moahmed",
        ];
        assert_eq!(
            matches("mohamed", &terms),
            ["moahmed", "mohamed", "mohammed"]
        );
        assert!(matches("mohammed", &terms).contains(&"mohamed".to_string()));
        assert!(matches("mohame", &terms).contains(&"mohammed".to_string()));
        assert!(matches("kahn", &["khan"]).contains(&"khan".to_string()));
        assert!(matches("xkhan", &["khan"]).contains(&"khan".to_string()));
    }

    #[test]
    fn following_letters() {
        let d = dict(&["ab", "abc", "abd", "abd", "b", "ab\u{0}x"]);
        assert_eq!(following("ab", &d), ['\u{0}', 'c', 'd']);
        assert_eq!(following("", &d), ['a', 'b']);
        assert_eq!(following("z", &d), Vec::<char>::new());
    }

    #[test]
    fn distances() {
        assert_eq!(distance("mohamed", "mohammed"), 1);
        assert_eq!(distance("kahn", "khan"), 1);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("", "ab"), 2);
    }

    proptest! {
        /// The spelt-out prefixes find exactly the terms that some prefix of which is
        /// one edit from the word.
        #[test]
        fn agrees_with_brute_force(
            word in "[abc]{5,7}",
            terms in proptest::collection::vec("[abcd]{1,9}", 1..30),
        ) {
            let refs: Vec<&str> = terms.iter().map(String::as_str).collect();
            let found = matches(&word, &refs);
            let mut expected: Vec<String> = terms
                .iter()
                .filter(|t| fuzzy_prefix_match(&word, t))
                .cloned()
                .collect();
            expected.sort();
            prop_assert_eq!(found, expected);
        }
    }
}
