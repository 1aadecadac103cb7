use std::collections::{HashMap, HashSet};

use chrono::{DateTime, TimeZone, Utc};

use super::generate;
use crate::domain::{CaseStatus, EntryKind, FollowUpState, Role, User, UserId};
use crate::service::{Caseline, ExportDocument, InitRequest, parse_document};

/// The moment every test here generates at: the data never depends on the day.
fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 15, 0).unwrap()
}

fn admin() -> User {
    User {
        id: UserId::new(),
        login: "admin".into(),
        display_name: "Demo Administrator".into(),
        role: Role::Administrator,
        centre: None,
        active: true,
        recovery: false,
        created_at: at(),
    }
}

/// Every record's own rules, as `section[index]: problems`.
fn problems(doc: &ExportDocument) -> Vec<String> {
    let mut out = Vec::new();
    let mut note = |section: &str, i: usize, p: crate::domain::Problems| {
        if !p.is_empty() {
            out.push(format!("{section}[{i}]: {p}"));
        }
    };
    doc.users
        .iter()
        .enumerate()
        .for_each(|(i, r)| note("users", i, r.validate()));
    doc.organisations
        .iter()
        .enumerate()
        .for_each(|(i, r)| note("organisations", i, r.validate()));
    doc.people
        .iter()
        .enumerate()
        .for_each(|(i, r)| note("people", i, r.validate()));
    doc.incidents
        .iter()
        .enumerate()
        .for_each(|(i, r)| note("incidents", i, r.validate()));
    doc.cases
        .iter()
        .enumerate()
        .for_each(|(i, r)| note("cases", i, r.validate()));
    doc.timeline
        .iter()
        .enumerate()
        .for_each(|(i, r)| note("timeline", i, r.validate()));
    doc.follow_ups
        .iter()
        .enumerate()
        .for_each(|(i, r)| note("follow_ups", i, r.validate()));
    doc.referrals
        .iter()
        .enumerate()
        .for_each(|(i, r)| note("referrals", i, r.validate()));
    out
}

#[test]
fn every_record_is_valid_and_the_document_round_trips() {
    let doc = generate(50, 1, &admin(), at());
    let found = problems(&doc);
    assert!(found.is_empty(), "{}", found.join("\n"));
    assert_eq!(doc.cases.len(), 50);
    let text = serde_json::to_string(&doc).unwrap();
    assert_eq!(parse_document(&text).unwrap(), doc);
}

#[test]
fn tiny_demos_are_valid_too() {
    for (cases, seed) in [(0, 0), (1, 1), (2, 2), (3, 99), (25, u64::MAX)] {
        let doc = generate(cases, seed, &admin(), at());
        assert_eq!(doc.cases.len(), cases);
        assert_eq!(doc.organisations.len(), 20);
        let found = problems(&doc);
        assert!(found.is_empty(), "{cases} cases: {}", found.join("\n"));
    }
}

#[test]
fn the_casework_has_a_realistic_shape() {
    let doc = generate(1000, 3, &admin(), at());
    assert!(problems(&doc).is_empty());
    let n = doc.cases.len() as f64;
    let mut per_case: HashMap<_, Vec<_>> = HashMap::new();
    for e in &doc.timeline {
        per_case.entry(e.case).or_default().push(e);
    }
    assert_eq!(per_case[&doc.cases[0].id].len(), 200);
    let average = doc.timeline.len() as f64 / n;
    assert!((4.0..7.0).contains(&average), "{average} entries a case");
    for entries in per_case.values() {
        assert!(matches!(
            entries[0].kind,
            EntryKind::StatusChange {
                from: None,
                to: CaseStatus::Open
            }
        ));
        assert!(entries.windows(2).all(|w| w[0].at <= w[1].at));
    }
    let follow_ups = doc.follow_ups.len() as f64 / n;
    assert!(
        (1.2..1.9).contains(&follow_ups),
        "{follow_ups} follow-ups a case"
    );
    assert!(
        doc.follow_ups
            .iter()
            .any(|f| matches!(f.state, FollowUpState::Done { .. }))
    );
    assert!(doc.follow_ups.iter().any(|f| f.is_open()));
    let referred: HashSet<_> = doc.referrals.iter().map(|r| r.case).collect();
    let share = referred.len() as f64 / n;
    assert!((0.12..0.28).contains(&share), "{share} of cases referred");
    assert_eq!(doc.organisations.len(), 200);
    assert_eq!(doc.users.len(), 7);
    for status in CaseStatus::ALL {
        assert!(
            doc.cases.iter().any(|c| c.status == status),
            "no {status:?} case"
        );
    }
    for c in doc.cases.iter().filter(|c| c.status.is_closed()) {
        assert!(c.closure.as_ref().is_some_and(|cl| cl.on >= c.opened_on));
    }
    let kinds: HashSet<_> = doc.cases.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(
        kinds.len(),
        crate::domain::ReferenceList::default_for(crate::domain::ListKind::CaseKind)
            .entries
            .len()
    );
    let refs: HashSet<_> = doc.cases.iter().map(|c| c.reference).collect();
    assert_eq!(refs.len(), doc.cases.len());
}

