//! The file as text: one JSON document, of the published shape, and nothing else.
//! Every refusal names where: the JSON path, line, column and byte.

use serde_json::json;

use crate::common::{self, cli, cli_export, cli_init};
use crate::import::document::{self, document, refused, refused_bytes, store, text};

/// "line L, column C, byte B" as messages give it.
fn place(line: usize, column: usize, byte: usize) -> String {
    format!("line {line}, column {column}, byte {byte}")
}

/// Where `byte` is in `text`, as messages count it.
fn place_of(text: &[u8], byte: usize) -> String {
    let before = &text[..byte];
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = before[line_start..]
        .iter()
        .filter(|b| (**b & 0xC0) != 0x80)
        .count();
    let line = 1 + before.iter().filter(|b| **b == b'\n').count();
    place(line, column + 1, byte)
}

#[test]
fn two_exports_joined_or_text_after_the_document_are_refused() {
    let tmp = common::temp("import-trailing");
    let v = document(&tmp);
    let one = text(&v);
    let mut b = store(&tmp, "b");

    let joined = format!("{one}\n{one}\n");
    let m = refused_bytes(&mut b, joined.as_bytes());
    assert!(m.contains("more follows the end of the document"), "{m}");
    // The second document starts on the line after the first one's last.
    let second = one.len() + 1;
    assert!(m.contains(&place_of(joined.as_bytes(), second)), "{m}");

    for tail in ["x", "garbage after the end", "{}", "]", "\u{0}"] {
        let bytes = format!("{one}  \n{tail}");
        let m = refused_bytes(&mut b, bytes.as_bytes());
        assert!(
            m.contains("more follows the end of the document"),
            "{tail:?}: {m}"
        );
        assert!(
            m.contains(&place_of(bytes.as_bytes(), one.len() + 3)),
            "{m}"
        );
    }

    // White space after the document is no fault; neither is a byte order mark.
    let spaced = format!("\u{FEFF}{one}\n\n  \t\n");
    document::import_bytes(&mut b, spaced.as_bytes()).expect("the document alone imports");
}

#[test]
fn an_unknown_or_misspelt_field_is_refused_naming_it() {
    let tmp = common::temp("import-unknown");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");

    // The misspelt postcode would otherwise have been dropped without a word.
    let mut bad = v.clone();
    let contact = bad["people"][0]["contact"].as_object_mut().unwrap();
    let postcode = contact.remove("postcode").unwrap();
    contact.insert("postcod".into(), postcode);
    let m = refused(&mut b, &bad);
    assert!(m.contains("people[0].contact.postcod ("), "{m}");
    assert!(m.contains("not a field of this record"), "{m}");
    assert!(
        m.contains("`postcode`"),
        "the fields it could have been: {m}"
    );
    let bad_text = text(&bad);
    let at = bad_text.find("\"postcod\"").unwrap();
    let line = 1 + bad_text[..at].matches('\n').count();
    assert!(m.contains(&format!("(line {line}, column ")), "{m}");

    // An unknown field at every depth: the document, a record, a nested part, a
    // variant's fields, a reference list's entry, the settings.
    let phone_call = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["kind"].get("phone_call").is_some())
        .expect("a phone call");
    // Where the unknown field goes (a JSON pointer), and the path the message gives.
    let places = [
        (String::new(), "colour".to_string()),
        ("/cases/1".into(), "cases[1].colour".into()),
        (
            "/people/2/monitoring".into(),
            "people[2].monitoring.colour".into(),
        ),
        (
            format!("/timeline/{phone_call}/kind/phone_call"),
            format!("timeline[{phone_call}].kind.phone_call.colour"),
        ),
        (
            "/reference_lists/0/entries/0".into(),
            "reference_lists[0].entries[0].colour".into(),
        ),
        ("/settings".into(), "settings.colour".into()),
        (
            "/incidents/0/parties/0".into(),
            "incidents[0].parties[0].colour".into(),
        ),
    ];
    for (pointer, path) in places {
        let mut bad = v.clone();
        let object = bad.pointer_mut(&pointer).and_then(|o| o.as_object_mut());
        object
            .expect(&pointer)
            .insert("colour".into(), json!("red"));
        let m = refused(&mut b, &bad);
        assert!(m.contains(&format!("{path} (line ")), "{path}: {m}");
    }
}

