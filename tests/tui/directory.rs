//! The directory screen driven by keys against a real store: one key from home, the
//! filter narrowing as it is typed (words and `day:` `lang:` facets), Enter opening an
//! organisation's card with its cases and consultations, adding an entry with a meeting
//! time the form checks, and logging a consultation past the limit only after the
//! worker says to. Snapshots at 80x24. The harness clock is Sunday 22 November 2026.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::Caseline;
use caseline::domain::{MeetingTime, OrganisationId};
use caseline::service::KeyCost;
use caseline::service::{LinkTo, LogConsultation, NewOrganisation, OrganisationRef};
use caseline::ui::testing::Harness;

fn group(svc: &Caseline, name: &str, kind: &str, langs: &[&str], meets: &str) -> OrganisationId {
    svc.add_organisation(NewOrganisation {
        name: name.into(),
        kind: kind.into(),
        communities: vec!["Chinese".into(), "older people".into()],
        services: vec!["advice".into(), "classes".into()],
        languages: langs.iter().map(|l| l.to_string()).collect(),
        meets: MeetingTime::parse_list(meets).unwrap(),
        contact_person: Some("Mei Ling Chan".into()),
        phone: Some("020 8546 0001".into()),
        ..NewOrganisation::default()
    })
    .expect("an organisation")
}

/// Four organisations; the Somali association consulted three times this autumn (the
/// limit), the Chinese centre linked to Mr Khan's case and consulted once.
fn with_groups() -> (tempfile::TempDir, std::path::PathBuf, Harness) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let case = khan(&svc);
    let centre = group(
        &svc,
        "Kingston Chinese Community Centre",
        "community_group",
        &["cantonese", "english"],
        "Sun 14:00-17:00",
    );
    group(
        &svc,
        "Surbiton Chinese Saturday Club",
        "community_group",
        &["cantonese"],
        "Sat 10:00-13:00",
    );
    let somali = group(
        &svc,
        "Tolworth Somali Association",
        "community_group",
        &["somali"],
        "Sun 10:00-12:00; Wed 19:00-21:00",
    );
    group(
        &svc,
        "Kingston Law Centre",
        "legal_adviser",
        &["english", "polish"],
        "Mon 09:00-17:00; Thu 09:00-17:00",
    );
    let consult = |id, days_ago: i64, topic: &str| {
        svc.log_consultation(LogConsultation {
            organisation: id,
            on: day(22) - chrono::Duration::days(days_ago),
            topic: topic.into(),
            despite_warning: false,
        })
        .expect("a consultation");
    };
    consult(somali, 40, "Views on the community safety plan");
    consult(somali, 20, "Venue for a community meeting");
    consult(somali, 3, "Hate crime awareness session for members");
    consult(centre, 10, "Interpreter for a client's meeting");
    svc.link_to_case(
        case,
        LinkTo::Organisation(OrganisationRef::Existing(centre)),
        "referred_to",
    )
    .expect("a link");
    close_service(svc);
    (tmp, dir.clone(), unlock_free(&dir))
}

/// The names the directory shows, in order.
fn names(h: &mut Harness) -> Vec<String> {
    let all = [
        "Kingston Chinese",
        "Surbiton Chinese",
        "Tolworth Somali",
        "Kingston Law",
    ];
    let screen = h.screen();
    screen
        .lines()
        .filter_map(|l| all.iter().find(|n| l.contains(*n)).map(|n| n.to_string()))
        .collect()
}

#[test]
fn the_filter_narrows_as_it_is_typed() {
    let (_tmp, _dir, mut h) = with_groups();
    let home = h.screen();
    assert!(home.contains("Directory"), "home offers it:\n{home}");
    h.keys("d");
    assert_eq!(h.app.top_title(), "Directory");
    assert_eq!(names(&mut h).len(), 4);
    snap!("directory_screen", h.screen());
    h.keys("day:sun");
    assert_eq!(names(&mut h), ["Kingston Chinese", "Tolworth Somali"]);
    h.keys(" lang:cant");
    assert_eq!(names(&mut h), ["Kingston Chinese"]);
    assert!(h.screen().contains("1 of 4"), "{}", h.screen());
    snap!("directory_filtered", h.screen());
    // Taking the language back off widens it again.
    h.keys("<backspace><backspace><backspace><backspace><backspace><backspace><backspace><backspace><backspace><backspace>");
    assert_eq!(names(&mut h), ["Kingston Chinese", "Tolworth Somali"]);
    // A facet it cannot read is said, and the words still filter.
    h.keys(" day:someday");
    assert!(h.screen().contains("! day: is one of"), "{}", h.screen());
    // Plain words look in names, kinds, languages and what they offer.
    let (_tmp2, _dir2, mut h) = with_groups();
    h.keys("<C-o>polish");
    assert_eq!(names(&mut h), ["Kingston Law"]);
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Home");
}

#[test]
fn enter_opens_the_card_with_cases_and_consultations() {
    let (_tmp, _dir, mut h) = with_groups();
    h.keys("dcommunity centre<enter>");
    assert_eq!(h.app.top_title(), "Organisation");
    let screen = h.screen();
    for part in [
        "Kingston Chinese Community Centre",
        "Sun 14:00–17:00",
        "Cases · 1",
        "C-2026-0001",
        "Consultations · 1",
        "Interpreter for a client's meeting",
    ] {
        assert!(screen.contains(part), "{part}:\n{screen}");
    }
    snap!("organisation_card", screen);
    h.keys("<enter>");
    assert!(
        h.app.top_title().starts_with("Case C-2026-0001"),
        "{}",
        h.app.top_title()
    );
    h.keys("<esc><esc>");
    assert_eq!(h.app.top_title(), "Directory");
    assert_eq!(names(&mut h), ["Kingston Chinese"], "the filter is kept");
}

