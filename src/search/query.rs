//! What was typed in the search bar: words and filters.
//!
//! Words are separated by spaces; `name:value` is a filter (see [`super::filter`]); a
//! double-quoted part is taken as words even if it looks like a filter
//! (`"kind:x"`), and a filter's value may be quoted to hold spaces
//! (`worker:"Amina Khan"`). A phone number typed in groups (`07700 900123`,
//! `+44 7700 900123`) is one word. Every word must match (AND).

use std::fmt;

use zeroize::Zeroize;

use super::filter::{Filter, FilterKind, Problem, QueryError, Worker};
use super::terms::{Gram, is_numeric_chunk, query_forms};

/// A parsed query. Two queries are equal when they search for the same thing;
/// positions are not compared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub words: Vec<Word>,
    pub filters: Vec<Filter>,
}

/// One typed word.
#[derive(Debug, Clone)]
pub struct Word {
    /// As typed (a phone number typed in groups keeps its spaces).
    pub text: String,
    /// Where it starts, in characters from 0.
    pub at: usize,
    /// Its alternatives, each a list of grams that must all be found.
    pub(crate) forms: Vec<Vec<Gram>>,
}

impl PartialEq for Word {
    fn eq(&self, other: &Word) -> bool {
        self.text == other.text && self.forms == other.forms
    }
}

impl Drop for Word {
    fn drop(&mut self) {
        // What was typed is often a client's name.
        self.text.zeroize();
        for alt in &mut self.forms {
            for g in alt {
                g.text.zeroize();
            }
        }
    }
}

/// A piece of the text before words and filters are told apart.
struct Token {
    text: String,
    at: usize,
    quoted: bool,
}

impl Query {
    /// Reads a query. Errors give the character position of the fault.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let chars: Vec<char> = text.chars().collect();
        let mut query = Query::default();
        let mut pending: Vec<Token> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            if chars[i] == '"' {
                let (inner, end) = quoted(&chars, i)?;
                pending.extend(split_words(&inner, i + 1, true));
                i = end;
                continue;
            }
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            let token: String = chars[start..i].iter().collect();
            match filter_name(&token) {
                Some(name) => {
                    let kind = FilterKind::from_name(name).ok_or(QueryError {
                        at: start,
                        len: name.chars().count() + 1,
                        what: Problem::UnknownFilter,
                    })?;
                    let value_at = start + name.chars().count() + 1;
                    let is_quoted = chars.get(value_at) == Some(&'"');
                    let (value, end) = if is_quoted {
                        quoted(&chars, value_at)?
                    } else {
                        (chars[value_at..i].iter().collect(), i)
                    };
                    let value_at = value_at + usize::from(is_quoted);
                    query.push_words(&mut pending);
                    query
                        .filters
                        .push(Filter::parse(kind, &value, start, value_at)?);
                    i = end;
                }
                None => pending.push(Token {
                    text: token,
                    at: start,
                    quoted: false,
                }),
            }
        }
        query.push_words(&mut pending);
        Ok(query)
    }

    /// Reads a query and resolves its `worker:` filters against the users.
    pub fn parse_with(text: &str, workers: &[Worker]) -> Result<Query, QueryError> {
        let mut q = Query::parse(text)?;
        q.resolve_workers(workers)?;
        Ok(q)
    }

    /// Resolves `worker:` values (a login, or the beginnings of the words of a name)
    /// to user ids; an error when none or more than one matches.
    pub fn resolve_workers(&mut self, workers: &[Worker]) -> Result<(), QueryError> {
        for f in &mut self.filters {
            f.resolve_worker(workers)?;
        }
        Ok(())
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.filters.is_empty()
    }

    /// Turns the tokens seen since the last filter into words, joining a number typed
    /// in groups.
    fn push_words(&mut self, pending: &mut Vec<Token>) {
        // Punctuation alone is not a word, and does not keep number groups apart.
        let tokens: Vec<Token> = std::mem::take(pending)
            .into_iter()
            .filter(|t| !query_forms(&t.text).is_empty())
            .collect();
        let mut i = 0;
        while i < tokens.len() {
            let mut end = i + 1;
            if is_numeric_chunk(&tokens[i].text) {
                while end < tokens.len() && is_numeric_chunk(&tokens[end].text) {
                    end += 1;
                }
                if end - i > 1 && !joins(&tokens[i..end]) {
                    end = i + 1;
                }
            }
            let text = tokens[i..end]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let forms = query_forms(&text);
            if !forms.is_empty() {
                self.words.push(Word {
                    text,
                    at: tokens[i].at,
                    forms,
                });
            }
            i = end;
        }
    }
}

