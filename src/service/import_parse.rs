//! Reading an export document from the bytes of a file. Every refusal says where: the
//! JSON path of the record and field (`people[3].contact.postcode`), the line and
//! column, and the byte offset, so that an administrator can find the place in a
//! file of a hundred thousand cases. Nothing from the file is repeated: values may be
//! personal data, and even a field name is shown only when it looks like one.

use serde_path_to_error::Segment;

use super::export::{EXPORT_FORMAT, EXPORT_VERSION, ExportDocument, ExportDocumentV1};
use super::{Error, Result};

/// The byte order mark some Windows editors put before UTF-8 text.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Longest field name repeated in a message; a longer one is not a misspelling.
const MAX_SHOWN_KEY: usize = 40;

/// Parses an export document: UTF-8 text holding exactly one JSON document of the
/// published shape, with no field the shape does not name and nothing after it.
pub fn parse_document<T: AsRef<[u8]> + ?Sized>(input: &T) -> Result<ExportDocument> {
    let bytes = input.as_ref();
    let skipped = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let body = &bytes[skipped..];
    let text = std::str::from_utf8(body).map_err(|e| {
        let at = Place::of_offset(bytes, skipped + e.valid_up_to());
        match e.error_len() {
            None => refuse(format!(
                "the file ends part way through a character ({at}): is it cut short?"
            )),
            Some(_) => refuse(format!(
                "the file is not UTF-8 text: the bytes at {at} are not a character"
            )),
        }
    })?;
    if text.trim().is_empty() {
        return Err(refuse("the file is empty".into()));
    }
    // A version-1 document holds organisations in their old shape: read as such,
    // they come out in today's.
    let doc: ExportDocument = if probe_version(text) == Some(1) {
        read::<ExportDocumentV1>(bytes, skipped, text)?.into()
    } else {
        read(bytes, skipped, text)?
    };
    if doc.format != EXPORT_FORMAT {
        return Err(refuse(format!("format: expected \"{EXPORT_FORMAT}\"")));
    }
    if doc.version != EXPORT_VERSION {
        return Err(refuse(format!(
            "version: this caseline reads version {EXPORT_VERSION}, the file is version {}",
            doc.version
        )));
    }
    Ok(doc)
}

/// The document's `version`, if it is a JSON object that has one.
fn probe_version(text: &str) -> Option<u32> {
    #[derive(serde::Deserialize)]
    struct Probe {
        version: u32,
    }
    serde_json::from_str::<Probe>(text).ok().map(|p| p.version)
}

/// Reads the one JSON document of `text` (the body of `bytes` after `skipped` bytes of
/// byte order mark), saying where it goes wrong.
fn read<T: serde::de::DeserializeOwned>(bytes: &[u8], skipped: usize, text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let doc: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = shown_path(e.path());
        let inner = e.into_inner();
        if inner.classify() == serde_json::error::Category::Eof {
            let end = Place::of_offset(bytes, bytes.len());
            return refuse(format!(
                "the file ends part way through the document, in {path} ({end}): \
                 is it cut short?"
            ));
        }
        let at = Place::of_error(bytes, skipped, &inner);
        refuse(format!("{path} ({at}): {}", redact(&inner.to_string())))
    })?;
    de.end().map_err(|e| {
        let at = Place::of_error(bytes, skipped, &e);
        refuse(format!(
            "more follows the end of the document ({at}): a file holds one export, \
             not two joined or one with text after it"
        ))
    })?;
    Ok(doc)
}

fn refuse(message: String) -> Error {
    Error::Import(message)
}

/// Where in the file: line and column (as editors count them) and byte offset (from 0).
struct Place {
    line: usize,
    column: usize,
    byte: usize,
}

impl Place {
    /// The place of byte `offset` of `bytes`.
    fn of_offset(bytes: &[u8], offset: usize) -> Place {
        let before = &bytes[..offset.min(bytes.len())];
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        // Columns count characters, as editors do: every byte but UTF-8's continuations.
        let column = before[line_start..]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count();
        Place {
            line: 1 + before.iter().filter(|b| **b == b'\n').count(),
            column: column + 1,
            byte: offset,
        }
    }

    /// The place of a parser error. serde_json counts columns in bytes, from 1, in the
    /// text it was given (after any byte order mark).
    fn of_error(bytes: &[u8], skipped: usize, e: &serde_json::Error) -> Place {
        let body = &bytes[skipped..];
        let line_start = if e.line() <= 1 {
            0
        } else {
            body.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .nth(e.line() - 2)
                .map_or(body.len(), |(i, _)| i + 1)
        };
        let offset = (line_start + e.column().saturating_sub(1)).min(body.len());
        Place::of_offset(bytes, skipped + offset)
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}, byte {}",
            self.line, self.column, self.byte
        )
    }
}

/// The JSON path of a fault, such as `people[3].contact.postcode`. A field name from
/// the file is shown only when it is short and plain (a misspelt field); any other is
/// replaced, since it could be anything, even personal data or escape sequences.
fn shown_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                let plain = !key.is_empty()
                    && key.len() <= MAX_SHOWN_KEY
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                out.push_str(if plain {
                    key
                } else {
                    "(a field name not shown)"
                });
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    if out.is_empty() {
        "the document".to_string()
    } else {
        out
    }
}

/// A parser message without anything from the file: values may be personal data. What
/// serde expected comes from caseline's own types, so it stays; what was found goes.
pub(super) fn redact(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    if message.starts_with("unknown field") {
        // The field is named in the path; the names allowed are caseline's own.
        let allowed = message.rsplit_once(", expected ").map_or("", |(_, e)| e);
        return format!("not a field of this record (misspelt?); expected {allowed}");
    }
    // serde writes "…{what was found}, expected {what was wanted}": the last
    // ", expected " is serde's own, even when the value found contains those words.
    if let Some((found, expected)) = message.rsplit_once(", expected ") {
        let kind = found.split([':', '`', '"']).next().unwrap_or("").trim();
        return format!("{kind}, expected {expected}");
    }
    let ours = [
        "missing field",
        "duplicate field",
        "EOF",
        "expected",
        "trailing",
        "key must be",
        "control character",
        "recursion limit",
    ];
    if ours.iter().any(|p| message.starts_with(p)) && !message.contains('"') {
        return message.to_string();
    }
    match message.split([':', '`', '"']).next() {
        Some(kind) if !kind.trim().is_empty() && kind.len() < message.len() => {
            kind.trim().to_string()
        }
        _ => "not a valid value here".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_messages_lose_their_values() {
        let m =
            redact("invalid type: string \"Amina Hassan\", expected a boolean at line 3 column 9");
        assert_eq!(m, "invalid type, expected a boolean");
        assert_eq!(
            redact("invalid type: integer `7700900123`, expected a string"),
            "invalid type, expected a string"
        );
        assert_eq!(
            redact("missing field `narrative`"),
            "missing field `narrative`"
        );
        assert_eq!(redact("something odd: \"Amina\""), "something odd");
        assert!(!redact("unknown variant `Amina`, expected one of `yes`, `no`").contains("Amina"));
        let m = redact("unknown field `Amina`, expected one of `phone`, `postcode`");
        assert!(!m.contains("Amina") && m.contains("`postcode`"), "{m}");
    }

    #[test]
    fn places_count_lines_columns_and_bytes() {
        let text = b"ab\ncd\xC3\xA9f";
        let p = Place::of_offset(text, 7);
        assert_eq!((p.line, p.column, p.byte), (2, 4, 7));
        let p = Place::of_offset(text, 0);
        assert_eq!((p.line, p.column, p.byte), (1, 1, 0));
    }
}
