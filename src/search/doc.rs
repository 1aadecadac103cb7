//! What the index is given: documents, their fields, facets and dates.
//!
//! A document is one record as search sees it. The service layer makes them from
//! records (see [`super::records`]) and hands them to [`super::SearchIndex::upsert`];
//! the index never reads the store itself.

use std::fmt;

use chrono::NaiveDate;

/// The kinds of record that can be found. The order is the order of the index's
/// internal numbering, so do not reorder: add at the end (the snapshot stores the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    Person,
    Case,
    Incident,
    TimelineEntry,
    Organisation,
}

impl DocKind {
    pub const ALL: [DocKind; 5] = [
        DocKind::Person,
        DocKind::Case,
        DocKind::Incident,
        DocKind::TimelineEntry,
        DocKind::Organisation,
    ];

    /// The code kept in a snapshot.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The kind for a snapshot code; `None` for a code no version wrote.
    pub fn from_code(code: u8) -> Option<DocKind> {
        DocKind::ALL.get(code as usize).copied()
    }

    /// The result group a hit on this kind shows in: a hit on an incident or a
    /// timeline entry counts for its case.
    pub fn group(self) -> Group {
        match self {
            DocKind::Person => Group::People,
            DocKind::Organisation => Group::Organisations,
            DocKind::Case | DocKind::Incident | DocKind::TimelineEntry => Group::Cases,
        }
    }
}

/// The groups results are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    People,
    Cases,
    Organisations,
}

/// A record as the index knows it: its kind and the 16 bytes of its id (an
/// [`crate::domain::Id`] as `to_bytes` gives it). Ids carry no personal data.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocRef {
    pub kind: DocKind,
    pub id: [u8; 16],
}

impl DocRef {
    pub fn new(kind: DocKind, id: [u8; 16]) -> DocRef {
        DocRef { kind, id }
    }
}

impl fmt::Debug for DocRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = crate::domain::Id::from_u128(u128::from_be_bytes(self.id));
        write!(f, "{:?}({id})", self.kind)
    }
}

/// What a piece of text is, which decides how it is cut into terms and how much a
/// match on it weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// A person's name as written, in any script.
    Name,
    /// Another name the person is known by.
    OtherName,
    /// A phone number: matched on its digits, ignoring spaces and a leading 0 / +44.
    Phone,
    Email,
    /// A postcode: matched with or without its space.
    Postcode,
    /// A case reference such as `C-2026-0042`: matched with or without the
    /// punctuation and leading zeros.
    Reference,
    /// A police crime reference, matched like a case reference.
    CrimeReference,
    /// Where something happened.
    Location,
    /// Narrative, notes, timeline text.
    Text,
    /// An organisation's name.
    Organisation,
    /// A label such as a case kind or an entry kind ("Hate crime", "Phone call").
    Kind,
}

/// How much a match on a field weighs: names and identifiers over running text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weight {
    Text,
    Name,
}

impl Field {
    pub fn weight(self) -> Weight {
        match self {
            Field::Location | Field::Text | Field::Kind => Weight::Text,
            _ => Weight::Name,
        }
    }
}

/// A value to filter on. Codes are reference-list codes (`housing`,
/// `religion_or_belief`, `forced_marriage`); statuses are the case status codes
/// (`open`, `on_hold`, ...).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// The case kind.
    Kind(String),
    Status(String),
    /// The worker the case is assigned to (a user id).
    Worker([u8; 16]),
    /// A safeguarding concern.
    Flag(String),
    /// A hate crime strand.
    Strand(String),
}

/// A record to index.
///
/// Put on each document what a worker would look for it by. Links to cases say which
/// cases a document belongs to: a hit on an incident or a timeline entry counts for
/// its case(s); a hit on a person or an organisation shows in its own group and also
/// counts for the cases it is linked to. Filters look at a result's own facets and
/// date only: a person or organisation is never let through by a facet of its cases
/// (see [`super::FilterKind::applies_to`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub doc: DocRef,
    /// Ids of the cases this document belongs to (none for a case).
    pub cases: Vec<[u8; 16]>,
    pub fields: Vec<(Field, String)>,
    pub facets: Vec<Facet>,
    /// The date `since:` compares with: when a case was opened, an incident happened,
    /// an entry was made, a person or organisation was recorded.
    pub date: Option<NaiveDate>,
    /// The date ranking prefers, later first: the last activity.
    pub recency: Option<NaiveDate>,
}

impl Doc {
    /// An empty document for `doc`, to fill in.
    pub fn new(doc: DocRef) -> Doc {
        Doc {
            doc,
            cases: Vec::new(),
            fields: Vec::new(),
            facets: Vec::new(),
            date: None,
            recency: None,
        }
    }

    /// Adds a field unless the text is blank.
    pub fn field(mut self, field: Field, text: impl Into<String>) -> Doc {
        let text = text.into();
        if !text.trim().is_empty() {
            self.fields.push((field, text));
        }
        self
    }

    pub fn facet(mut self, facet: Facet) -> Doc {
        self.facets.push(facet);
        self
    }

    pub fn case(mut self, case: [u8; 16]) -> Doc {
        self.cases.push(case);
        self
    }

    pub fn dated(mut self, date: Option<NaiveDate>, recency: Option<NaiveDate>) -> Doc {
        self.date = date;
        self.recency = recency;
        self
    }
}

/// Dates are kept as days since 1970-01-01 in 16 bits (to the year 2149); 0 means
/// none. Two bytes a document for each date keeps a million documents in 4 MB.
pub(crate) fn day_number(date: Option<NaiveDate>) -> u16 {
    let Some(date) = date else { return 0 };
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days().clamp(1, u16::MAX as i64) as u16
}

/// The date for a day number; `None` for 0.
pub(crate) fn day_date(day: u16) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    (day != 0).then(|| epoch + chrono::Duration::days(day as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_group() {
        for k in DocKind::ALL {
            assert_eq!(DocKind::from_code(k.code()), Some(k));
        }
        assert_eq!(DocKind::from_code(5), None);
        assert_eq!(DocKind::TimelineEntry.group(), Group::Cases);
        assert_eq!(DocKind::Person.group(), Group::People);
    }

    #[test]
    fn days() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1);
        assert_eq!(day_date(day_number(d)), d);
        assert_eq!(day_number(None), 0);
        assert_eq!(day_date(0), None);
        assert_eq!(day_number(NaiveDate::from_ymd_opt(1900, 1, 1)), 1);
    }

    #[test]
    fn blank_fields_are_skipped() {
        let d = Doc::new(DocRef::new(DocKind::Person, [0; 16]))
            .field(Field::Name, " ")
            .field(Field::Name, "Amina");
        assert_eq!(d.fields.len(), 1);
    }
}
