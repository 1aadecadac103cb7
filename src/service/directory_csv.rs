//! Loading a spreadsheet of groups (CSV, as a spreadsheet saves it) into the directory:
//! every row is checked first, and either all are added in one commit or none is.
//! Each problem names its line and column, and never repeats the value, which may be
//! a person's name or number. A cell `directory list --format csv` guarded against
//! spreadsheet formulas with a leading `'` is read without it
//! ([`crate::domain::csv::unguard`]).

use std::collections::{HashMap, HashSet};

use super::{Caseline, Error, NewOrganisation, Result};
use crate::domain::csv::unguard;
use crate::domain::fold::fold;
use crate::domain::{AuditAction, AuditNote, ListKind, MeetingTime, Organisation, ReferenceList};

/// The columns a spreadsheet may have, in the order `directory list --format csv`
/// writes them. `name` and `kind` must be there; the others may be left out.
pub const COLUMNS: [&str; 12] = [
    "name",
    "kind",
    "communities",
    "services",
    "languages",
    "meets",
    "contact_person",
    "phone",
    "email",
    "address",
    "reporting_centre",
    "notes",
];

/// Most problems listed; a file with more says how many more.
const MAX_LISTED: usize = 50;

/// One row of the file: the line it starts on and its fields.
#[derive(Debug)]
struct Row {
    line: usize,
    fields: Vec<String>,
}

impl Caseline {
    /// Adds every group in a CSV spreadsheet to the directory, in one commit, or none
    /// of them with every problem found. Returns how many were added.
    pub fn import_directory_csv(&self, bytes: &[u8]) -> Result<usize> {
        self.require(super::Operation::Organisations)?;
        let _guard = self.write_guard();
        let text = utf8_text(bytes)?;
        let rows = read_csv(text.strip_prefix(crate::domain::csv::BOM).unwrap_or(text))
            .map_err(|e| refuse(vec![e]))?;
        let (header, rows) = rows
            .split_first()
            .ok_or_else(|| refuse(vec!["the file is empty".into()]))?;
        let columns = read_header(header).map_err(refuse)?;
        let orgs = self.read_groups(&columns, rows)?;
        let mut changes = self.changes();
        for org in &orgs {
            changes.put(org);
        }
        changes.audit(
            AuditNote::new(AuditAction::Import)
                .detail(format!("{} organisation(s) from a spreadsheet", orgs.len())),
        );
        self.vault().commit(changes)?;
        Ok(orgs.len())
    }

    /// Every row that is not blank as a new organisation, or every problem found: a
    /// row of the wrong length, what its cells cannot say, a name twice in the file or
    /// already in the directory, and the record's own rules, each by line and column.
    fn read_groups(&self, columns: &[&'static str], rows: &[Row]) -> Result<Vec<Organisation>> {
        let existing: HashSet<String> = self
            .organisations()
            .map(|o| o.map(|o| fold(&o.name)))
            .collect::<Result<_>>()?;
        let kinds = self.reference_list(ListKind::AgencyKind);
        let languages = self.reference_list(ListKind::Language);
        let mut problems: Vec<String> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut orgs: Vec<Organisation> = Vec::new();
        let blank = |r: &&Row| r.fields.iter().all(|f| f.trim().is_empty());
        for row in rows.iter().filter(|r| !blank(r)) {
            let mut say = |column: Option<usize>, message: String| {
                problems.push(match column {
                    Some(c) => format!(
                        "line {}, column {} ({}): {message}",
                        row.line,
                        c + 1,
                        columns[c]
                    ),
                    None => format!("line {}: {message}", row.line),
                });
            };
            if row.fields.len() != columns.len() {
                let (has, wants) = (row.fields.len(), columns.len());
                say(
                    None,
                    format!("has {has} fields where the header has {wants}"),
                );
                continue;
            }
            let cell = |name: &str| {
                columns
                    .iter()
                    .position(|c| *c == name)
                    .map(|i| (i, unguard(&row.fields[i]).trim()))
            };
            let entry = read_entry(&cell, &kinds, &languages, &mut say);
            let key = fold(&entry.name);
            let name_col = cell("name").map(|(i, _)| i);
            if !key.is_empty() {
                if let Some(first) = seen.get(&key) {
                    say(name_col, format!("the same name as line {first}"));
                } else if existing.contains(&key) {
                    say(name_col, "is already in the directory".into());
                }
                seen.entry(key).or_insert(row.line);
            }
            let mut org = Organisation::named("", String::new(), self.actor().id, self.now());
            entry.apply_to(&mut org);
            for e in org.validate().0 {
                let field = e.field.split(['[', '.']).next().unwrap_or("");
                say(columns.iter().position(|c| *c == field), e.message);
            }
            orgs.push(org);
        }
        if problems.is_empty() {
            Ok(orgs)
        } else {
            Err(refuse(problems))
        }
    }
}

/// The file as text, or which line stops being UTF-8.
fn utf8_text(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        refuse(vec![format!(
            "line {line}: the file is not UTF-8 text (save the spreadsheet as \"CSV UTF-8\")"
        )])
    })
}

