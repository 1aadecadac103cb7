//! Letters from a case, seen from a caller of the service: the facts of the case go in
//! (client, recipient, reference, dates, a chronology in date order), a missing field
//! is named and can be filled by hand, the client's safe-contact rules are kept, a
//! sent letter is fixed, and a broken template is refused with its line.

use std::collections::BTreeMap;

use crate::casework_support::{assert_clean, assert_conflict, assert_invalid, store};
use crate::common::{intake, person};
use caseline::Caseline;
use caseline::Error;
use caseline::domain::{Answer, CaseId, EntryKind, LetterStatus, OrganisationId, TimelineId};
use caseline::service::{
    LetterDraft, LinkTo, NewEntry, NewOrganisation, NewTemplate, OpenCase, OrganisationRef,
};
use chrono::{Duration, NaiveDate};

/// The client's name: Arabic script, and a Latin name with a combining accent.
const CLIENT: &str = "ليلى";
const FAMILY: &str = "Jose\u{301}";

struct Letterable {
    case: CaseId,
    employer: OrganisationId,
    entries: Vec<TimelineId>,
}

/// A case whose client may be written to (or not), with an employer linked and two
/// notes on its timeline, the later one written first.
fn case_with_employer(svc: &Caseline, write: Answer, address: Option<&str>) -> Letterable {
    let mut client = person(CLIENT, Some(FAMILY));
    client.safe_contact.write = write;
    client.contact.address = Some("4 Fairfield Road, Kingston".into());
    client.contact.postcode = Some("KT1 2PY".into());
    let incident = svc
        .record_intake(intake(client, "Called names at work by a manager."))
        .unwrap()
        .incident;
    let case = svc
        .open_case(OpenCase {
            kind: "employment".into(),
            incidents: vec![incident],
            summary: "Race discrimination at work.".into(),
            act_complained_of: Some(d(2026, 9, 14)),
            ..OpenCase::default()
        })
        .unwrap()
        .id;
    let employer = svc
        .add_organisation(NewOrganisation {
            name: "Riverside Logistics Ltd".into(),
            kind: "employer".into(),
            address: address.map(String::from),
            contact_person: Some("Ms P Okafor, HR Manager".into()),
            ..NewOrganisation::default()
        })
        .unwrap();
    let to = LinkTo::Organisation(OrganisationRef::Existing(employer));
    svc.link_to_case(case, to, "employer").unwrap();
    let now = svc.clock().now();
    let mut entries = Vec::new();
    for (days_ago, text) in [
        (3, "Raised it with the manager."),
        (40, "First remark made."),
    ] {
        let e = NewEntry {
            case,
            at: Some(now - Duration::days(days_ago)),
            kind: EntryKind::Note,
            text: text.into(),
            corrects: None,
        };
        entries.push(svc.add_timeline_entry(e).unwrap());
    }
    Letterable {
        case,
        employer,
        entries,
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn draft(l: &Letterable, template: &str) -> LetterDraft {
    LetterDraft {
        case: l.case,
        template: template.into(),
        recipient: l.employer,
        entries: l.entries.clone(),
        ..LetterDraft::default()
    }
}

fn letter_refusal(e: Error) -> String {
    match e {
        Error::Letter(m) => m,
        other => panic!("expected a letter refusal, got {other:?}"),
    }
}

#[test]
fn a_grievance_letter_carries_the_case_and_its_chronology_in_date_order() {
    let (_tmp, svc) = store();
    let l = case_with_employer(&svc, Answer::Yes, Some("Unit 3, Hook Rise, Surbiton"));
    let view = svc
        .preview_letter(&draft(&l, "employer-grievance"))
        .unwrap();
    let doc = &view.document;
    assert_eq!(
        doc.recipient,
        ["Riverside Logistics Ltd", "Unit 3", "Hook Rise", "Surbiton"]
    );
    let body = &doc.body;
    assert!(body.contains("Dear Ms P Okafor, HR Manager,"), "{body}");
    assert!(body.contains(&format!("{CLIENT} {FAMILY}")), "{body}");
    assert!(body.contains("14 September 2026"), "{body}");
    let first = body.find("First remark made.").expect("the older entry");
    let later = body
        .find("Raised it with the manager.")
        .expect("the newer entry");
    assert!(first < later, "the chronology is in date order:\n{body}");
    assert!(doc.references[0].contains("C-2026-"));
    // With no letterhead set, the organisation's name heads the letter.
    assert_eq!(doc.letterhead, [svc.settings().organisation.clone()]);
}

#[test]
fn a_kept_letter_is_on_the_timeline_and_once_sent_is_never_changed() {
    let (_tmp, svc) = store();
    let l = case_with_employer(&svc, Answer::Yes, Some("Unit 3, Hook Rise, Surbiton"));
    let mut edited = draft(&l, "employer-grievance");
    edited.body = Some("Dear Ms Okafor,\n\nOur own words.".into());
    let id = svc.save_letter(&edited, None).unwrap();
    let kept = svc.letter(id).unwrap();
    assert_eq!(kept.document.body, "Dear Ms Okafor,\n\nOur own words.");
    let timeline = svc.timeline(l.case).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.kind == EntryKind::LetterDrafted { letter: id })
    );
    // A draft may still change.
    svc.save_letter(&draft(&l, "employer-grievance"), Some(id))
        .unwrap();
    let today = svc.clock().today();
    svc.mark_letter_sent(id, today).unwrap();
    let sent = svc.letter(id).unwrap().letter.unwrap();
    assert_eq!(sent.status, LetterStatus::Sent { on: today });
    assert!(svc.timeline(l.case).unwrap().iter().any(|e| matches!(
        e.kind,
        EntryKind::Letter { letter: Some(x), .. } if x == id
    )));
    assert_conflict(svc.save_letter(&draft(&l, "appeal"), Some(id)).unwrap_err());
    assert_conflict(svc.mark_letter_sent(id, today).unwrap_err());
    // What follows a sent letter is a new one.
    let mut next = draft(&l, "appeal");
    next.follows = Some(id);
    let second = svc.save_letter(&next, None).unwrap();
    assert_ne!(second, id);
    assert_eq!(svc.letters_of(l.case).unwrap().len(), 2);
    assert_clean(&svc);
}