#[test]
fn a_field_name_that_is_not_plain_is_not_repeated() {
    let tmp = common::temp("import-odd-key");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    for key in [
        "Amina Hassan",
        "\u{1b}[2J\u{1b}[31mred",
        "\u{202E}evil",
        &"k".repeat(200),
    ] {
        let mut bad = v.clone();
        bad["people"][0][key] = json!("x");
        let m = refused(&mut b, &bad);
        assert!(m.contains("people[0].(a field name not shown)"), "{m}");
        assert!(!m.contains(key), "{m}");
    }
}

#[test]
fn bytes_that_are_not_utf8_are_refused_at_their_offset() {
    let tmp = common::temp("import-utf8");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    let good = text(&v).into_bytes();

    // A byte that starts no character, in the middle of a name.
    let at = find(&good, "Marchmont") + 3;
    let mut bad = good.clone();
    bad[at] = 0xFF;
    let m = refused_bytes(&mut b, &bad);
    assert!(m.contains("not UTF-8"), "{m}");
    assert!(m.contains(&place_of(&bad, at)), "{m}");

    // Latin-1 where UTF-8 was wanted: the first é of a name in another encoding.
    let at = find(&good, "Wójcik") + 1;
    let mut latin1 = good[..at].to_vec();
    latin1.push(0xF3);
    latin1.extend_from_slice(&good[at + 2..]);
    let m = refused_bytes(&mut b, &latin1);
    assert!(m.contains(&place_of(&latin1, at)), "{m}");
}

#[test]
fn a_file_cut_short_is_refused_saying_where_it_ends() {
    let tmp = common::temp("import-cut");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    let good = text(&v).into_bytes();

    for cut in [1, good.len() / 3, good.len() / 2, good.len() - 1] {
        let short = &good[..cut];
        let m = refused_bytes(&mut b, short);
        assert!(m.contains("cut short"), "{cut}: {m}");
        if std::str::from_utf8(short).is_ok() {
            assert!(m.contains("ends part way through the document, in "), "{m}");
            assert!(m.contains(&place_of(short, cut)), "{cut}: {m}");
        }
    }
    // Part way through 王: the bytes so far are not a whole character.
    let at = find(&good, "王") + 2;
    let m = refused_bytes(&mut b, &good[..at]);
    assert!(m.contains("part way through a character"), "{m}");
    assert!(m.contains(&place_of(&good, at - 2)), "{m}");

    let m = refused_bytes(&mut b, b"  \n ");
    assert!(m.contains("the file is empty"), "{m}");
}

fn find(haystack: &[u8], needle: &str) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap_or_else(|| panic!("{needle} in the document"))
}

#[test]
fn the_command_line_refuses_trailing_data_and_misspelt_fields_changing_nothing() {
    let tmp = common::temp("import-cli-refusals");
    let v = document(&tmp);
    let dir = tmp.path().join("data");
    cli_init(&dir);
    let before = cli_export(&dir);
    let file = tmp.path().join("bad.json");

    std::fs::write(&file, format!("{}\n{}", text(&v), text(&v))).unwrap();
    let r = cli(&dir, &["import", file.to_str().unwrap()]).expect(1);
    assert!(
        r.stderr.contains("more follows the end of the document"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    let mut bad = v.clone();
    let contact = bad["people"][0]["contact"].as_object_mut().unwrap();
    let postcode = contact.remove("postcode").unwrap();
    contact.insert("postcod".into(), postcode);
    document::write(&file, &bad);
    let r = cli(&dir, &["import", file.to_str().unwrap()]).expect(1);
    assert!(
        r.stderr.contains("people[0].contact.postcod"),
        "{}",
        r.stderr
    );

    let mut bytes = text(&v).into_bytes();
    let at = bytes.len() / 2;
    bytes[at] = 0xC0;
    std::fs::write(&file, &bytes).unwrap();
    let r = cli(&dir, &["import", file.to_str().unwrap()]).expect(1);
    assert!(r.stderr.contains(&format!("byte {at}")), "{}", r.stderr);

    assert_eq!(cli_export(&dir), before);
    // The good file imports, from standard input too.
    document::write(&file, &v);
    let input = std::fs::File::open(&file).unwrap();
    let r = common::run(common::caseline(&dir).args(["import", "-"]).stdin(input)).expect(0);
    assert!(r.stdout.contains("Imported"), "{}", r.stdout);
}
