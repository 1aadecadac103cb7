//! The standard phone report from the domain brief, typed through the interface.

use caseline::service::Caseline;
use caseline::ui::testing::Harness;

const PASS: &str = "correct horse battery";

/// Keys for the whole report. Everything outside `<...>` is the caller's words (or the
/// first letters of a list value); the named keys are what the form costs.
const STANDARD_REPORT: &str = "<C-n><tab>Amina<tab>Hassan<tab>07700 900123<tab>KT1 2AB<pagedown>\
yn<tab>weekday evenings<tab>eng<enter>som<enter><pagedown>\
A man she did not know shouted racist and anti-Muslim abuse at her and spat at her.<tab>\
yesterday about 9pm<tab>bus stop on Clarence Street<pagedown>\
race<enter>rel<enter><pagedown>a man she did not know<pagedown>none she knows of<pagedown>\
cctv<enter><tab>there may be CCTV on the bus<pagedown>n\
yn<pagedown>in 3 days<C-s>";

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

#[test]
fn standard_report_is_recorded_in_few_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let mut h = setup(&dir);
    h.keys(STANDARD_REPORT);
    let screen = h.screen();
    assert!(screen.contains("Intake saved"), "{screen}");
    let named = STANDARD_REPORT.matches('<').count();
    let letters_for_lists = ["eng", "som", "race", "rel", "cctv"]
        .iter()
        .map(|w| w.len())
        .sum::<usize>();
    let answers = 5; // y n n y n
    assert!(
        named + answers <= 40,
        "{named} named keys and {answers} answers"
    );
    eprintln!(
        "standard report: {named} named keys + {answers} one-letter answers (+{letters_for_lists} letters filtering lists)"
    );
    h.shut_down();
    drop(h);

    let svc =
        Caseline::open_with_clock(&dir, None, PASS, caseline::ui::testing::test_clock()).unwrap();
    let incidents: Vec<_> = svc.incidents().collect::<Result<_, _>>().unwrap();
    assert_eq!(incidents.len(), 1);
    let i = &incidents[0];
    assert_eq!(i.location, "bus stop on Clarence Street");
    assert!(i.time_approximate);
    assert_eq!(i.strands, vec!["race_or_ethnicity", "religion_or_belief"]);
    let person = svc.people().next().unwrap().unwrap();
    assert_eq!(person.display_name(), "Amina Hassan");
    assert_eq!(person.contact.postcode.as_deref(), Some("KT1 2AB"));
    assert!(person.consents.store.is_given());
    assert!(!person.consents.share_police.is_given());
    assert_eq!(person.languages, vec!["english", "somali"]);
    let follow = svc.follow_ups().next().unwrap().unwrap();
    assert_eq!(follow.action, "Call back");
    assert!(svc.check().unwrap().is_clean());
}
