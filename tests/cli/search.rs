//! Search from the command line (`caseline search`, `reindex`, `check`), and `check`
//! finding a search index that no longer matches the records.

use crate::common::{self, PASSPHRASE, cli, close, init_store, open_store, populate, temp};
use caseline::domain::Person;
use caseline::store::kv::KvTree;
use caseline::store::{Store, Vault};

fn populated(tmp: &tempfile::TempDir) -> std::path::PathBuf {
    let dir = tmp.path().join("data");
    let mut svc = init_store(&dir);
    populate(&mut svc);
    close(svc);
    dir
}

#[test]
fn search_prints_tables_and_json() {
    let tmp = temp("search-cli");
    let dir = populated(&tmp);
    let r = cli(&dir, &["search", "amina"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("People: 1 found"), "{}", r.stdout);
    assert!(r.stdout.contains("Amina Hassan"), "{}", r.stdout);
    assert!(r.stdout.contains("Cases:"), "{}", r.stdout);

    let r = cli(
        &dir,
        &["search", "clarence", "--format", "json", "--limit", "5"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert!(v["cases"]["total"].as_u64().unwrap() >= 1, "{v}");
    assert!(v["people"]["hits"].is_array());
    assert!(v["organisations"]["hits"].is_array());
}

#[test]
fn a_chinese_name_typed_as_written_is_printed_family_name_first() {
    let tmp = temp("search-cli-han");
    let dir = populated(&tmp);
    for q in ["王秀英", "秀英王", "王 秀英"] {
        let r = cli(&dir, &["search", q]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stdout.contains("People: 1 found"), "{q}: {}", r.stdout);
        assert!(r.stdout.contains("王秀英"), "{q}: {}", r.stdout);
        assert!(!r.stdout.contains("秀英 王"), "{q}: {}", r.stdout);
    }
    let r = cli(&dir, &["search", "王秀英", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["people"]["hits"][0]["display_name"], "王秀英", "{v}");
}

#[test]
fn an_unknown_filter_fails_with_the_bar_message() {
    let tmp = temp("search-cli-err");
    let dir = populated(&tmp);
    let r = cli(&dir, &["search", "amina colour:red"]);
    assert_eq!(r.code, Some(1));
    let svc = open_store(&dir);
    let expected = match svc.search("amina colour:red", 5) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("the query runs"),
    };
    close(svc);
    // Before it, perhaps, the progress of building the index for the first time.
    let last = r.stderr.trim().lines().last().unwrap_or_default();
    assert_eq!(last, format!("caseline: {expected}"));
    assert!(r.stderr.contains("character 7"), "{}", r.stderr);
    assert!(!r.stderr.contains("red"), "{}", r.stderr);
}

/// Writes a person's record with a new name straight to the store, then drops the
/// journal entry that says so: the index no longer matches the records.
fn rename_behind_the_index(dir: &std::path::Path) {
    let store = Store::open(dir).unwrap().with_clock(crate::common::clock());
    let (key, _) = store.find_key(None, PASSPHRASE).unwrap();
    let vault: Vault = store.unlock_with_key(key).unwrap();
    let mut person: Person = vault
        .scan::<Person>()
        .map(Result::unwrap)
        .find(|p| p.given_names == "Amina")
        .expect("Amina");
    person.given_names = "Zuleika".into();
    let mut changes = vault.changes(&caseline::store::process_stamp());
    changes.put(&person);
    vault.commit(changes).unwrap();
    vault.tree("search_journal").unwrap().clear().unwrap();
    vault.flush().unwrap();
    drop(vault);
    common::wait_released(dir);
}

#[test]
fn check_finds_an_index_out_of_step_and_reindex_mends_it() {
    let tmp = temp("search-check");
    let dir = populated(&tmp);
    // Once to write the snapshot, which the close above may have left to this run.
    let r = cli(&dir, &["check"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    rename_behind_the_index(&dir);

    let r = cli(&dir, &["check"]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("search"), "{}", r.stdout);
    assert!(
        r.stdout.contains("terms find other documents"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Zuleika") && !r.stdout.contains("amina"));
    let r = cli(&dir, &["search", "zuleika"]);
    assert!(r.stdout.contains("People: 0 found"), "{}", r.stdout);

    let r = cli(&dir, &["reindex"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.contains("the search index with them"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("Building the search index"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("(100%)"), "{}", r.stderr);
    let r = cli(&dir, &["check"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    let r = cli(&dir, &["search", "zuleika"]);
    assert!(r.stdout.contains("Zuleika Hassan"), "{}", r.stdout);
}

#[test]
fn a_damaged_snapshot_is_rebuilt_from_the_records() {
    let tmp = temp("search-damaged");
    let dir = populated(&tmp);
    let svc = open_store(&dir);
    svc.warm_search(&mut |_, _| {}).unwrap();
    close(svc);
    {
        let store = Store::open(&dir)
            .unwrap()
            .with_clock(crate::common::clock());
        let (key, _) = store.find_key(None, PASSPHRASE).unwrap();
        let vault = store.unlock_with_key(key).unwrap();
        let tree = vault.tree("search_snapshot").unwrap();
        let (k, v) = tree.iter().next().expect("a snapshot chunk").unwrap();
        let mut bytes = v.to_vec();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        tree.insert(k, bytes).unwrap();
        vault.flush().unwrap();
    }
    common::wait_released(&dir);
    let svc = open_store(&dir);
    let mut told = 0;
    svc.warm_search(&mut |_, _| told += 1).unwrap();
    assert!(told > 0, "rebuilt from the records, with progress");
    assert_eq!(svc.search("amina", 5).unwrap().people.total, 1);
    close(svc);
}