/// Whether numbers typed in a row are one number: it starts with 0 or + (a phone
/// number, a reference) or has at least seven digits in all.
fn joins(tokens: &[Token]) -> bool {
    let first = tokens[0].text.trim_start_matches('(');
    let digits: usize = tokens
        .iter()
        .map(|t| t.text.chars().filter(|c| c.is_numeric()).count())
        .sum();
    first.starts_with('0') || first.starts_with('+') || digits >= 7 || tokens[0].quoted
}

/// The text between the quote at `open` and the next, and the position after it.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let close = chars[open + 1..]
        .iter()
        .position(|c| *c == '"')
        .ok_or(QueryError {
            at: open,
            len: 1,
            what: Problem::UnclosedQuote,
        })?;
    let end = open + 1 + close;
    Ok((chars[open + 1..end].iter().collect(), end + 1))
}

/// The words of quoted text, with their positions.
fn split_words(inner: &str, at: usize, quoted: bool) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<char> = inner.chars().collect();
    for (i, c) in chars.iter().enumerate().chain([(chars.len(), &' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(Token {
                    text: chars[s..i].iter().collect(),
                    at: at + s,
                    quoted,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The filter name of a token shaped `name:...` (ASCII letters before a colon).
fn filter_name(token: &str) -> Option<&str> {
    let (name, _) = token.split_once(':')?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic())).then_some(name)
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quote = self.text.chars().any(char::is_whitespace)
            || self.text.starts_with('"')
            || filter_name(&self.text).is_some();
        if quote {
            write!(f, "\"{}\"", self.text)
        } else {
            f.write_str(&self.text)
        }
    }
}

/// The query as it would be typed, words and filters in their order: parsing it gives
/// an equal query.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut items: Vec<(usize, String)> = self
            .words
            .iter()
            .map(|w| (w.at, w.to_string()))
            .chain(self.filters.iter().map(|x| (x.at, x.to_string())))
            .collect();
        items.sort_by_key(|(at, _)| *at);
        let texts: Vec<String> = items.into_iter().map(|(_, t)| t).collect();
        f.write_str(&texts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &Query) -> Vec<&str> {
        q.words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn words_and_filters() {
        let q = Query::parse("moh kha kind:housing status:open").unwrap();
        assert_eq!(words(&q), ["moh", "kha"]);
        assert_eq!(q.filters.len(), 2);
        assert_eq!(q.filters[0].kind, FilterKind::Kind);
        assert_eq!((q.filters[1].at, q.filters[1].value_at), (21, 28));
        assert_eq!(q.to_string(), "moh kha kind:housing status:open");
    }

    #[test]
    fn phone_groups_join() {
        let q = Query::parse("07700 900123 amina").unwrap();
        assert_eq!(words(&q), ["07700 900123", "amina"]);
        let q = Query::parse("+44 7700 900123").unwrap();
        assert_eq!(words(&q), ["+44 7700 900123"]);
        let q = Query::parse("flat 12 3").unwrap();
        assert_eq!(words(&q), ["flat", "12", "3"]);
        assert_eq!(
            Query::parse(&Query::parse("07700 900123").unwrap().to_string()).unwrap(),
            Query::parse("07700 900123").unwrap()
        );
    }

    #[test]
    fn quotes() {
        let q = Query::parse("\"kind:x\" worker:\"Amina Khan\"").unwrap();
        assert_eq!(words(&q), ["kind:x"]);
        assert_eq!(q.filters[0].value, "Amina Khan");
        assert_eq!(q.filters[0].value_at, 17);
        assert_eq!(q.to_string(), "\"kind:x\" worker:\"Amina Khan\"");
        let e = Query::parse("amina \"kha").unwrap_err();
        assert_eq!((e.at, e.what), (6, Problem::UnclosedQuote));
    }

    #[test]
    fn errors_say_where() {
        let e = Query::parse("amina colour:red").unwrap_err();
        assert_eq!(
            (e.at, e.len, e.what.clone()),
            (6, 7, Problem::UnknownFilter)
        );
        assert!(e.to_string().ends_with("(at character 7)"), "{e}");
        let e = Query::parse("amina since:yesterday").unwrap_err();
        assert_eq!((e.at, e.what), (12, Problem::BadDate));
        let e = Query::parse("kind:").unwrap_err();
        assert_eq!((e.at, e.what), (5, Problem::NoValue(FilterKind::Kind)));
        // Positions count characters, not bytes.
        let e = Query::parse("王秀英 x:1").unwrap_err();
        assert_eq!(e.at, 4);
    }

    #[test]
    fn not_filters() {
        let q = Query::parse("9:30 -- ").unwrap();
        assert_eq!(words(&q), ["9:30"]);
        assert!(Query::parse("  ").unwrap().is_empty());
    }
}
