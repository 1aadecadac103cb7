//! An intake taken from a third-party reporting centre, through the form: the centre
//! chosen from the directory, its reference, the day and the consent level; an
//! anonymous one hides every detail of who the caller is. A centre's own login is
//! given its centre and no follow-up to set.

use caseline::domain::{CentreConsent, OrganisationId, Role};
use caseline::service::KeyCost;
use caseline::service::{NewOrganisation, NewUser};
use caseline::ui::testing::Harness;

use crate::tui_keys_support::temp;
use crate::tui_util::{close, close_service, init_store, service, unlock};

const CENTRE_PASS: &str = "saturday school desk passphrase";

fn add_centre(svc: &caseline::Caseline, name: &str) -> OrganisationId {
    svc.add_organisation(NewOrganisation {
        name: name.into(),
        kind: "community_group".into(),
        reporting_centre: true,
        ..NewOrganisation::default()
    })
    .unwrap()
}

/// A store with two reporting centres and a login for the Saturday school.
fn with_centres() -> (tempfile::TempDir, std::path::PathBuf, OrganisationId) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    let sps = add_centre(&svc, "Surbiton Polish Saturday School");
    add_centre(&svc, "Kingston Mosque Reporting Point");
    svc.add_user(
        NewUser {
            login: "sps".into(),
            display_name: "Saturday school desk".into(),
            role: Role::ReportingCentre,
            centre: Some(sps),
        },
        CENTRE_PASS,
        KeyCost::CheapForTests,
    )
    .unwrap();
    close_service(svc);
    (tmp, dir, sps)
}

/// The one intake in the store, read as the administrator.
fn the_intake(dir: &std::path::Path) -> caseline::domain::Incident {
    let svc = service(dir);
    let mut all: Vec<_> = svc.incidents().collect::<Result<_, _>>().unwrap();
    assert_eq!(all.len(), 1);
    close_service(svc);
    all.remove(0)
}

#[test]
fn a_report_from_a_centre_records_the_centre_its_reference_day_and_consent() {
    let (_tmp, dir, sps) = with_centres();
    let mut h = unlock(&dir);
    h.keys("<C-n><S-tab>thi<enter>sat<enter>SPS-31<tab>2 days ago<tab>int<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("Reporting centre               Surbiton Polish Saturday School"),
        "{screen}"
    );
    assert!(screen.contains("> Given name(s)"), "{screen}");
    snap!("intake_from_a_centre", screen);
    h.keys("Zofia<tab>Nowak<pagedown><pagedown>Abuse in Polish at the market.<C-s>");
    assert!(h.screen().contains("Intake saved"), "{}", h.screen());
    close(h);
    let i = the_intake(&dir);
    let r = i.channel.centre_report().expect("a centre's report");
    assert_eq!(r.centre, Some(sps));
    assert_eq!(r.reference.as_deref(), Some("SPS-31"));
    assert_eq!(
        r.reported_on,
        Some(caseline::ui::testing::test_clock().today() - chrono::Duration::days(2))
    );
    assert_eq!(r.consent, CentreConsent::IntelligenceOnly);
    assert!(!i.anonymous && i.identifies_someone());
}

#[test]
fn an_anonymous_centre_report_asks_nothing_about_who_they_are() {
    let (_tmp, dir, _sps) = with_centres();
    let mut h = unlock(&dir);
    h.keys("<C-n><S-tab>thi<enter>mosq<enter><tab><tab>anon<enter>");
    let screen = h.screen();
    for hidden in [
        "Given name(s)",
        "  Phone",
        "  Postcode  ",
        "Safe to call back",
        "  Email",
    ] {
        assert!(!screen.contains(hidden), "{hidden} is asked:\n{screen}");
    }
    snap!("intake_from_a_centre_anonymous", screen);
    h.keys("Shouted at outside the mosque.<C-s>");
    assert!(h.screen().contains("Intake saved"), "{}", h.screen());
    close(h);
    let i = the_intake(&dir);
    assert!(i.anonymous && !i.identifies_someone());
    assert_eq!(
        i.channel.centre_report().unwrap().consent,
        CentreConsent::Anonymous
    );
}

#[test]
fn a_centre_login_takes_reports_for_its_own_centre_only() {
    let (_tmp, dir, sps) = with_centres();
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("sps<tab>{CENTRE_PASS}<enter>"));
    let home = h.screen();
    assert!(home.contains("What do you want to do?"), "{home}");
    assert!(
        !home.contains("!"),
        "nothing refused on the way in:\n{home}"
    );
    h.keys("<C-n>");
    let screen = h.screen();
    assert!(!screen.contains("Caller "), "{screen}");
    assert!(screen.contains("> Centre's reference"), "{screen}");
    assert!(
        screen.contains(
            "Reporting centre               Surbiton Polish Saturday School (your centre)"
        ),
        "its centre is named, not asked:\n{screen}"
    );
    snap!("intake_centre_login", screen);
    h.keys("SPS-32<tab><tab>full<enter>Zofia<tab>Nowak<pagedown><pagedown>Spat at.<C-s>");
    assert!(h.screen().contains("Intake saved"), "{}", h.screen());
    close(h);
    let i = the_intake(&dir);
    assert_eq!(i.channel.centre_report().unwrap().centre, Some(sps));
}

/// A volunteer typing a caller on file out of their sight is told to ask a caseworker,
/// with nothing about who.
#[test]
fn a_volunteer_is_told_the_caller_may_be_on_file_and_nothing_more() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    crate::tui_util::record(
        &svc,
        crate::tui_util::caller("Amina", "Hassan", "07700 900123"),
        "bus stop on Clarence Street",
        "Spat at.",
    );
    svc.add_user(
        NewUser {
            login: "vic".into(),
            display_name: "Vic Volunteer".into(),
            role: Role::Volunteer,
            centre: None,
        },
        CENTRE_PASS,
        KeyCost::CheapForTests,
    )
    .unwrap();
    close_service(svc);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("vic<tab>{CENTRE_PASS}<enter>"));
    h.keys("<C-n>Amina<tab>Hassan<tab>07700 900123");
    h.run_matching();
    let screen = h.screen();
    assert!(
        screen.contains("This caller may already be on file: ask a caseworker"),
        "{screen}"
    );
    assert!(!screen.contains("Clarence"), "{screen}");
    snap!("intake_caller_elsewhere", screen);
    h.keys("<pagedown><pagedown>Spat at again.<C-s>");
    assert!(h.screen().contains("Intake saved"), "{}", h.screen());
    close(h);
    let svc = service(&dir);
    let marked = svc
        .incidents()
        .map(Result::unwrap)
        .filter(|i| i.possible_duplicate)
        .count();
    assert_eq!(marked, 1);
    close_service(svc);
}
