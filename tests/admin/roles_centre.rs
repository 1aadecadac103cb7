//! A reporting centre's login: it records intakes for its own centre and reads only the
//! reports its centre made; every other operation in the role table is refused, and so
//! is a report for another centre or for no centre.

use crate::common::{self, person};
use crate::roles_access::ops;
use crate::roles_support::{Setup, passphrase_of, setup};
use caseline::Caseline;
use caseline::Error;
use caseline::domain::{
    CentreConsent, CentreReport, Channel, OrganisationId, PartyRole, Role, UserId,
};
use caseline::service::KeyCost;
use caseline::service::{IntakeRequest, NewOrganisation, NewParty, NewUser, PersonRef};

/// A second reporting centre, and a login for the first (the populated store's
/// Saturday school, whose report of Wang's shop is already on file).
struct Centres {
    other: OrganisationId,
    login: UserId,
}

fn add_centres(f: &Setup) -> Centres {
    let admin = f.open("admin");
    let other = admin
        .add_organisation(NewOrganisation {
            name: "Kingston Mosque Reporting Point".into(),
            kind: "community_group".into(),
            reporting_centre: true,
            ..NewOrganisation::default()
        })
        .unwrap();
    let mine = saturday_school(&admin);
    let login = admin
        .add_user(
            NewUser {
                login: "sps".into(),
                display_name: "Saturday school desk".into(),
                role: Role::ReportingCentre,
                centre: Some(mine),
            },
            &passphrase_of("sps"),
            KeyCost::CheapForTests,
        )
        .unwrap();
    common::close(admin);
    Centres { other, login }
}

fn saturday_school(svc: &Caseline) -> OrganisationId {
    svc.reporting_centres()
        .unwrap()
        .into_iter()
        .find(|c| c.name.contains("Saturday"))
        .unwrap()
        .id
}

fn centre_intake(centre: Option<OrganisationId>, consent: CentreConsent) -> IntakeRequest {
    let mut req = common::intake(
        person("Zofia", Some("Nowak")),
        "Abuse in Polish at the market.",
    );
    req.channel = Channel::ReportingCentre(CentreReport {
        centre,
        reference: Some("SPS-2026-031".into()),
        reported_on: Some(common::today() - chrono::Duration::days(1)),
        consent,
    });
    req
}

