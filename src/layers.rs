//! The layers hold: the terminal interface and the command line reach the data only
//! through the service, never the store, and neither depends on the other; the
//! service asks the store typed questions and names none of its byte layouts. Checked
//! by reading their sources, so a new `use` that breaks it fails here.

use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// Every `crate::LAYER` a layer's sources name that they must not.
fn reaches(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    let mut found = Vec::new();
    for file in sources(&root) {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for place in offending(&text, forbidden) {
            found.push(format!("{}:{place}", file.display()));
        }
    }
    found
}

/// Where `text` names one of the `forbidden` modules of the crate: as a path
/// (`crate::store::X`, `super::super::store`), or inside a grouped import
/// (`use crate::{service, store::Store}`), which may span lines.
fn offending(text: &str, forbidden: &[&str]) -> Vec<String> {
    let code: Vec<&str> = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect();
    let mut found = Vec::new();
    for (n, line) in code.iter().enumerate() {
        for other in forbidden {
            let named = ["crate::", "super::"].iter().any(|root| {
                [":", ";", "{", ",", " ", "}"]
                    .iter()
                    .any(|end| line.contains(&format!("{root}{other}{end}")))
                    || line.trim_end().ends_with(&format!("{root}{other}"))
            });
            if named {
                found.push(format!("{}: {}", n + 1, line.trim()));
            }
        }
    }
    let joined = code.join(" ");
    let mut rest = joined.as_str();
    while let Some(at) = rest.find("crate::{") {
        let group = &rest[at + "crate::{".len()..];
        let (inside, after) = split_group(group);
        for item in top_level_items(inside) {
            let item = item.trim();
            if forbidden
                .iter()
                .any(|o| item == *o || item.starts_with(&format!("{o}::")))
            {
                found.push(format!("grouped import: crate::{{{}}}", inside.trim()));
            }
        }
        rest = after;
    }
    found
}

/// The text of a `{`-group whose opening brace is already read, and what follows it.
fn split_group(group: &str) -> (&str, &str) {
    let mut depth = 1;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return (&group[..i], &group[i + 1..]);
                }
            }
            _ => {}
        }
    }
    (group, "")
}

/// A group's items at its own level (nested groups stay whole).
fn top_level_items(inside: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inside.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inside[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inside[start..]);
    items
}

#[test]
fn every_way_of_naming_a_layer_is_seen() {
    let forbidden = ["store"];
    for text in [
        "use crate::store::Store;",
        "use crate::store;",
        "use crate::store::{Kind, Store};",
        "use crate::{domain::User, store::Store};",
        "use crate::{\n    domain::User,\n    store,\n};",
        "use super::super::store::Vault;",
        "let v = crate::store::codec::to_bincode(&x);",
    ] {
        assert!(!offending(text, &forbidden).is_empty(), "not seen: {text}");
    }
    for text in [
        "use crate::service::store_exists;",
        "use crate::{domain::User, service::Client};",
        "// use crate::store::Store;",
        "let restore = crate::service::restore;",
    ] {
        assert!(
            offending(text, &forbidden).is_empty(),
            "seen wrongly: {text}"
        );
    }
}

#[test]
fn the_interface_reaches_the_data_only_through_the_service() {
    let found = reaches("ui", &["store", "cli"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_command_line_reaches_the_data_only_through_the_service() {
    let found = reaches("cli", &["store", "ui"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Every line of a layer's sources whose code names one of `words`.
fn names(layer: &str, words: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    lines_naming(sources(&root), words)
}

/// Every line of `files` whose code (comments aside) names one of `words`.
fn lines_naming(files: Vec<PathBuf>, words: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if words.iter().any(|w| code.contains(w)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

/// What reads or writes an index's bytes, or a tree's raw entries: the store's own.
const LAYOUTS: [&str; 8] = [
    "store::case_index",
    "store::referral_index",
    "indexes::DERIVED",
    "follow_up_entries",
    "summary_entries",
    "referral_entry(",
    "case_ref_key",
    ".raw(",
];

#[test]
fn the_service_names_no_byte_layout_of_the_store() {
    let found = names("service", &LAYOUTS);
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The same words do name what the store keeps, where it keeps them.
    assert!(!names("store", &LAYOUTS).is_empty());
}

/// The storage engines and their types. Only the store names them: everything above
/// it (the service, the interface, the command line) holds a store on whichever
/// engine it was opened with, so a new engine changes nothing there.
const ENGINES: [&str; 6] = [
    "SledDb",
    "SledTree",
    "MemoryDb",
    "MemoryTree",
    "sled::",
    "IVec",
];

#[test]
fn only_the_store_names_a_storage_engine() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&src).expect("the source directory") {
        let path = entry.expect("an entry").path();
        // This file names them only to look for them.
        if path.ends_with("store") || path.ends_with("layers.rs") {
            continue;
        }
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    assert!(files.iter().any(|f| f.ends_with("service/engine.rs")));
    let found = lines_naming(files, &ENGINES);
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The same words do find the engines where they are.
    assert!(!names("store", &ENGINES).is_empty());
}

#[test]
fn the_check_finds_what_it_looks_for() {
    // The service does reach the store: the same check finds it there.
    assert!(!reaches("service", &["store"]).is_empty());
}

#[test]
fn letters_are_laid_out_from_plain_data_alone() {
    // Rendering and DOCX writing run in the service and in the command line (which
    // writes the file): they take plain data and reach nothing below or beside them.
    let found = reaches("letters", &["store", "service", "ui", "cli"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
