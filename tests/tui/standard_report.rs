//! The standard phone report from the domain brief, typed through the interface, and a
//! second call from the same caller, now on file: the keys each costs are counted.

use caseline::service::Caseline;
use caseline::ui::testing::Harness;

const PASS: &str = "correct horse battery";

/// Keys for the whole report. Everything outside `<...>` is the caller's words (or the
/// first letters of a list value) but the one-letter answers (`y`, `n`); the named keys
/// and the answers are what the form costs. A list left with letters typed takes the
/// match ("som" then page down ticks Somali).
const STANDARD_REPORT: &str = "<C-n>Amina<tab>Hassan<tab>07700 900123<tab>KT1 2AB<pagedown>\
yn<tab>weekday evenings<tab>eng<enter>som<pagedown>\
A man she did not know shouted racist and anti-Muslim abuse at her and spat at her.<tab>\
yesterday about 9pm<tab>bus stop on Clarence Street<pagedown>\
race<enter>rel<pagedown>a man she did not know<pagedown>\
cctv<tab>there may be CCTV on the bus<pagedown>n\
yn<pagedown>in 3 days<C-s>";
/// The one-letter answers in it: safe to call, voicemail; police; consent to keep,
/// to share with police.
const STANDARD_ANSWERS: usize = 5;

/// Amina calls again: the same man, today, at the same stop. She is found on file as
/// her name is typed; her details, safe-contact rules, languages and consents are
/// shown from her record, not asked again.
const SECOND_CALL: &str = "<C-n>Amina Hassan<C-l>\
The same man shouted at her again and followed her onto the bus.<tab>\
today about 8am<tab>bus stop on Clarence Street<pagedown>\
race<enter>rel<pagedown>the same man<pagedown>\
cctv<tab>the bus company may have CCTV<pagedown>n\
in 3 days<C-s>";
/// Police: not reported.
const SECOND_ANSWERS: usize = 1;

fn setup(dir: &std::path::Path) -> Harness {
    let mut h = Harness::new(dir, 80, 24);
    h.keys(&format!(
        "Kingston REC<enter>admin<enter>Asha Patel<enter>{PASS}<enter>{PASS}<enter>"
    ));
    let screen = h.screen();
    let key = screen
        .split_whitespace()
        .find(|w| w.len() == 39 && w.matches('-').count() == 7)
        .expect("the recovery key is shown")
        .to_string();
    h.keys(&format!("{}<enter>", &key[35..]));
    assert!(
        h.screen().contains("What do you want to do?"),
        "{}",
        h.screen()
    );
    h
}

/// Named keys in a key sequence: `<tab>`, `<C-s>` and the like.
fn named(keys: &str) -> usize {
    keys.matches('<').count()
}

#[test]
fn standard_report_is_recorded_in_few_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let mut h = setup(&dir);
    h.keys(STANDARD_REPORT);
    let screen = h.screen();
    assert!(screen.contains("Intake saved"), "{screen}");
    let first = named(STANDARD_REPORT) + STANDARD_ANSWERS;
    assert!(first <= 24, "the first call costs {first} keys");

    h.keys(SECOND_CALL);
    let screen = h.screen();
    assert!(screen.contains("Intake saved"), "{screen}");
    assert!(!screen.contains("new person"), "{screen}");
    let second = named(SECOND_CALL) + SECOND_ANSWERS;
    assert!(second <= 12, "the second call costs {second} keys");
    eprintln!("standard report: {first} keys; a second call from her: {second} keys");
    h.shut_down();
    drop(h);

    let svc =
        Caseline::open_with_clock(&dir, None, PASS, caseline::ui::testing::test_clock()).unwrap();
    let incidents: Vec<_> = svc.incidents().collect::<Result<_, _>>().unwrap();
    assert_eq!(incidents.len(), 2);
    let i = &incidents[0];
    assert_eq!(i.location, "bus stop on Clarence Street");
    assert!(i.time_approximate);
    assert_eq!(i.strands, vec!["race_or_ethnicity", "religion_or_belief"]);
    assert_eq!(i.evidence, vec!["cctv"]);
    assert_eq!(i.evidence_notes, "there may be CCTV on the bus");
    // No witness was named: none is recorded.
    assert_eq!(i.parties.len(), 2, "{:?}", i.parties);
    let people: Vec<_> = svc.people().collect::<Result<_, _>>().unwrap();
    assert_eq!(people.len(), 1, "the second call is added to her record");
    let person = &people[0];
    assert_eq!(person.display_name(), "Amina Hassan");
    assert_eq!(person.contact.postcode.as_deref(), Some("KT1 2AB"));
    assert_eq!(
        person.safe_contact.times.as_deref(),
        Some("weekday evenings")
    );
    assert!(person.consents.store.is_given());
    assert!(!person.consents.share_police.is_given());
    assert_eq!(person.languages, vec!["english", "somali"]);
    let second = &incidents[1];
    assert_eq!(
        second.people_in(caseline::domain::PartyRole::Victim).next(),
        Some(person.id)
    );
    assert_eq!(second.strands, incidents[0].strands);
    let follow_ups: Vec<_> = svc.follow_ups().collect::<Result<_, _>>().unwrap();
    assert_eq!(follow_ups.len(), 2);
    assert!(follow_ups.iter().all(|f| f.action == "Call back"));
    assert!(svc.check().unwrap().is_clean());
}