#[test]
fn a_missing_address_is_named_and_can_be_filled_by_hand() {
    let (_tmp, svc) = store();
    let l = case_with_employer(&svc, Answer::Yes, None);
    let m = letter_refusal(
        svc.preview_letter(&draft(&l, "employer-grievance"))
            .unwrap_err(),
    );
    assert!(m.contains("the employer's address is not on file"), "{m}");
    let mut filled = draft(&l, "employer-grievance");
    filled.filled = BTreeMap::from([(
        "recipient.address".to_string(),
        "1 Canbury Park Road, Kingston".to_string(),
    )]);
    let view = svc.preview_letter(&filled).unwrap();
    assert_eq!(view.document.recipient[1], "1 Canbury Park Road");
    // A field no letter has is refused by name, not silently ignored.
    filled.filled.insert("recipient.adress".into(), "x".into());
    let m = letter_refusal(svc.preview_letter(&filled).unwrap_err());
    assert!(m.contains("recipient.adress"), "{m}");
}

#[test]
fn the_clients_safe_contact_rules_keep_their_address_out_of_letters() {
    let (_tmp, svc) = store();
    let l = case_with_employer(&svc, Answer::No, Some("Unit 3, Hook Rise, Surbiton"));
    // A template that puts the client's address in the letter is refused, even with
    // the address typed by hand.
    for filled in [
        BTreeMap::new(),
        BTreeMap::from([("client.address".into(), "x".into())]),
    ] {
        let mut req = draft(&l, "referral");
        req.filled = filled;
        let m = letter_refusal(svc.preview_letter(&req).unwrap_err());
        assert!(m.contains("not safe to write to them"), "{m}");
        assert!(!m.contains("Fairfield"), "{m}");
    }
    // One that does not use it is made.
    svc.preview_letter(&draft(&l, "employer-grievance"))
        .unwrap();
    let unknown = case_with_employer(&svc, Answer::Unknown, Some("Unit 3, Surbiton"));
    let m = letter_refusal(
        svc.preview_letter(&draft(&unknown, "referral"))
            .unwrap_err(),
    );
    assert!(m.contains("safe contact"), "{m}");
}

#[test]
fn a_broken_template_is_refused_naming_its_line_and_nothing_is_saved() {
    let (_tmp, svc) = store();
    let before = svc.templates().unwrap().len();
    let cases = [
        (
            "Dear {{ recipient.greeting }},\n\n{{ recipient.nmae }}",
            "line 3",
        ),
        ("Dear {{ recipient.greeting }},\n{% for x in %}", "line 2"),
        (
            "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}x{% endfor %}{% endfor %}{% endfor %}",
            "too long",
        ),
        ("{% include 'other' %}", "include"),
    ];
    for (body, said) in cases {
        let e = svc
            .add_template(NewTemplate {
                name: "chaser".into(),
                title: None,
                body: body.into(),
            })
            .unwrap_err();
        let text = e.to_string();
        assert!(text.contains("template \"chaser\""), "{text}");
        assert!(text.contains(said), "{said}: {text}");
        assert_invalid(e, "body");
    }
    assert_eq!(svc.templates().unwrap().len(), before);
}

