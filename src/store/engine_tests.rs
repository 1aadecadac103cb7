//! The store's behaviour on every storage engine: each test here is written once,
//! generic over [`KvStore`], and run on sled and on the in-memory engine. What they
//! check is what `kv.rs` asks of an engine (order, ranges both ways, atomic commits
//! across trees, a read and its writes with nothing between) and what the store builds
//! on it: a record, its index entries, its audit entry and its search journal entry
//! committed together; the audit chain verified; the queue, timeline and case-member
//! indexes answering typed questions. sled is reached through [`AnyDb`] (as every
//! store on disk is), the in-memory engine both directly and through it. An engine to
//! come (PostgreSQL) adds one line to the macro.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};

use super::indexes::DueQuery;
use super::kind::{Kind, plain};
use super::kv::{Batch, KvStore, KvTree, keys};
use super::{
    AnyDb, Builder, ExpectedIndexes, KdfParams, KeySlot, MemoryDb, RecordFacts, SecretKey, Store,
    StoreError, Touched, Vault,
};
use crate::domain::{
    AuditAction, AuditNote, CaseId, CaseRef, CaseStatus, CaseSummary, EntryKind, FollowUp,
    FollowUpId, FollowUpState, Id, Priority, RiskLevel, Stamp, Subject, TimelineEntry, TimelineId,
    UserId,
};

/// A new store on each engine, kept with the directory it needs (sled's files; for the
/// in-memory one, only the place drafts would go).
fn sled_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("data"), |_| Ok(())).unwrap();
    (dir, store)
}

fn memory_store() -> (tempfile::TempDir, Store<MemoryDb>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new_on(MemoryDb::new(), dir.path(), |_| Ok(())).unwrap();
    (dir, store)
}

/// The in-memory engine as the service has it: one choice of [`AnyDb`].
fn any_memory_store() -> (tempfile::TempDir, Store<AnyDb>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::in_memory(dir.path(), |_| Ok(())).unwrap();
    (dir, store)
}

/// Runs `test` on a new store of each engine.
macro_rules! on_every_engine {
    ($test:ident) => {
        let (_dir, store) = sled_store();
        $test(store);
        let (_dir, store) = memory_store();
        $test(store);
        let (_dir, store) = any_memory_store();
        $test(store);
    };
}

fn at(day: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc()
}

fn follow_up(subject: CaseId, due: u32, assignee: UserId) -> FollowUp {
    FollowUp {
        id: FollowUpId::new(),
        subject: Subject::Case(subject),
        due: at(due).date_naive(),
        due_time: None,
        assignee: Some(assignee),
        priority: Priority::High,
        action: "ring back".into(),
        statutory: false,
        state: FollowUpState::Open,
        created_at: at(1),
        created_by: assignee,
    }
}

fn entry(case: CaseId, author: UserId) -> TimelineEntry {
    TimelineEntry {
        id: TimelineId::new(),
        case,
        at: at(2),
        kind: EntryKind::Note,
        text: "called the housing officer".into(),
        corrects: None,
        author,
        recorded_at: at(2),
    }
}

fn summary(case: CaseId, member: Id, by: UserId) -> CaseSummary {
    CaseSummary {
        id: case,
        reference: CaseRef {
            year: 2026,
            number: 42,
        },
        status: CaseStatus::Open,
        kind: "hate_crime".into(),
        assigned_to: Some(by),
        safeguarding: false,
        risk: RiskLevel::Low,
        opened_on: at(1).date_naive(),
        last_activity: at(2),
        created_by: by,
        members: vec![member],
    }
}

fn stamp(who: UserId) -> Stamp {
    Stamp {
        who: Some(who),
        origin: "test".into(),
        os_user: None,
    }
}

