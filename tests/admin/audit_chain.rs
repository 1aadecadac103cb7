//! The audit chain gives away every edit, removal, reordering and truncation made to
//! the stored entries, naming the first broken link; an anchor kept elsewhere gives
//! away a rewrite of the whole log.
//!
//! Like `tests/store/corruption.rs`, only these tests touch sled directly, and only to
//! damage a closed store.

use std::path::Path;

use crate::common::{self, PASSPHRASE};
use caseline::domain::AuditEntry;
use caseline::store::{Anchor, AuditSummary, Broken, SecretKey, Store, codec};

/// A closed store with [`common::populate`]'s records and their audit entries.
fn store(tmp: &tempfile::TempDir) -> std::path::PathBuf {
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    common::populate(&mut svc);
    common::close(svc);
    dir
}

fn key(n: u64) -> [u8; 8] {
    n.to_be_bytes()
}

/// Verifies the closed store's chain without signing in (which would add an entry).
fn verify(dir: &Path, upto: Option<u64>) -> Result<AuditSummary, Broken> {
    let store = Store::open(dir)
        .expect("open")
        .with_clock(crate::common::clock());
    let (k, _) = store.find_key(None, PASSPHRASE).expect("key");
    let vault = store.unlock_with_key(k).expect("vault");
    let found = vault.verify_audit(upto).expect("readable");
    drop(vault);
    common::wait_released(dir);
    found
}

fn data_key(dir: &Path) -> SecretKey {
    let store = Store::open(dir)
        .expect("open")
        .with_clock(crate::common::clock());
    let (k, _) = store.find_key(None, PASSPHRASE).expect("key");
    drop(store);
    common::wait_released(dir);
    k
}

fn with_sled<T>(dir: &Path, f: impl FnOnce(&sled::Db) -> T) -> T {
    let db = sled::Config::new()
        .path(dir.join("db"))
        .open()
        .expect("sled opens an undamaged store");
    let out = f(&db);
    db.flush().expect("flush");
    drop(db);
    common::wait_released(dir);
    out
}

fn entries(db: &sled::Db) -> sled::Tree {
    db.open_tree("audit").expect("audit tree")
}

fn broken(found: Result<AuditSummary, Broken>) -> Broken {
    found.expect_err("the damage is found")
}

#[test]
fn an_untouched_chain_verifies_to_its_head() {
    let tmp = common::temp("chain-ok");
    let dir = store(&tmp);
    let s = verify(&dir, None).expect("intact");
    assert!(s.entries > 10, "{s:?}");
    assert_eq!(s.head.seq, s.entries);
    assert_eq!(verify(&dir, Some(5)).expect("intact").head.seq, 5);
}

#[test]
fn a_changed_byte_makes_the_entry_undecryptable() {
    let tmp = common::temp("chain-byte");
    let dir = store(&tmp);
    with_sled(&dir, |db| {
        let t = entries(db);
        let mut v = t.get(key(4)).unwrap().unwrap().to_vec();
        let last = v.len() - 1;
        v[last] ^= 1;
        t.insert(key(4), v).unwrap();
    });
    let b = broken(verify(&dir, None));
    assert_eq!(b.seq, 4, "{b}");
    assert!(b.problem.starts_with("undecryptable"), "{b}");
}

#[test]
fn an_entry_rewritten_with_the_key_breaks_the_next_link() {
    let tmp = common::temp("chain-forged");
    let dir = store(&tmp);
    let k = data_key(&dir);
    with_sled(&dir, |db| {
        let t = entries(db);
        let v = t.get(key(6)).unwrap().unwrap();
        let mut e: AuditEntry = codec::open(&k, &key(6), &v).expect("opens");
        e.detail = "nothing happened here".into();
        let (_, forged) = codec::seal(&k, &e);
        t.insert(key(6), forged).unwrap();
    });
    let b = broken(verify(&dir, None));
    assert_eq!(b.seq, 7, "{b}");
    assert!(b.problem.starts_with("hash mismatch"), "{b}");
    assert!(b.problem.contains("entry 6"), "{b}");
}

#[test]
fn a_removed_entry_leaves_a_gap() {
    let tmp = common::temp("chain-gap");
    let dir = store(&tmp);
    with_sled(&dir, |db| entries(db).remove(key(5)).unwrap());
    let b = broken(verify(&dir, None));
    assert_eq!(b.seq, 5, "{b}");
    assert!(b.problem.contains("missing (a gap"), "{b}");
}