#[test]
fn an_entry_is_added_with_its_meeting_time_checked() {
    let (_tmp, dir, mut h) = with_groups();
    h.keys("d<A-a>");
    assert_eq!(h.app.top_title(), "Add to the directory");
    snap!("directory_form", h.screen());
    h.keys("Chessington Tamil Welfare Association<tab>community<enter>");
    h.keys("Tamil; older people<tab>advice<tab>tam<enter><tab>Sun 14:00<C-s>");
    let screen = h.screen();
    assert!(
        screen.contains("needs a time range after the day"),
        "{screen}"
    );
    assert_eq!(h.app.top_title(), "Add to the directory");
    h.keys("-17:00<C-s>");
    assert_eq!(h.app.top_title(), "Directory");
    assert!(
        h.screen().contains("added to the directory"),
        "{}",
        h.screen()
    );
    assert!(h.screen().contains("Chessington Tamil"), "{}", h.screen());
    close(h);
    let svc = service_free(&dir);
    let added = svc
        .organisations()
        .map(Result::unwrap)
        .find(|o| o.name == "Chessington Tamil Welfare Association")
        .expect("saved");
    assert_eq!(added.languages, ["tamil"]);
    assert_eq!(added.communities, ["Tamil", "older people"]);
    assert_eq!(MeetingTime::list(&added.meets), "Sun 14:00–17:00");
}

#[test]
fn a_group_past_the_limit_is_logged_only_after_saying_so() {
    let (_tmp, dir, mut h) = with_groups();
    h.keys("dsomali<A-c>");
    assert_eq!(h.app.top_title(), "Log a consultation");
    let screen = h.screen();
    assert!(
        screen.contains("Consulted 3 time(s) in the last 90 days"),
        "{screen}"
    );
    assert!(screen.contains("! Over the limit"), "{screen}");
    snap!("consultation_form", screen);
    h.keys("<tab>Translation of a leaflet<C-s>");
    assert_eq!(h.app.top_title(), "Log a consultation", "not logged yet");
    assert!(
        h.screen().contains("choose yes to log it anyway"),
        "{}",
        h.screen()
    );
    h.keys("yes<enter>");
    assert_eq!(h.app.top_title(), "Directory");
    assert!(
        h.screen().contains("4 in the last 90 days"),
        "{}",
        h.screen()
    );
    close(h);
    let svc = service_free(&dir);
    let somali = svc
        .organisations()
        .map(Result::unwrap)
        .find(|o| o.name.starts_with("Tolworth"))
        .unwrap();
    assert_eq!(somali.consultations.len(), 4);
    assert_eq!(somali.consultations[3].topic, "Translation of a leaflet");
}

#[test]
fn an_entry_is_edited_from_the_card() {
    let (_tmp, dir, mut h) = with_groups();
    h.keys("dlaw<enter><A-e>");
    assert_eq!(h.app.top_title(), "Edit the directory entry");
    let screen = h.screen();
    let name = screen.lines().find(|l| l.contains("> Name"));
    assert!(
        name.is_some_and(|l| l.contains("Kingston Law Centre")),
        "{screen}"
    );
    // To the meeting times, which are replaced.
    h.keys("<tab><tab><tab><tab><tab>");
    assert!(h.screen().contains("> Meets"), "{}", h.screen());
    for _ in 0..40 {
        h.keys("<backspace>");
    }
    h.keys("Sat 10:00-12:00<C-s>");
    assert_eq!(h.app.top_title(), "Organisation");
    assert!(h.screen().contains("Sat 10:00–12:00"), "{}", h.screen());
    close(h);
    let svc = service_free(&dir);
    let law = svc
        .organisations()
        .map(Result::unwrap)
        .find(|o| o.name == "Kingston Law Centre")
        .unwrap();
    assert_eq!(MeetingTime::list(&law.meets), "Sat 10:00–12:00");
    assert_eq!(law.languages, ["english", "polish"], "the rest kept");
}

#[test]
fn a_volunteer_reads_the_directory_and_is_not_offered_changes() {
    let (_tmp, dir, h) = with_groups();
    close(h);
    let svc = service_free(&dir);
    let volunteer = caseline::service::NewUser {
        login: "vol".into(),
        display_name: "Grace Adeyemi".into(),
        role: caseline::domain::Role::Volunteer,
        centre: None,
    };
    let pass = "volunteer passphrase that is long";
    svc.add_user(volunteer, pass, KeyCost::CheapForTests)
        .unwrap();
    close_service(svc);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("vol<tab>{pass}<enter>"));
    h.keys("d");
    assert_eq!(h.app.top_title(), "Directory");
    assert_eq!(names(&mut h).len(), 4);
    let hints = h.screen().lines().last().unwrap_or_default().to_string();
    assert!(!hints.contains("add"), "{hints}");
    h.keys("<A-a>");
    assert_eq!(h.app.top_title(), "Directory");
    assert!(
        h.screen()
            .contains("changed by caseworkers and administrators"),
        "{}",
        h.screen()
    );
}

#[test]
fn help_in_the_directory_lists_its_keys() {
    let (_tmp, _dir, mut h) = with_groups();
    h.keys("d<F1>");
    assert_eq!(h.app.top_title(), "Help");
    let screen = h.screen();
    for part in [
        "In the directory",
        "A-a         add an organisation or group to the directory",
        "A-c         log that the selected group was consulted",
    ] {
        assert!(screen.contains(part), "{part}:\n{screen}");
    }
}