/// Keys come back in byte order, forwards and backwards, by range and by prefix, and
/// a prefix of all-0xff bytes has no end key to stop at.
fn keys_in_byte_order<K: KvStore>(store: Store<K>) {
    let tree = store.db.tree("order").unwrap();
    for k in [&[2u8][..], &[1, 0xff, 0xff], &[0], &[1, 0xff], &[1]] {
        tree.insert(k, k).unwrap();
    }
    let all: Vec<Vec<u8>> = keys(tree.iter()).map(|k| k.unwrap().to_vec()).collect();
    assert_eq!(
        all,
        [
            vec![0],
            vec![1],
            vec![1, 0xff],
            vec![1, 0xff, 0xff],
            vec![2]
        ]
    );
    let back: Vec<Vec<u8>> = keys(tree.iter().rev())
        .map(|k| k.unwrap().to_vec())
        .collect();
    assert_eq!(back, all.iter().rev().cloned().collect::<Vec<_>>());
    let prefixed: Vec<Vec<u8>> = keys(tree.scan_prefix([1, 0xff]))
        .map(|k| k.unwrap().to_vec())
        .collect();
    assert_eq!(prefixed, [vec![1, 0xff], vec![1, 0xff, 0xff]]);
    let ranged: Vec<Vec<u8>> = keys(tree.range([1u8].as_slice()..[2u8].as_slice()))
        .map(|k| k.unwrap().to_vec())
        .collect();
    assert_eq!(ranged.len(), 3);
    let mut both = tree.range([1u8].as_slice()..);
    assert_eq!(&*both.next().unwrap().unwrap().0, [1]);
    assert_eq!(&*both.next_back().unwrap().unwrap().0, [2]);
    assert_eq!(&*both.next_back().unwrap().unwrap().0, [1, 0xff, 0xff]);
    assert_eq!(&*both.next().unwrap().unwrap().0, [1, 0xff]);
    assert!(both.next().is_none() && both.next_back().is_none());
    assert_eq!(&*tree.last().unwrap().unwrap().0, [2]);
    assert_eq!(tree.len().unwrap(), 5);
    assert!(tree.remove([0u8]).unwrap() && !tree.remove([0u8]).unwrap());
    let mut batch = Batch::default();
    batch.insert([9u8], [9u8]);
    batch.remove([2u8]);
    tree.apply_batch(batch).unwrap();
    assert_eq!(&*tree.last().unwrap().unwrap().1, [9]);
    tree.clear().unwrap();
    assert!(tree.is_empty().unwrap());
}