#[test]
fn swapped_entries_are_a_reordering() {
    let tmp = common::temp("chain-swap");
    let dir = store(&tmp);
    with_sled(&dir, |db| {
        let t = entries(db);
        let (a, b) = (
            t.get(key(3)).unwrap().unwrap(),
            t.get(key(4)).unwrap().unwrap(),
        );
        t.insert(key(3), b).unwrap();
        t.insert(key(4), a).unwrap();
    });
    let b = broken(verify(&dir, None));
    assert_eq!(b.seq, 3, "{b}");
    assert_eq!(b.problem, "reordered: entry 4 is stored in its place");
}

#[test]
fn an_entry_resealed_under_another_number_is_a_reordering() {
    let tmp = common::temp("chain-moved");
    let dir = store(&tmp);
    let k = data_key(&dir);
    with_sled(&dir, |db| {
        let t = entries(db);
        let v = t.get(key(9)).unwrap().unwrap();
        let e: AuditEntry = codec::open(&k, &key(9), &v).expect("opens");
        // Entry 9, still saying it is entry 9, sealed properly for key 8.
        let (_, moved) = codec::seal(&k, &Under(e, 8));
        t.insert(key(8), moved).unwrap();
    });
    let b = broken(verify(&dir, None));
    assert_eq!(b.seq, 8, "{b}");
    assert_eq!(b.problem, "reordered: entry 9 is stored in its place");
}

/// An audit entry sealed under a key of our choosing: what someone holding the data
/// key could write.
struct Under(AuditEntry, u64);

impl serde::Serialize for Under {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Under {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Under, D::Error> {
        AuditEntry::deserialize(d).map(|e| Under(e, 0))
    }
}

impl caseline::store::Record for Under {
    const KIND: caseline::store::Kind = caseline::store::Kind::Audit;
    const SCHEMA: u16 = <AuditEntry as caseline::store::Record>::SCHEMA;
    fn key(&self) -> Vec<u8> {
        self.1.to_be_bytes().to_vec()
    }
}

#[test]
fn a_log_cut_short_is_found_by_its_head() {
    let tmp = common::temp("chain-cut");
    let dir = store(&tmp);
    let head = verify(&dir, None).expect("intact").head;
    with_sled(&dir, |db| {
        for n in head.seq - 2..=head.seq {
            entries(db).remove(key(n)).unwrap();
        }
    });
    let b = broken(verify(&dir, None));
    assert_eq!(b.seq, head.seq - 2, "{b}");
    assert!(b.problem.contains("cut short"), "{b}");
}

#[test]
fn a_log_cut_short_with_its_plain_head_rewritten_is_found_by_the_keyed_head() {
    let tmp = common::temp("chain-cut-head");
    let dir = store(&tmp);
    let head = verify(&dir, None).expect("intact").head;
    with_sled(&dir, |db| {
        let t = entries(db);
        for n in head.seq - 2..=head.seq {
            t.remove(key(n)).unwrap();
        }
        let kept = t.get(key(head.seq - 3)).unwrap().unwrap();
        let mut plain = (head.seq - 3).to_be_bytes().to_vec();
        plain.extend_from_slice(blake3::hash(&kept).as_bytes());
        db.open_tree("meta")
            .unwrap()
            .insert("audit_head", plain)
            .unwrap();
    });
    let b = broken(verify(&dir, None));
    assert_eq!(b.seq, head.seq - 2, "{b}");
    assert!(b.problem.contains("head rewritten"), "{b}");
}

#[test]
fn an_anchor_gives_away_a_rewritten_log() {
    let tmp = common::temp("chain-anchor");
    let dir = store(&tmp);
    let anchor: Anchor = verify(&dir, None).expect("intact").head;
    // Later entries do not disturb an older anchor.
    let svc = common::open_store(&dir);
    assert!(svc.verify_audit(Some(anchor)).expect("verify").is_ok());
    common::close(svc);
    // Someone with raw access throws the log away; the store starts a new, intact one.
    with_sled(&dir, |db| {
        entries(db).clear().unwrap();
        let meta = db.open_tree("meta").unwrap();
        meta.remove("audit_head").unwrap();
        meta.remove("audit_keyed_head").unwrap();
    });
    let svc = common::open_store(&dir);
    for _ in 0..anchor.seq {
        svc.audit_lock().expect("lock");
    }
    assert!(svc.verify_audit(None).expect("verify").is_ok());
    let b = svc.verify_audit(Some(anchor)).expect("verify").unwrap_err();
    assert_eq!(b.seq, anchor.seq, "{b}");
    assert!(b.problem.contains("does not match the anchor"), "{b}");
    // An anchor past the end of the log names the first missing entry.
    let far = Anchor {
        seq: 100_000,
        hash: anchor.hash,
    };
    let b = svc.verify_audit(Some(far)).expect("verify").unwrap_err();
    assert!(b.problem.contains("is missing"), "{b}");
    common::close(svc);
}
