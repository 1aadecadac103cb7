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
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for other in forbidden {
                if code.contains(&format!("crate::{other}::"))
                    || code.contains(&format!("crate::{other};"))
                    || code.contains(&format!("crate::{other}{{"))
                {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    found
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
