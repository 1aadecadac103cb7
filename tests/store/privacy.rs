//! Nothing personal is ever readable on disk: not in the data directory, not in a
//! backup, not in `stats` or `check`.

use crate::common::{
    self, PERSONAL, all_files, assert_absent, assert_text_absent, cli, plain_text_in,
};
use caseline::domain::{EntryKind, PersonId};
use caseline::service::NewEntry;

/// Words written only by this test, on top of [`PERSONAL`].
const EXTRA: &[&str] = &["Okonkwo-Baptiste", "Quixotic rainfall"];

fn needles() -> Vec<&'static str> {
    PERSONAL.iter().chain(EXTRA).copied().collect()
}

/// Sanity check of the search itself: it finds what is there, in both encodings.
#[test]
fn the_search_finds_plain_text() {
    let text = "xx Amina Hassan yy 王秀英".as_bytes();
    assert!(plain_text_in(text, &["Amina Hassan"]).is_some());
    assert!(plain_text_in(text, &["王秀英"]).is_some());
    let wide: Vec<u8> = "..spat.."
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert!(
        plain_text_in(&wide, &["spat"])
            .unwrap()
            .contains("UTF-16LE")
    );
    assert!(plain_text_in(b"nothing here", &["Amina"]).is_none());
}

fn populated(tmp: &tempfile::TempDir) -> (std::path::PathBuf, PersonId) {
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    let made = common::populate(&mut svc);
    svc.add_timeline_entry(NewEntry {
        case: made.case,
        at: None,
        kind: EntryKind::Meeting {
            with: "Mrs Okonkwo-Baptiste".into(),
        },
        text: "Quixotic rainfall delayed the home visit.".into(),
        corrects: None,
    })
    .expect("timeline entry");
    // Everything is really stored: the same text reads back.
    let amina = svc.person(made.amina).expect("person");
    assert_eq!(amina.display_name(), "Amina Hassan");
    assert_eq!(amina.contact.postcode.as_deref(), Some("KT1 2AB"));
    assert_eq!(
        svc.person(made.wang).expect("person").display_name(),
        "王秀英"
    );
    assert!(
        svc.timeline(made.case)
            .expect("timeline")
            .iter()
            .any(|e| e.text.contains("Quixotic rainfall"))
    );
    common::close(svc);
    (dir, made.amina)
}

#[test]
fn no_personal_data_in_the_data_directory() {
    let tmp = common::temp("privacy");
    let (dir, _) = populated(&tmp);
    let files = all_files(&dir);
    assert!(
        files
            .iter()
            .any(|(p, b)| p.ends_with("db") && !b.is_empty()),
        "the database file was read: {:?}",
        files.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    let needles = needles();
    for (path, bytes) in &files {
        assert_absent(&path.display().to_string(), bytes, &needles);
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        assert_text_absent("a file name", &name, &needles);
    }
    // Reopening and reading everything writes nothing readable either.
    let svc = common::open_store(&dir);
    assert!(svc.check().expect("check").is_clean());
    svc.export().expect("export");
    common::close(svc);
    for (path, bytes) in all_files(&dir) {
        assert_absent(&path.display().to_string(), &bytes, &needles);
    }
}

#[test]
fn no_personal_data_in_a_backup() {
    let tmp = common::temp("privacy-backup");
    let (dir, _) = populated(&tmp);
    let backup = tmp.path().join("store.clb");
    let svc = common::open_store(&dir);
    let summary = svc.backup(&backup).expect("backup");
    common::close(svc);
    let bytes = std::fs::read(&backup).expect("backup file");
    assert_eq!(bytes.len() as u64, summary.bytes);
    assert!(bytes.starts_with(b"CASELINE-BACKUP\n"));
    assert_absent("the backup", &bytes, &needles());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup is readable by its owner only");
    }
    assert!(!tmp.path().join("store.clb.partial").exists());
}

