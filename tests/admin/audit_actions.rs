//! Every audited action leaves an entry naming who, what and which records, in the
//! same transaction as the change it records; two threads writing keep one chain.

use crate::common::{self, PASSPHRASE};
use caseline::Caseline;
use caseline::domain::{AuditAction, EntryKind, Role};
use caseline::service::KeyCost;
use caseline::service::{AuditQuery, AuditRow, NewEntry, NewUser};

/// Every entry, oldest first.
fn log(svc: &Caseline) -> Vec<AuditRow> {
    let mut rows = svc
        .audit_log(&AuditQuery {
            limit: usize::MAX,
            ..AuditQuery::default()
        })
        .expect("the audit log");
    rows.reverse();
    rows
}

/// The entries after the first `from`, oldest first.
fn since(svc: &Caseline, from: usize) -> Vec<AuditRow> {
    log(svc).into_iter().skip(from).collect()
}

fn actions(rows: &[AuditRow]) -> Vec<AuditAction> {
    rows.iter().map(|r| r.action).collect()
}

fn assert_intact(svc: &Caseline) {
    let verified = svc.verify_audit(None).expect("verify");
    assert!(verified.is_ok(), "{verified:?}");
}

#[test]
fn a_new_store_starts_with_its_administrators_sign_in() {
    let tmp = common::temp("audit-init");
    let svc = common::init_store(&tmp.path().join("data"));
    let rows = log(&svc);
    assert_eq!(rows[0].seq, 1);
    assert_eq!(rows[0].action, AuditAction::SignIn);
    assert_eq!(rows[0].user.as_deref(), Some("admin"));
    assert_eq!(rows[0].records, vec![format!("users/{}", svc.actor().id)]);
    assert!(!rows[0].origin.is_empty());
    assert_intact(&svc);
}

#[test]
fn changes_name_their_records_and_case() {
    let tmp = common::temp("audit-change");
    let mut svc = common::init_store(&tmp.path().join("data"));
    let made = common::populate(&mut svc);
    let before = log(&svc).len();
    let entry = svc
        .add_timeline_entry(NewEntry {
            case: made.case,
            at: None,
            kind: EntryKind::Note,
            text: "Rang the housing officer.".into(),
            corrects: None,
        })
        .expect("entry");
    let rows = since(&svc, before);
    assert_eq!(actions(&rows), vec![AuditAction::Change]);
    let change = &rows[0];
    assert_eq!(change.user.as_deref(), Some("admin"));
    assert!(
        change.records.contains(&format!("timeline/{entry}")),
        "{change:?}"
    );
    let reference = svc.case(made.case).expect("case").reference.to_string();
    assert_eq!(change.case.as_deref(), Some(reference.as_str()));
    assert!(change.detail.contains("written"), "{change:?}");
    assert_intact(&svc);
}

#[test]
fn views_are_recorded_with_the_case_or_person() {
    let tmp = common::temp("audit-view");
    let mut svc = common::init_store(&tmp.path().join("data"));
    let made = common::populate(&mut svc);
    let before = log(&svc).len();
    svc.view_case(made.case).expect("case");
    svc.view_person(made.amina).expect("person");
    let rows = since(&svc, before);
    assert_eq!(
        actions(&rows),
        vec![AuditAction::ViewCase, AuditAction::ViewPerson]
    );
    assert_eq!(rows[0].records, vec![format!("cases/{}", made.case)]);
    assert!(rows[0].case.as_deref().unwrap().starts_with("C-"));
    assert_eq!(rows[1].records, vec![format!("people/{}", made.amina)]);
    // Plain reads, which lists and updates make, are not views.
    svc.case(made.case).expect("case");
    svc.person(made.amina).expect("person");
    assert_eq!(log(&svc).len(), before + 2);
    assert_intact(&svc);
}

#[test]
fn events_that_change_nothing_are_recorded() {
    let tmp = common::temp("audit-events");
    let mut svc = common::init_store(&tmp.path().join("data"));
    common::populate(&mut svc);
    let before = log(&svc).len();
    svc.export().expect("export");
    svc.backup(&tmp.path().join("b.clb")).expect("backup");
    svc.check().expect("check");
    svc.reindex().expect("reindex");
    svc.audit_lock().expect("lock");
    svc.audit_unlock().expect("unlock");
    let rows = since(&svc, before);
    assert_eq!(
        actions(&rows),
        vec![
            AuditAction::Export,
            AuditAction::Backup,
            AuditAction::Check,
            AuditAction::Reindex,
            AuditAction::Lock,
            AuditAction::Unlock,
        ]
    );
    assert!(rows.iter().all(|r| r.user.as_deref() == Some("admin")));
    assert_eq!(rows[2].detail, "0 fault(s)");
    assert_intact(&svc);
}