#[test]
fn names_come_from_many_scripts() {
    let doc = generate(300, 5, &admin(), at());
    let all: Vec<String> = doc
        .people
        .iter()
        .flat_map(|p| std::iter::once(p.display_name()).chain(p.other_names.iter().cloned()))
        .collect();
    let has = |range: std::ops::RangeInclusive<char>| {
        all.iter().any(|n| n.chars().any(|c| range.contains(&c)))
    };
    assert!(has('\u{0600}'..='\u{06FF}'), "Arabic script");
    assert!(has('\u{4E00}'..='\u{9FFF}'), "Chinese characters");
    assert!(has('\u{0980}'..='\u{09FF}'), "Bengali script");
    assert!(has('\u{0B80}'..='\u{0BFF}'), "Tamil script");
    assert!(
        all.iter()
            .any(|n| n.contains('ł') || n.contains('Ł') || n.contains('ó')),
        "Polish"
    );
    assert!(
        doc.people.iter().any(|p| p.family_name.is_none()),
        "single names"
    );
    assert!(
        doc.people.iter().any(|p| p.family_name_first),
        "family name first"
    );
    for p in &doc.people {
        if let Some(phone) = &p.contact.phone {
            assert!(
                phone.starts_with("07700 900") || phone.starts_with("020 7946 0"),
                "{phone}"
            );
        }
        if let Some(email) = &p.contact.email {
            assert!(
                email.ends_with("@example.org") || email.ends_with("@example.com"),
                "{email}"
            );
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_content() {
    let a = generate(40, 9, &admin(), at());
    let b = generate(40, 9, &admin(), at());
    let c = generate(40, 10, &admin(), at());
    let content = |d: &ExportDocument| {
        let cases: Vec<_> = d
            .cases
            .iter()
            .map(|c| (c.reference, c.kind.clone(), c.summary.clone(), c.status))
            .collect();
        let people: Vec<_> = d.people.iter().map(|p| p.display_name()).collect();
        let narratives: Vec<_> = d.incidents.iter().map(|i| i.narrative.clone()).collect();
        let entries: Vec<_> = d.timeline.iter().map(|e| e.text.clone()).collect();
        (cases, people, narratives, entries)
    };
    assert_eq!(content(&a), content(&b));
    assert_ne!(content(&a), content(&c));
}

#[test]
fn a_new_store_imports_the_demo_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, _recovery) = Caseline::init_with_clock(
        dir.path(),
        InitRequest {
            organisation: "Test Council".into(),
            admin_login: "admin".into(),
            admin_name: "Administrator".into(),
            passphrase: zeroize::Zeroizing::new("a long passphrase".into()),
            key_cost: crate::service::KeyCost::CheapForTests,
        },
        crate::domain::Clock::set_at(at()),
    )
    .unwrap();
    let doc = generate(200, 7, &svc.actor(), at());
    let expected = (
        doc.people.len(),
        doc.incidents.len(),
        doc.timeline.len(),
        doc.follow_ups.len(),
        doc.referrals.len(),
        doc.organisations.len(),
    );
    let summary = svc.import(doc).unwrap();
    assert!(summary.settings_taken);
    assert_eq!(summary.users_matched, vec!["admin".to_string()]);
    let report = svc.check().unwrap();
    assert!(
        report.is_clean(),
        "{:#?}",
        &report.faults[..report.faults.len().min(20)]
    );
    assert_eq!(svc.settings().organisation, super::DEMO_ORGANISATION);
    assert_eq!(svc.cases().count(), 200);
    let counts = (
        svc.people().count(),
        svc.incidents().count(),
        svc.timeline_entries().count(),
        svc.follow_ups().count(),
        svc.referrals().count(),
        svc.organisations().count(),
    );
    assert_eq!(counts, expected);
    // The administrator and recovery account of the store, and six colleagues.
    assert_eq!(svc.users().count(), 8);
}