#[test]
fn administrators_add_and_edit_templates_and_names_are_unique() {
    let (_tmp, svc) = store();
    let l = case_with_employer(&svc, Answer::Yes, Some("Unit 3, Hook Rise, Surbiton"));
    let chaser = NewTemplate {
        name: "chaser".into(),
        title: Some("A reminder".into()),
        body: "Dear {{ recipient.greeting }},\n\nWe wrote about {{ case.reference }}.".into(),
    };
    svc.add_template(chaser.clone()).unwrap();
    assert_conflict(svc.add_template(chaser).unwrap_err());
    let view = svc.preview_letter(&draft(&l, "chaser")).unwrap();
    assert!(view.document.body.starts_with("Dear Ms P Okafor"));
    // Editing a built-in template stores a copy that stands in for it.
    svc.edit_template(NewTemplate {
        name: "appeal".into(),
        title: None,
        body: "Dear {{ recipient.greeting }},\n\nWe appeal.".into(),
    })
    .unwrap();
    let appeal = svc.template("appeal").unwrap();
    assert_eq!(appeal.title, "Appeal against a decision");
    assert!(appeal.body.ends_with("We appeal."));
    let names: Vec<String> = svc
        .templates()
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names.iter().filter(|n| *n == "appeal").count(), 1);
    assert!(names.contains(&"chaser".to_string()));
    assert_clean(&svc);
}

#[test]
fn a_cases_letters_come_in_one_view_newest_first_and_a_sent_one_stays_as_sent() {
    let (_tmp, svc) = store();
    let l = case_with_employer(&svc, Answer::Yes, Some("Unit 3, Hook Rise, Surbiton"));
    let first = svc
        .save_letter(&draft(&l, "employer-grievance"), None)
        .unwrap();
    // Sent the day it was drafted; the next letter is written a day later.
    let sent_on = svc.clock().today();
    svc.clock().advance(Duration::days(1));
    svc.mark_letter_sent(first, sent_on).unwrap();
    let mut chaser = draft(&l, "appeal");
    chaser.follows = Some(first);
    let second = svc.save_letter(&chaser, None).unwrap();
    let view = svc.case_letters(l.case).unwrap();
    assert_eq!(view.case, l.case);
    let rows: Vec<_> = view
        .rows
        .iter()
        .map(|r| (r.id, r.template.as_str(), r.status, r.on))
        .collect();
    let today = svc.clock().today();
    assert_eq!(
        rows,
        [
            (second, "appeal", LetterStatus::Drafted, today),
            (
                first,
                "employer-grievance",
                LetterStatus::Sent { on: sent_on },
                sent_on
            ),
        ]
    );
    assert_eq!(view.rows[1].title, "Grievance to an employer");
    // Changing the sent letter, with its own words or the template's, is refused and
    // leaves it as it was.
    let before = svc.letter(first).unwrap().letter.unwrap();
    assert_eq!(view.rows[1].recipient, before.addressed_to[0]);
    assert!(!view.rows[1].recipient.is_empty());
    let mut words = draft(&l, "employer-grievance");
    words.body = Some("Other words.".into());
    assert_conflict(svc.save_letter(&words, Some(first)).unwrap_err());
    assert_conflict(svc.mark_letter_sent(first, today).unwrap_err());
    assert_eq!(svc.letter(first).unwrap().letter.unwrap(), before);
    assert_clean(&svc);
}

#[test]
fn a_template_name_is_the_same_name_however_it_is_spaced() {
    let (_tmp, svc) = store();
    let body = "Dear {{ recipient.greeting }},\n\nOur words.";
    let named = |name: &str| NewTemplate {
        name: name.into(),
        title: None,
        body: body.into(),
    };
    svc.add_template(named("mine ")).unwrap();
    assert_conflict(svc.add_template(named("mine ")).unwrap_err());
    assert_conflict(svc.add_template(named(" mine")).unwrap_err());
    // A built-in template is not replaced by adding one with spaces around its name.
    assert_conflict(svc.add_template(named("appeal ")).unwrap_err());
    assert_eq!(
        svc.template("appeal").unwrap().title,
        "Appeal against a decision"
    );
    // Editing by a spaced name edits the one template.
    svc.edit_template(named(" mine "))
        .expect("the template `mine`");
    assert_invalid(svc.add_template(named("   ")).unwrap_err(), "name");
    let names: Vec<String> = svc
        .templates()
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(
        names.iter().filter(|n| *n == "mine").count(),
        1,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| *n == "appeal").count(),
        1,
        "{names:?}"
    );
    assert_clean(&svc);
}

#[test]
fn a_letter_is_not_sent_before_the_london_day_it_was_drafted() {
    let (_tmp, svc) = store();
    let l = case_with_employer(&svc, Answer::Yes, Some("Unit 3, Hook Rise, Surbiton"));
    // Drafted at half past midnight in London on 1 July: still 30 June in UTC.
    svc.clock()
        .set_local(d(2027, 7, 1).and_hms_opt(0, 30, 0).unwrap());
    let id = svc.save_letter(&draft(&l, "appeal"), None).unwrap();
    svc.clock().advance(Duration::days(3));
    let e = svc.mark_letter_sent(id, d(2027, 6, 30)).unwrap_err();
    assert!(e.to_string().contains("before it was drafted"), "{e}");
    assert_conflict(e);
    assert!(!svc.letter(id).unwrap().letter.unwrap().is_sent());
    svc.mark_letter_sent(id, d(2027, 7, 1)).unwrap();
    assert_clean(&svc);
}