/// A directory entry from a row's cells, saying what cannot be read as it goes.
fn read_entry<'a>(
    cell: &dyn Fn(&str) -> Option<(usize, &'a str)>,
    kinds: &ReferenceList,
    languages: &ReferenceList,
    say: &mut dyn FnMut(Option<usize>, String),
) -> NewOrganisation {
    let text = |name: &str| cell(name).map(|(_, v)| v.to_string()).unwrap_or_default();
    let optional = |name: &str| Some(text(name)).filter(|v| !v.is_empty());
    let list = |name: &str| -> Vec<String> {
        text(name)
            .split(';')
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let mut entry = NewOrganisation {
        name: text("name"),
        communities: list("communities"),
        services: list("services"),
        contact_person: optional("contact_person"),
        phone: optional("phone"),
        email: optional("email"),
        address: optional("address"),
        notes: text("notes"),
        ..NewOrganisation::default()
    };
    if let Some((i, kind)) = cell("kind") {
        match code_of(kinds, kind) {
            Some(code) => entry.kind = code,
            None if kind.is_empty() => {}
            None => say(Some(i), "is not a kind in the agency kind list".into()),
        }
    }
    if let Some((i, _)) = cell("languages") {
        for (n, word) in list("languages").iter().enumerate() {
            match code_of(languages, word) {
                Some(code) => entry.languages.push(code),
                None => say(
                    Some(i),
                    format!("language {} is not in the language list", n + 1),
                ),
            }
        }
    }
    if let Some((i, meets)) = cell("meets") {
        match MeetingTime::parse_list(meets) {
            Ok(times) => entry.meets = times,
            Err(e) => say(Some(i), e),
        }
    }
    if let Some((i, yes)) = cell("reporting_centre") {
        match yes.to_lowercase().as_str() {
            "" | "no" | "n" | "false" | "0" => {}
            "yes" | "y" | "true" | "1" => entry.reporting_centre = true,
            _ => say(Some(i), "is yes or no".into()),
        }
    }
    entry
}

/// A list's code for what a spreadsheet says: the code itself or its label, any case.
fn code_of(list: &ReferenceList, word: &str) -> Option<String> {
    let word = fold(word);
    list.entries
        .iter()
        .find(|e| fold(&e.code) == word || fold(&e.label) == word)
        .map(|e| e.code.clone())
}

/// The columns the header names, each once, from those the import takes.
fn read_header(header: &Row) -> std::result::Result<Vec<&'static str>, Vec<String>> {
    let mut problems = Vec::new();
    let mut columns = Vec::new();
    for (i, name) in header.fields.iter().enumerate() {
        let name = name.trim().to_lowercase().replace([' ', '-'], "_");
        match COLUMNS.iter().find(|c| **c == name) {
            Some(c) if columns.contains(c) => problems.push(format!(
                "line {}, column {}: `{c}` is named twice",
                header.line,
                i + 1
            )),
            Some(c) => columns.push(*c),
            None => problems.push(format!(
                "line {}, column {}: is not a column the directory takes ({})",
                header.line,
                i + 1,
                COLUMNS.join(", ")
            )),
        }
    }
    for needed in ["name", "kind"] {
        if problems.is_empty() && !columns.contains(&needed) {
            problems.push(format!(
                "line {}: the header has no `{needed}` column (the first line names the columns: {})",
                header.line,
                COLUMNS.join(", ")
            ));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

fn refuse(mut problems: Vec<String>) -> Error {
    let count = problems.len();
    let more = count.saturating_sub(MAX_LISTED);
    problems.truncate(MAX_LISTED);
    if more > 0 {
        problems.push(format!("and {more} more"));
    }
    Error::Import(format!(
        "the spreadsheet has {count} problem(s), so no group was added:\n  {}",
        problems.join("\n  ")
    ))
}

/// Reads CSV as spreadsheets write it: fields split by commas, quoted with `"` when
/// they hold commas, quotes (doubled) or line breaks; lines end in LF or CRLF.
fn read_csv(text: &str) -> std::result::Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let (mut line, mut start) = (1, 1);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                line += usize::from(c == '\n');
                field.push(c);
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                rows.push(Row {
                    line: start,
                    fields: std::mem::take(&mut fields),
                });
                line += 1;
                start = line;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(format!("line {start}: a quoted field is not closed"));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        rows.push(Row {
            line: start,
            fields,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_commas_and_line_breaks() {
        let rows = read_csv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\nlast,\n").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].fields, ["x, y", "say \"hi\"\nthere"]);
        assert_eq!(rows[2].line, 4);
        assert_eq!(rows[2].fields, ["last", ""]);
        assert!(read_csv("a\n\"open").unwrap_err().starts_with("line 2"));
    }
}