#[test]
fn a_centre_login_is_refused_every_operation_but_its_intake() {
    let (_tmp, f) = setup();
    add_centres(&f);
    let mut svc = f.open("sps");
    let mut failures = Vec::new();
    for (what, _, call) in &ops() {
        match call(&mut svc, &f) {
            Err(Error::NotPermitted(_)) => {}
            got => failures.push(format!("{what}: expected a refusal, got {got:?}")),
        }
    }
    // Reading what a volunteer reads is refused too, not answered empty.
    let directory = caseline::service::views::DirectoryFilter::default();
    let referrals = caseline::service::views::ReferralQuery::default();
    let refusals: [(&str, Result<(), Error>); 9] = [
        ("search", svc.search("Amina", 10).map(drop)),
        ("directory", svc.directory(&directory).map(drop)),
        ("referrals", svc.referrals_view(&referrals).map(drop)),
        (
            "a case's referrals",
            svc.case_referrals(f.others_case).map(drop),
        ),
        ("team", svc.team().map(drop)),
        ("person card", svc.person_card(f.others_person).map(drop)),
        ("counts", svc.my_counts(common::today()).map(drop)),
        ("stats", svc.stats().map(drop)),
        ("export", svc.export().map(drop)),
    ];
    for (what, got) in refusals {
        if !matches!(got, Err(Error::NotPermitted(_))) {
            failures.push(format!("{what}: expected a refusal, got {got:?}"));
        }
    }
    // What its own screens follow it may read: its role, the idle lock, the lists.
    match svc.own_settings() {
        Ok(own) => assert_eq!(own.role, Role::ReportingCentre),
        Err(e) => failures.push(format!("own settings: expected them, got {e}")),
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    common::close(svc);
}

#[test]
fn a_centre_login_records_and_reads_only_its_own_centres_reports() {
    let (_tmp, f) = setup();
    let centres = add_centres(&f);
    let svc = f.open("sps");
    let mine = saturday_school(&svc);
    assert_eq!(
        svc.reporting_centres().unwrap().len(),
        1,
        "only its own centre"
    );

    // With no centre named, the report is the login's own centre's.
    let saved = svc
        .record_intake(centre_intake(None, CentreConsent::Full))
        .unwrap();
    let incident = svc.incident(saved.incident).unwrap();
    let report = incident.channel.centre_report().unwrap();
    assert_eq!(report.centre, Some(mine));
    assert_eq!(report.reference.as_deref(), Some("SPS-2026-031"));
    assert_eq!(incident.recorded_by, centres.login);
    svc.intake_detail(saved.incident).unwrap();
    svc.view_person(saved.new_people[0]).unwrap();

    for (what, req) in [
        (
            "another centre",
            centre_intake(Some(centres.other), CentreConsent::Full),
        ),
        (
            "a direct report",
            common::intake(person("Ola", None), "Shouted at."),
        ),
        ("a follow-up", {
            let mut r = centre_intake(None, CentreConsent::Full);
            r.follow_up = Some(common::follow_up("Call back"));
            r
        }),
    ] {
        let got = svc.record_intake(req);
        assert!(
            matches!(got, Err(Error::NotPermitted(_))),
            "{what}: {got:?}"
        );
    }

    // The Saturday school's earlier report (recorded by the administrator) is theirs
    // to read; the council's own intakes and their people are not.
    let recent = svc.recent_intakes().unwrap();
    assert_eq!(recent.len(), 2, "{recent:?}");
    assert!(matches!(
        svc.incident(f.others_incident),
        Err(Error::NotPermitted(_))
    ));
    assert!(matches!(
        svc.view_person(f.others_person),
        Err(Error::NotPermitted(_))
    ));
    assert!(matches!(
        svc.incident(f.vics_incident),
        Err(Error::NotPermitted(_))
    ));
    common::close(svc);

    // The council sees the centre's report like any other.
    let admin = f.open("admin");
    admin.incident(saved.incident).unwrap();
    common::close(admin);
}

#[test]
fn a_centre_login_cannot_name_someone_on_file() {
    let (_tmp, f) = setup();
    add_centres(&f);
    let svc = f.open("sps");
    let mut req = centre_intake(None, CentreConsent::Full);
    req.parties = vec![NewParty {
        role: PartyRole::Victim,
        person: Some(PersonRef::Existing(f.others_person)),
        description: String::new(),
    }];
    assert!(matches!(
        svc.record_intake(req),
        Err(Error::NotPermitted(_))
    ));
    common::close(svc);
}

#[test]
fn a_centre_role_needs_a_reporting_centre() {
    let (_tmp, f) = setup();
    let centres = add_centres(&f);
    let admin = f.open("admin");
    let add = |centre| {
        admin.add_user(
            NewUser {
                login: "nocentre".into(),
                display_name: "No centre".into(),
                role: Role::ReportingCentre,
                centre,
            },
            &passphrase_of("nocentre"),
            KeyCost::CheapForTests,
        )
    };
    assert!(matches!(add(None), Err(Error::Invalid { .. })));
    // An organisation that is not a reporting centre will not do.
    let school = admin
        .add_organisation(NewOrganisation {
            name: "Tiffin School".into(),
            kind: "school".into(),
            reporting_centre: false,
            ..NewOrganisation::default()
        })
        .unwrap();
    assert!(matches!(add(Some(school)), Err(Error::Invalid { .. })));
    assert!(matches!(
        admin.set_role(f.spare, Role::ReportingCentre),
        Err(Error::Invalid { .. })
    ));
    admin.assign_centre(f.spare, centres.other).unwrap();
    let spare = admin.user(f.spare).unwrap();
    assert_eq!(
        (spare.role, spare.centre),
        (Role::ReportingCentre, Some(centres.other))
    );
    admin.set_role(f.spare, Role::Volunteer).unwrap();
    assert_eq!(admin.user(f.spare).unwrap().centre, None);
    common::close(admin);
    let cas = f.open("cas");
    assert!(matches!(
        cas.assign_centre(f.spare, centres.other),
        Err(Error::NotPermitted(_))
    ));
    common::close(cas);
}
