//! Validation problems, reported field by field and in words.
//!
//! Messages never repeat the value that was rejected: the value may be personal data,
//! and error messages end up in terminals, logs and bug reports.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Dotted path of the field, such as `contact.phone`.
    pub field: String,
    /// What is wrong, in words a worker understands.
    pub message: String,
}

/// Every problem found with a record, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Records a problem when `bad` holds.
    pub fn check(&mut self, bad: bool, field: &str, message: &str) {
        if bad {
            self.add(field, message);
        }
    }

    /// Adds another record's problems under a prefix, such as `parties[2]`.
    pub fn nest(&mut self, prefix: &str, inner: Problems) {
        for e in inner.0 {
            self.add(format!("{prefix}.{}", e.field), e.message);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when there are no problems.
    pub fn into_result(self) -> Result<(), Problems> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

/// Longest free text we accept in one field, to keep records and screens sane.
pub const MAX_TEXT: usize = 100_000;
/// Longest single-line value (a name, a phone number, a place).
pub const MAX_LINE: usize = 500;

/// Checks a one-line text field: length, and no line breaks or control characters.
pub fn check_line(p: &mut Problems, field: &str, value: &str) {
    if value.chars().count() > MAX_LINE {
        p.add(field, format!("is longer than {MAX_LINE} characters"));
    }
    if value.chars().any(char::is_control) {
        p.add(field, "must be one line without control characters");
    }
}

/// Checks a multi-line text field: length, and no control characters but line breaks and tabs.
pub fn check_text(p: &mut Problems, field: &str, value: &str) {
    if value.chars().count() > MAX_TEXT {
        p.add(field, format!("is longer than {MAX_TEXT} characters"));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        p.add(field, "contains control characters");
    }
}

/// Checks an optional one-line field.
pub fn check_opt_line(p: &mut Problems, field: &str, value: &Option<String>) {
    if let Some(v) = value {
        check_line(p, field, v);
    }
}
