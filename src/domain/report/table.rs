//! A report's tables: exact counts as the service works them out, and the cells as a
//! reader is shown them once the publishing rule has been applied.

use serde::{Deserialize, Serialize};

/// A table of exact counts: rows by columns, with which totals a reader sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountTable {
    pub title: String,
    /// What the rows are (`Ethnic group`).
    pub row_heading: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<u64>>,
    /// A total column at the right: only where the columns add up to something.
    pub row_totals: bool,
    /// A total row at the foot: only where the rows add up (strands do not).
    pub column_totals: bool,
    /// Said under the table (why totals are missing, what a row means).
    pub note: Option<String>,
}

impl CountTable {
    /// An empty table of `rows` by `columns`.
    pub fn new(title: &str, row_heading: &str, rows: Vec<String>, columns: Vec<String>) -> Self {
        let counts = vec![vec![0; columns.len()]; rows.len()];
        CountTable {
            title: title.to_string(),
            row_heading: row_heading.to_string(),
            rows,
            columns,
            counts,
            row_totals: false,
            column_totals: true,
            note: None,
        }
    }

    /// Adds one to a cell; indexes out of range are a mistake in the report's code.
    pub fn add(&mut self, row: usize, column: usize) {
        self.counts[row][column] += 1;
    }

    /// The row of `label`, added at the foot if it is new (postcode districts, centres).
    pub fn row_of(&mut self, label: &str) -> usize {
        if let Some(i) = self.rows.iter().position(|r| r == label) {
            return i;
        }
        self.rows.push(label.to_string());
        self.counts.push(vec![0; self.columns.len()]);
        self.rows.len() - 1
    }

    pub fn with_note(mut self, note: &str) -> Self {
        self.note = Some(note.to_string());
        self
    }

    pub fn with_totals(mut self, row_totals: bool, column_totals: bool) -> Self {
        self.row_totals = row_totals;
        self.column_totals = column_totals;
        self
    }

    /// Each row's exact total.
    pub fn row_sums(&self) -> Vec<u64> {
        self.counts.iter().map(|r| r.iter().sum()).collect()
    }

    /// Each column's exact total.
    pub fn column_sums(&self) -> Vec<u64> {
        (0..self.columns.len())
            .map(|c| self.counts.iter().map(|r| r[c]).sum())
            .collect()
    }
}

/// One cell as a reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    /// A count shown (exact, or rounded when the rule rounds). A true zero is `Count(0)`.
    Count(u64),
    /// A count from 1 to the threshold less one, shown as `<5`.
    Small,
    /// Hidden so that a small count cannot be worked out from the totals, shown as `*`.
    Withheld,
}

impl Shown {
    /// The cell as text, for tables, CSV and screens.
    pub fn text(self, threshold: u64) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Small => format!("<{threshold}"),
            Shown::Withheld => "*".to_string(),
        }
    }

    /// The number a chart draws: nothing for a hidden cell.
    pub fn value(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            Shown::Small | Shown::Withheld => None,
        }
    }
}

/// A table as published (or as working figures, for an administrator on screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownTable {
    pub title: String,
    pub row_heading: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<Shown>>,
    /// Each row's total, when the table has a total column.
    pub row_totals: Option<Vec<Shown>>,
    /// Each column's total, then the grand total when there is a total column too.
    pub column_totals: Option<Vec<Shown>>,
    pub note: Option<String>,
}

impl ShownTable {
    /// Header cells: the row heading, the columns, and `Total` when there is one.
    pub fn header(&self) -> Vec<String> {
        let mut h = vec![self.row_heading.clone()];
        h.extend(self.columns.iter().cloned());
        if self.row_totals.is_some() {
            h.push("Total".to_string());
        }
        h
    }

    /// Every body row as text, the total row last when there is one.
    pub fn text_rows(&self, threshold: u64) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for (i, label) in self.rows.iter().enumerate() {
            let mut r = vec![label.clone()];
            r.extend(self.cells[i].iter().map(|c| c.text(threshold)));
            if let Some(t) = &self.row_totals {
                r.push(t[i].text(threshold));
            }
            out.push(r);
        }
        if let Some(t) = &self.column_totals {
            let mut r = vec!["Total".to_string()];
            r.extend(t.iter().map(|c| c.text(threshold)));
            out.push(r);
        }
        out
    }
}