/// A commit lands in every tree it names; a read-then-commit sees the value it read
/// and writes from it, with nothing between.
fn commits_span_trees<K: KvStore>(store: Store<K>) {
    let db = &store.db;
    let trees = [db.tree("a").unwrap(), db.tree("b").unwrap()];
    db.commit(&trees, &[(0, b"k", Some(b"1")), (1, b"k", Some(b"2"))])
        .unwrap();
    assert_eq!(&*trees[0].get(b"k").unwrap().unwrap(), b"1");
    assert_eq!(&*trees[1].get(b"k").unwrap().unwrap(), b"2");
    let counter = db.tree("counter").unwrap();
    let with = [counter.clone(), trees[0].clone()];
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (db, with) = (db.clone(), with.clone());
            std::thread::spawn(move || {
                for _ in 0..25 {
                    db.read_then_commit(&with, (0, b"n"), &|found| {
                        let n = found.map_or(0, |b| u32::from_be_bytes(b.try_into().unwrap()));
                        let next = (n + 1).to_be_bytes().to_vec();
                        vec![(0, b"n".to_vec(), Some(next.clone())), (1, next, None)]
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let n = counter.get(b"n").unwrap().unwrap();
    assert_eq!(u32::from_be_bytes((&*n).try_into().unwrap()), 100);
    db.commit(&trees, &[(0, b"k", None)]).unwrap();
    assert!(trees[0].get(b"k").unwrap().is_none());
    db.flush().unwrap();
    let names = db.tree_names().unwrap();
    assert!(names.contains(&b"counter".to_vec()) && names.contains(&b"b".to_vec()));
}

/// What the commit hook was told: a journal number and the records touched.
type Told = (u64, Vec<Touched>);

/// A follow-up, a timeline entry and a case summary committed through the vault: the
/// records read back, the indexes answer, the audit chain verifies with an entry per
/// commit, and the search journal lists the indexed records touched, in order, with
/// the commit hook told of each.
fn vault_commits_records_indexes_audit_and_journal<K: KvStore>(store: Store<K>) {
    let vault: Vault<K> = store.unlock_with_key(SecretKey::generate()).unwrap();
    let told: Arc<Mutex<Vec<Told>>> = Arc::default();
    let hook_told = told.clone();
    vault.set_commit_hook(Arc::new(move |_: &Vault<K>, n: u64, t: &[Touched]| {
        hook_told.lock().unwrap().push((n, t.to_vec()))
    }));
    let (worker, case, member) = (UserId::new(), CaseId::new(), Id::new());
    let (f, e, s) = (
        follow_up(case, 5, worker),
        entry(case, worker),
        summary(case, member, worker),
    );
    let mut changes = vault.changes(&stamp(worker));
    changes.put(&f).put(&e);
    changes.index_follow_up(None, &f, false);
    changes.index_timeline(&e);
    changes.index_case(None, &s);
    changes.audit(AuditNote::new(AuditAction::Change));
    vault.commit(changes).unwrap();

    assert_eq!(
        vault.get::<TimelineEntry>(&e.id.0.to_bytes()).unwrap(),
        Some(e.clone())
    );
    assert_eq!(vault.timeline_ids(case).unwrap(), [e.id]);
    assert_eq!(vault.case_summary(case).unwrap(), Some(s.clone()));
    assert_eq!(vault.cases_of_member(member).unwrap(), [case]);
    let mine = DueQuery {
        assignee: Some(worker),
        open_before: None,
        closed_since: None,
    };
    let due = vault.due_scan(&mine).unwrap();
    assert_eq!(due.entries.len(), 1);
    assert_eq!((due.entries[0].id, due.entries[0].due), (f.id.0, f.due));

    // Done: it leaves the open queue, and the journal is not written (follow-ups are
    // not searched).
    let mut done = f.clone();
    done.state = FollowUpState::Done {
        at: at(6),
        by: worker,
    };
    let mut changes = vault.changes(&stamp(worker));
    changes.put(&done);
    changes.index_follow_up(Some(&f), &done, false);
    vault.commit(changes).unwrap();
    assert!(vault.due_scan(&mine).unwrap().entries.is_empty());
    let closed = DueQuery {
        closed_since: Some(at(6).date_naive()),
        ..mine
    };
    assert_eq!(vault.due_scan(&closed).unwrap().entries.len(), 1);

    let chain = vault
        .verify_audit(None)
        .unwrap()
        .expect("the chain verifies");
    assert_eq!(chain.head, vault.audit_head());
    let entries: Vec<_> = vault.audit_entries(None).unwrap().collect();
    assert_eq!(entries.len() as u64, chain.entries);
    assert!(chain.entries >= 2);

    let journal = vault.snapshots().journal_after(0).unwrap();
    let touched = vec![(Kind::Timeline, e.id.0.to_bytes())];
    assert_eq!(journal, [(1, touched.clone())]);
    assert_eq!(vault.journaled(), 1);
    assert_eq!(*told.lock().unwrap(), [(1, touched)]);
    assert_eq!(vault.count(plain::FOLLOW_UPS_SUBJECT).unwrap(), 1);
}

/// The search snapshot is written in sealed chunks and read back whole; the journal
/// up to what it covers is pruned.
fn snapshot_round_trips<K: KvStore>(store: Store<K>) {
    let vault: Vault<K> = store.unlock_with_key(SecretKey::generate()).unwrap();
    let worker = UserId::new();
    for _ in 0..3 {
        let e = entry(CaseId::new(), worker);
        let mut changes = vault.changes(&stamp(worker));
        changes.put(&e);
        vault.commit(changes).unwrap();
    }
    let snapshots = vault.snapshots();
    let bytes: Vec<u8> = (0..super::search_snapshot::CHUNK + 10)
        .map(|i| i as u8)
        .collect();
    snapshots.write(&bytes, 2).unwrap();
    snapshots.write(&bytes, 2).unwrap();
    let back = snapshots.read().unwrap().expect("a snapshot");
    assert_eq!((&back.bytes[..], back.covers), (&bytes[..], 2));
    assert_eq!(snapshots.prune(2).unwrap(), 2);
    assert_eq!(snapshots.journal_after(0).unwrap().len(), 1);
    snapshots.invalidate().unwrap();
    assert!(snapshots.read().unwrap().is_none());
}

/// The index checks find nothing wrong in indexes written with their records, and
/// name each kind of damage: an entry missing, one pointing at no record, one out of
/// date, and a tree nobody knows.
fn index_damage_is_named<K: KvStore>(store: Store<K>) {
    let vault: Vault<K> = store.unlock_with_key(SecretKey::generate()).unwrap();
    let (worker, case, member) = (UserId::new(), CaseId::new(), Id::new());
    let (f, e, s) = (
        follow_up(case, 5, worker),
        entry(case, worker),
        summary(case, member, worker),
    );
    let mut changes = vault.changes(&stamp(worker));
    changes.put(&f).put(&e);
    changes.index_follow_up(None, &f, false);
    changes.index_timeline(&e);
    changes.index_case(None, &s);
    changes.index_case_ref(s.reference, case);
    vault.commit(changes).unwrap();
    let expected = || {
        let mut x = ExpectedIndexes::default();
        x.follow_up(&f, false);
        x.case(&s);
        x
    };
    let mut facts = RecordFacts::default();
    facts.follow_ups.insert(f.id);
    facts.case_refs.insert(s.reference, case);
    facts.entry_case.insert(e.id, case);
    assert_eq!(vault.verify_derived(expected()).unwrap(), []);
    assert_eq!(vault.verify_links(&facts).unwrap(), []);
    assert_eq!(vault.verify_trees().unwrap(), []);

    vault.tree(plain::CASE_TIMELINE).unwrap().clear().unwrap();
    let found = vault.verify_links(&facts).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].place, format!("timeline/{}", e.id));

    let mut later = f.clone();
    later.due = at(9).date_naive();
    let mut stale = ExpectedIndexes::default();
    stale.follow_up(&later, false);
    stale.case(&s);
    let found = vault.verify_derived(stale).unwrap();
    let problems: Vec<&str> = found.iter().map(|p| p.problem.as_str()).collect();
    // The due trees hold the old day: two entries point at no record, two are missing,
    // and the subject entry is out of date.
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(problems.iter().any(|p| p.starts_with("is out of date")));
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("points at no record"))
    );
    assert!(problems.iter().any(|p| p.starts_with("is missing")));

    vault.tree("stray").unwrap().insert(b"k", b"v").unwrap();
    let found = vault.verify_trees().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].place, "stray");
}