#[test]
fn user_changes_and_failed_sign_ins_are_recorded() {
    let tmp = common::temp("audit-users");
    let dir = tmp.path().join("data");
    let svc = common::init_store(&dir);
    let id = svc
        .add_user(
            NewUser {
                login: "cas".into(),
                display_name: "Case Worker".into(),
                role: Role::Caseworker,
                centre: None,
            },
            "the caseworker's passphrase",
            KeyCost::CheapForTests,
        )
        .expect("user");
    let added = log(&svc).pop().expect("an entry");
    assert_eq!(added.action, AuditAction::UserChange);
    assert_eq!(added.records, vec![format!("users/{id}")]);
    assert!(added.detail.contains("caseworker"), "{added:?}");
    common::close(svc);

    for (login, _) in [(Some("cas"), 0), (Some("Mallory"), 1), (None, 2)] {
        let e =
            Caseline::open_with_clock(&dir, login, "not the passphrase", crate::common::clock())
                .unwrap_err();
        assert!(e.to_string().contains("passphrase is not right"), "{e}");
    }
    let svc = common::open_store(&dir);
    let rows = log(&svc);
    let failed: Vec<&AuditRow> = rows
        .iter()
        .filter(|r| r.action == AuditAction::SignInFailed)
        .collect();
    assert_eq!(failed.len(), 3, "{rows:#?}");
    assert!(failed.iter().all(|r| r.user.is_none()));
    let tried: Vec<Option<&str>> = failed.iter().map(|r| r.login_tried.as_deref()).collect();
    assert_eq!(tried, vec![Some("cas"), Some("(not a user)"), None]);
    assert_eq!(rows.last().unwrap().action, AuditAction::SignIn);
    assert_intact(&svc);
}

#[test]
fn import_and_restore_are_recorded_in_the_store_they_change() {
    let tmp = common::temp("audit-import");
    let mut svc = common::init_store(&tmp.path().join("a"));
    common::populate(&mut svc);
    let doc = svc.export().expect("export");
    let backup = tmp.path().join("a.clb");
    svc.backup(&backup).expect("backup");
    common::close(svc);

    let other = common::init_store(&tmp.path().join("b"));
    other.import(doc).expect("import");
    let import = log(&other).pop().expect("an entry");
    assert_eq!(import.action, AuditAction::Import);
    assert!(import.detail.contains("3 intake(s)"), "{import:?}");
    assert_intact(&other);
    common::close(other);

    let restored = tmp.path().join("c");
    let who = caseline::service::SignIn {
        login: None,
        secret: PASSPHRASE,
    };
    caseline::service::restore(&restored, &backup, false, who, &common::clock()).expect("restore");
    common::wait_released(&restored);
    let svc = common::open_store(&restored);
    let rows = log(&svc);
    let n = rows.len();
    // The backup holds the log as it was before its own entry; then come the restore's
    // sign-in, check and restore, then ours.
    assert_eq!(
        actions(&rows[n - 4..]),
        vec![
            AuditAction::SignIn,
            AuditAction::Check,
            AuditAction::Restore,
            AuditAction::SignIn,
        ]
    );
    assert_intact(&svc);
}

#[test]
fn two_threads_writing_keep_one_chain() {
    let tmp = common::temp("audit-threads");
    let mut svc = common::init_store(&tmp.path().join("data"));
    let made = common::populate(&mut svc);
    let before = log(&svc).len();
    std::thread::scope(|s| {
        for t in 0..2 {
            let svc = &svc;
            s.spawn(move || {
                for i in 0..20 {
                    if i % 2 == 0 {
                        svc.view_case(made.case).expect("view");
                    } else {
                        svc.add_timeline_entry(NewEntry {
                            case: made.case,
                            at: None,
                            kind: EntryKind::Note,
                            text: format!("Thread {t} note {i}"),
                            corrects: None,
                        })
                        .expect("entry");
                    }
                }
            });
        }
    });
    let rows = log(&svc);
    assert_eq!(rows.len(), before + 40);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.seq, i as u64 + 1);
    }
    assert_intact(&svc);
}

#[test]
fn a_caseworker_is_recorded_but_may_not_read_the_log() {
    let tmp = common::temp("audit-caseworker");
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    let made = common::populate(&mut svc);
    svc.add_user(
        NewUser {
            login: "cas".into(),
            display_name: "Case Worker".into(),
            role: Role::Caseworker,
            centre: None,
        },
        "the caseworker's passphrase",
        KeyCost::CheapForTests,
    )
    .expect("user");
    common::close(svc);

    let cas = Caseline::open_with_clock(
        &dir,
        Some("cas"),
        "the caseworker's passphrase",
        crate::common::clock(),
    )
    .expect("open");
    cas.view_case(made.case).expect("a caseworker reads cases");
    let refused = [
        cas.audit_log(&AuditQuery::default()).map(drop),
        cas.audit_anchor().map(drop),
        cas.verify_audit(None).map(drop),
    ];
    for r in refused {
        let e = r.unwrap_err();
        assert!(matches!(e, caseline::Error::NotPermitted(_)), "{e}");
        assert!(e.to_string().starts_with("not permitted"), "{e}");
    }
    common::close(cas);

    let svc = common::open_store(&dir);
    let rows = log(&svc);
    let n = rows.len();
    let by_cas: Vec<(Option<&str>, AuditAction)> = rows[n - 3..n - 1]
        .iter()
        .map(|r| (r.user.as_deref(), r.action))
        .collect();
    assert_eq!(
        by_cas,
        vec![
            (Some("cas"), AuditAction::SignIn),
            (Some("cas"), AuditAction::ViewCase)
        ]
    );
    assert_intact(&svc);
}
