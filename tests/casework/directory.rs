//! The directory of organisations as a caller sees it: caseworkers and administrators
//! add and edit, volunteers only read; consultations warn past the administrator's
//! limit until the worker says to log anyway; the filter answers "who meets on a
//! Sunday and speaks Cantonese"; an organisation's card lists its cases, referrals and
//! consultations.

use caseline::Caseline;
use caseline::Error;
use caseline::domain::{MeetingTime, Role};
use caseline::service::KeyCost;
use caseline::service::views::DirectoryFilter;
use caseline::service::{ConsultationLogged, LogConsultation, NewOrganisation, NewUser};

use crate::common::{self, today};
use crate::service_rules_support::{assert_invalid, store};

fn group(name: &str, languages: &[&str], meets: &str) -> NewOrganisation {
    NewOrganisation {
        name: name.into(),
        kind: "community_group".into(),
        communities: vec!["Chinese".into()],
        services: vec!["advice".into(), "classes".into()],
        languages: languages.iter().map(|l| l.to_string()).collect(),
        meets: MeetingTime::parse_list(meets).unwrap(),
        ..NewOrganisation::default()
    }
}

/// The passphrase the test gives the user of `role`.
fn passphrase(role: Role) -> String {
    format!("{role} passphrase that is long")
}

/// Adds a caseworker and a volunteer, each with their role's name as login.
fn add_workers(admin: &Caseline) {
    for role in [Role::Caseworker, Role::Volunteer] {
        let user = NewUser {
            login: role.to_string(),
            display_name: format!("A {role}"),
            role,
            centre: None,
        };
        admin
            .add_user(user, &passphrase(role), KeyCost::CheapForTests)
            .unwrap();
    }
}

fn sign_in_as(dir: &std::path::Path, role: Role) -> Caseline {
    let login = role.to_string();
    Caseline::open_with_clock(dir, Some(&login), &passphrase(role), common::clock()).unwrap()
}

#[test]
fn caseworkers_add_and_edit_and_volunteers_only_read() {
    let (tmp, admin) = store();
    let dir = tmp.path().join("data");
    let id = admin
        .add_organisation(group(
            "Kingston Chinese Centre",
            &["cantonese"],
            "Sun 14:00-17:00",
        ))
        .unwrap();
    add_workers(&admin);
    admin.close().unwrap();
    let cas = sign_in_as(&dir, Role::Caseworker);
    let mut edited = group(
        "Kingston Chinese Community Centre",
        &["cantonese", "mandarin"],
        "Sat 10:00-12:00; Sun 14:00-17:00",
    );
    edited.email = Some("info@kccc.example.org".into());
    cas.edit_organisation(id, edited).unwrap();
    let org = cas.organisation(id).unwrap();
    assert_eq!(org.name, "Kingston Chinese Community Centre");
    assert_eq!(
        MeetingTime::list(&org.meets),
        "Sat 10:00–12:00, Sun 14:00–17:00"
    );
    let mut bad = group("Kingston Chinese Community Centre", &["cantonese"], "");
    bad.email = Some("not an email".into());
    assert_invalid(cas.edit_organisation(id, bad).unwrap_err(), "email");
    assert_eq!(
        cas.organisation(id).unwrap().email.as_deref(),
        Some("info@kccc.example.org")
    );
    cas.close().unwrap();
    let vol = sign_in_as(&dir, Role::Volunteer);
    let refused = [
        vol.add_organisation(group("Another", &[], "")).map(|_| ()),
        vol.edit_organisation(id, group("Renamed", &[], "")),
        vol.log_consultation(LogConsultation {
            organisation: id,
            on: today(),
            topic: "Venue".into(),
            despite_warning: false,
        })
        .map(|_| ()),
        vol.import_directory_csv(b"name,kind\nA group,community_group\n")
            .map(|_| ()),
    ];
    for r in refused {
        assert!(matches!(r, Err(Error::NotPermitted(_))), "{r:?}");
    }
    let rows = vol.directory(&DirectoryFilter::default()).unwrap();
    assert_eq!(rows.len(), 1, "a volunteer reads the directory");
    assert_eq!(
        vol.organisation(id).unwrap().name,
        "Kingston Chinese Community Centre"
    );
}

#[test]
fn logging_past_the_limit_warns_and_writes_nothing_until_confirmed() {
    let (_tmp, svc) = store();
    let id = svc
        .add_organisation(group("Somali Association", &["somali"], "Sun 14:00-17:00"))
        .unwrap();
    let log = |despite_warning| {
        svc.log_consultation(LogConsultation {
            organisation: id,
            on: today(),
            topic: "Views on the community safety plan".into(),
            despite_warning,
        })
        .unwrap()
    };
    for n in 1..=3 {
        assert_eq!(log(false), ConsultationLogged::Logged { lately: n });
    }
    let audit_before = svc.audit_anchor().unwrap();
    assert_eq!(
        log(false),
        ConsultationLogged::Overloaded {
            lately: 3,
            limit: 3
        }
    );
    assert_eq!(svc.organisation(id).unwrap().consultations.len(), 3);
    assert_eq!(
        svc.audit_anchor().unwrap(),
        audit_before,
        "a warning writes nothing"
    );
    assert_eq!(log(true), ConsultationLogged::Logged { lately: 4 });
    svc.set_consultation_limit(10).unwrap();
    assert_eq!(log(false), ConsultationLogged::Logged { lately: 5 });
    let e = svc
        .log_consultation(LogConsultation {
            organisation: id,
            on: today() + chrono::Duration::days(1),
            topic: "Later".into(),
            despite_warning: false,
        })
        .unwrap_err();
    assert_invalid(e, "on");
    assert_invalid(
        svc.set_consultation_limit(0).unwrap_err(),
        "consultation_limit",
    );
}