#[test]
fn index_damage_is_named_on_every_engine() {
    on_every_engine!(index_damage_is_named);
}

/// A wrong passphrase is refused and recorded in the audit log without the data key
/// (sealed to the log's public key, linked to the head read in the same commit); the
/// chain still verifies once the store is unlocked, with the refusal in it.
fn failed_sign_ins_join_the_chain<K: KvStore>(store: Store<K>, key: SecretKey) {
    let handle = store.handle();
    let vault = store.unlock_with_key(key).unwrap();
    let worker = UserId::new();
    let mut changes = vault.changes(&stamp(worker));
    changes.audit(AuditNote::new(AuditAction::SignIn));
    vault.commit(changes).unwrap();
    let before = vault.verify_audit(None).unwrap().unwrap().entries;
    let refused = handle.find_key(Some("admin"), "not the passphrase");
    assert!(
        matches!(refused, Err(StoreError::WrongPassphrase)),
        "{refused:?}"
    );
    let (_, user) = handle.find_key(Some("admin"), "the passphrase").unwrap();
    assert_eq!(user, worker_with_slot());
    let after = vault
        .verify_audit(None)
        .unwrap()
        .expect("the chain verifies");
    assert_eq!(after.entries, before + 1);
}

/// The user whose key slot these stores are made with.
fn worker_with_slot() -> UserId {
    UserId(Id::from_bytes(&[7; 16]).unwrap())
}

fn add_slot<K: KvStore>(b: &Builder<'_, K>, key: &SecretKey) -> super::StoreResult<()> {
    let slot = KeySlot::create(
        worker_with_slot(),
        "admin",
        false,
        "the passphrase",
        key,
        KdfParams::INSECURE_TEST,
    )
    .unwrap();
    b.add_slot(&slot)
}

#[test]
fn failed_sign_ins_join_the_chain_on_every_engine() {
    let dir = tempfile::tempdir().unwrap();
    let key = SecretKey::generate();
    let store = Store::create(&dir.path().join("data"), |b| add_slot(b, &key)).unwrap();
    failed_sign_ins_join_the_chain(store, key);
    let key = SecretKey::generate();
    let store = Store::new_on(MemoryDb::new(), dir.path(), |b| add_slot(b, &key)).unwrap();
    failed_sign_ins_join_the_chain(store, key);
    let key = SecretKey::generate();
    let store = Store::in_memory(dir.path(), |b| add_slot(b, &key)).unwrap();
    failed_sign_ins_join_the_chain(store, key);
}

#[test]
fn keys_are_in_byte_order_on_every_engine() {
    on_every_engine!(keys_in_byte_order);
}

#[test]
fn commits_span_trees_on_every_engine() {
    on_every_engine!(commits_span_trees);
}

#[test]
fn the_vault_commits_together_on_every_engine() {
    on_every_engine!(vault_commits_records_indexes_audit_and_journal);
}

#[test]
fn the_search_snapshot_round_trips_on_every_engine() {
    on_every_engine!(snapshot_round_trips);
}

/// A commit to one engine that names a tree of the other is a mistake in the store:
/// refused with an error, and nothing of it lands in either.
#[test]
fn a_commit_naming_another_engines_tree_is_refused() {
    let (_dir, on_sled) = sled_store();
    let (_dir, in_memory) = any_memory_store();
    let (sled, memory) = (&on_sled.db, &in_memory.db);
    let trees = [sled.tree("a").unwrap(), memory.tree("a").unwrap()];
    let writes = [
        (0, &b"k"[..], Some(&b"1"[..])),
        (1, &b"k"[..], Some(&b"2"[..])),
    ];
    for db in [sled, memory] {
        let refused = db.commit(&trees, &writes).unwrap_err();
        assert!(
            refused.to_string().contains("a tree of another engine"),
            "{refused}"
        );
        let read = db.read_then_commit(&trees, (0, b"k"), &|_| Vec::new());
        assert!(matches!(read, Err(StoreError::Damaged(_))), "{read:?}");
    }
    assert!(trees.iter().all(|t| t.get(b"k").unwrap().is_none()));
}