#[test]
fn no_personal_data_in_stats_or_check_output() {
    let tmp = common::temp("privacy-cli");
    let (dir, _) = populated(&tmp);
    let needles = needles();
    for args in [
        &["stats"][..],
        &["stats", "--format", "json"],
        &["check"],
        &["check", "--format", "json"],
    ] {
        let r = cli(&dir, args).expect(0);
        assert_text_absent(&args.join(" "), &r.output(), &needles);
    }
    let stats = cli(&dir, &["stats", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&stats.stdout).expect("JSON");
    let people = v["trees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tree"] == "people")
        .expect("people tree");
    assert_eq!(people["records"], 3);
}

#[test]
fn the_data_directory_is_private() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let tmp = common::temp("privacy-mode");
        let (dir, _) = populated(&tmp);
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("caseline.lock")), 0o600);
        // The CLI sets a private umask, so every file it creates is owner-only.
        let cli_dir = tmp.path().join("cli");
        common::cli_init(&cli_dir);
        cli(&cli_dir, &["reference", "add", "case_kind", "Immigration"]).expect(0);
        for (path, _) in all_files(&cli_dir) {
            assert_eq!(
                mode(&path) & 0o077,
                0,
                "{} is readable by others",
                path.display()
            );
        }
    }
}

/// The search index as it holds words: folded (lower case, no accents), phone numbers
/// without the trunk 0, postcodes without the space.
const INDEXED: &[&str] = &[
    "amina",
    "hassan",
    "lukasz",
    "wojcik",
    "7700900123",
    "kt12ab",
    "clarence",
    "quixotic",
    "rainfall",
    "okonkwo",
    "hoodie",
    "surbiton",
    "marchmont",
    "zanzibar",
    "xanthippe",
    "Xanthippe",
];

/// Chunks of the search snapshot and entries of its journal in the store.
fn search_trees(dir: &std::path::Path) -> (usize, usize) {
    let store = caseline::store::Store::open(dir)
        .expect("store")
        .with_clock(crate::common::clock());
    let (key, _) = store.find_key(None, common::PASSPHRASE).expect("key");
    let vault = store.unlock_with_key(key).expect("vault");
    let counts = (
        vault.count("search_snapshot").expect("snapshot tree"),
        vault.count("search_journal").expect("journal tree"),
    );
    // The plain snapshot begins with its magic: no stored chunk may show it.
    for item in vault.raw("search_snapshot").expect("snapshot tree") {
        let (_, value) = item.expect("chunk");
        assert!(plain_text_in(&value, &["CLSI"]).is_none(), "a plain chunk");
    }
    drop(vault);
    common::wait_released(dir);
    counts
}

#[test]
fn no_indexed_words_in_the_search_snapshot_or_journal() {
    let tmp = common::temp("privacy-search");
    let (dir, _) = populated(&tmp);
    let svc = common::open_store(&dir);
    assert_eq!(svc.search("quixotic", 5).expect("search").cases.total, 1);
    common::close(svc);
    // Changes after the snapshot, left in the journal: a process that recorded them
    // is killed (a session let go of in any other way writes a new snapshot).
    let mut child = common::crash::spawn_child(
        &common::crash::test_name("store::crash", "crash_child"),
        &dir,
        "write",
        0,
    );
    let mut acks = common::crash::AckReader::new(&mut child);
    for _ in 0..3 {
        acks.next_ack().expect("a write acknowledged");
    }
    common::crash::kill(&mut child);
    common::wait_released(&dir);
    let (chunks, journal) = search_trees(&dir);
    assert!(chunks > 0, "a snapshot was written");
    assert!(journal > 0, "the journal holds the change after it");

    let mut needles = needles();
    needles.extend(INDEXED);
    // What the killed process's intakes hold (`common::crash::request`).
    needles.extend([
        "Łukasz",
        "Wójcik",
        "Wojcik",
        "Clarence Street",
        "Crash write",
    ]);
    for (path, bytes) in all_files(&dir) {
        assert_absent(&path.display().to_string(), &bytes, &needles);
    }
    // And after the journal is replayed and a new snapshot written on close.
    let svc = common::open_store(&dir);
    assert!(svc.search("wójcik", 5).expect("search").people.total >= 3);
    common::close(svc);
    for (path, bytes) in all_files(&dir) {
        assert_absent(&path.display().to_string(), &bytes, &needles);
    }
}