#[test]
fn the_filter_finds_who_meets_on_a_sunday_and_speaks_cantonese() {
    let (_tmp, svc) = store();
    for (name, langs, meets) in [
        (
            "Kingston Chinese Community Centre",
            &["cantonese"][..],
            "Sun 14:00-17:00",
        ),
        (
            "Surbiton Chinese Saturday Club",
            &["cantonese"][..],
            "Sat 10:00-13:00",
        ),
        (
            "Tolworth Somali Association",
            &["somali"][..],
            "Sun 10:00-12:00",
        ),
    ] {
        svc.add_organisation(group(name, langs, meets)).unwrap();
    }
    let names = |text: &str| -> Vec<String> {
        let (filter, problem) = DirectoryFilter::parse(text);
        assert_eq!(problem, None, "{text}");
        svc.directory(&filter)
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    assert_eq!(
        names("day:sun lang:cantonese"),
        ["Kingston Chinese Community Centre"]
    );
    assert_eq!(
        names("day:sunday"),
        [
            "Kingston Chinese Community Centre",
            "Tolworth Somali Association"
        ]
    );
    assert_eq!(
        names("club does:classes"),
        ["Surbiton Chinese Saturday Club"]
    );
    assert_eq!(names("somali"), ["Tolworth Somali Association"]);
    assert!(names("kind:police").is_empty());
}

#[test]
fn an_organisations_card_lists_its_cases_referrals_and_consultations() {
    let tmp = common::temp("card");
    let mut svc = common::init_store(&tmp.path().join("data"));
    let populated = common::populate(&mut svc);
    let id = populated.organisation;
    svc.log_consultation(LogConsultation {
        organisation: id,
        on: today() - chrono::Duration::days(10),
        topic: "Interpreter for a client's meeting".into(),
        despite_warning: false,
    })
    .unwrap();
    let card = svc.organisation_card(id).unwrap();
    assert!(!card.cases.is_empty(), "the case it is linked to");
    assert_eq!(card.referrals.len(), 1);
    assert_eq!(card.referrals[0].status, "sent");
    assert_eq!(card.consultations.len(), 1);
    assert_eq!(
        card.consultations[0].topic,
        "Interpreter for a client's meeting"
    );
    assert!(!card.consultations[0].by.is_empty());
    assert_eq!((card.consulted_lately, card.consultation_limit), (1, 3));
}

/// The directory is read whole once and kept: every change to an organisation, to the
/// reference lists its labels come from, or a spreadsheet loaded, shows at the next
/// read, in this session and another on the same store.
#[test]
fn the_kept_directory_follows_every_change() {
    let (_tmp, svc) = store();
    let names = |svc: &Caseline| -> Vec<String> {
        let rows = svc.directory(&DirectoryFilter::default()).unwrap();
        rows.into_iter().map(|r| r.name).collect()
    };
    assert!(names(&svc).is_empty());
    let id = svc
        .add_organisation(group("Tolworth Mosque", &["arabic"], "Fri 14:30-16:30"))
        .unwrap();
    assert_eq!(names(&svc), ["Tolworth Mosque"]);
    svc.edit_organisation(id, group("Tolworth Masjid", &["arabic"], ""))
        .unwrap();
    assert_eq!(names(&svc), ["Tolworth Masjid"]);
    svc.log_consultation(LogConsultation {
        organisation: id,
        on: common::today(),
        topic: "Iftar safety".into(),
        despite_warning: false,
    })
    .unwrap();
    let row = &svc.directory(&DirectoryFilter::default()).unwrap()[0];
    assert_eq!(row.consulted_lately, 1);
    svc.import_directory_csv(b"name,kind\nSurbiton Chinese Club,Community group\n")
        .unwrap();
    assert_eq!(names(&svc), ["Surbiton Chinese Club", "Tolworth Masjid"]);
    svc.add_reference_value(caseline::domain::ListKind::AgencyKind, "Mosque", None, None)
        .unwrap();
    svc.edit_organisation(
        id,
        NewOrganisation {
            kind: "mosque".into(),
            ..group("Tolworth Masjid", &["arabic"], "")
        },
    )
    .unwrap();
    let rows = svc.directory(&DirectoryFilter::default()).unwrap();
    assert_eq!(rows[1].kind, "Mosque");
}

/// Two sessions on one engine share the kept directory: what one changes, the other
/// reads at once.
#[test]
fn another_sessions_change_shows_in_the_kept_directory() {
    let (tmp, svc) = store();
    common::close(svc);
    let dir = tmp.path().join("data");
    common::wait_released(&dir);
    let engine = caseline::service::Engine::open(&dir, common::clock()).unwrap();
    let stamp = |os: &str| caseline::domain::Stamp {
        who: None,
        origin: "pts/1".into(),
        os_user: Some(os.into()),
    };
    let reader = engine
        .sign_in(Some("admin"), common::PASSPHRASE, stamp("sam"))
        .unwrap();
    let writer = engine
        .sign_in(Some("admin"), common::PASSPHRASE, stamp("kim"))
        .unwrap();
    let count = |svc: &Caseline| svc.directory(&DirectoryFilter::default()).unwrap().len();
    assert_eq!(count(&reader), 0);
    writer
        .add_organisation(group("Hook Youth Centre", &[], ""))
        .unwrap();
    assert_eq!(count(&reader), 1);
    drop((writer, reader, engine));
}
