//! Every service operation called as each role: an administrator may do everything, a
//! caseworker everything but an administrator's work, a volunteer intake and only the
//! cases and follow-ups assigned to them or that they created. Refusals are
//! `Error::NotPermitted`, and a volunteer's lists and queues hold only their records.

use crate::common::{self, intake, person};
use crate::roles_support::{Setup, passphrase_of, setup};
use caseline::Caseline;
use caseline::Error;
use caseline::domain::{CaseStatus, Direction, EntryKind, ListKind, Role, Subject};
use caseline::service::KeyCost;
use caseline::service::{
    AuditQuery, CaseFilter, LinkTo, NewEntry, NewReferral, NewTemplate, NewUser, OpenCase,
    PersonQuery, PersonRef, QueueRequest, Scope, StatusChange, UpdateCase,
};

/// What a role may do with one operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Expect {
    /// Permitted, and succeeds.
    Ok,
    /// Permitted: it may fail for another reason (an import of a document that clashes).
    Tried,
    /// Refused with `Error::NotPermitted`.
    Refused,
}
use Expect::{Ok as Y, Refused as N, Tried as T};

/// One row of the table: what, the outcome for administrator, caseworker, volunteer,
/// and the call.
pub(crate) type Op = (
    &'static str,
    [Expect; 3],
    fn(&mut Caseline, &Setup) -> Result<(), Error>,
);

pub(crate) fn ops() -> Vec<Op> {
    [reads(), changes(), intake_and_lists(), administration()].concat()
}

/// Reading cases and what hangs off them.
fn reads() -> Vec<Op> {
    vec![
        ("read another's case", [Y, Y, N], |s, f| {
            s.case(f.others_case).map(drop)
        }),
        ("view another's case", [Y, Y, N], |s, f| {
            s.view_case(f.others_case).map(drop)
        }),
        ("case by reference", [Y, Y, N], |s, f| {
            s.case_by_ref(f.others_ref).map(drop)
        }),
        ("another's timeline", [Y, Y, N], |s, f| {
            s.timeline(f.others_case).map(drop)
        }),
        ("another's follow-ups", [Y, Y, N], |s, f| {
            s.follow_ups_for_case(f.others_case).map(drop)
        }),
        // The search screen's search is everyone's; a listing of its hits to keep
        // (`caseline search`) is an administrator's, as an export is.
        ("search the caseload", [Y, Y, Y], |s, _| {
            s.search("status:open", 5).map(drop)
        }),
        ("list search hits", [Y, N, N], |s, _| {
            s.search_hits("status:open", 5).map(drop)
        }),
        ("client name of another's case", [Y, Y, N], |s, f| {
            s.client_name(f.others_case).map(drop)
        }),
        ("a case they created", [Y, Y, Y], |s, f| {
            s.view_case(f.vics_case).map(drop)
        }),
        ("another's case's letters", [Y, Y, N], |s, f| {
            s.case_letters(f.others_case).map(drop)
        }),
        ("the letters of a case they created", [Y, Y, Y], |s, f| {
            s.case_letters(f.vics_case).map(drop)
        }),
        ("a case assigned to them", [Y, Y, Y], |s, f| {
            s.timeline(f.assigned_case).map(drop)?;
            s.view_case(f.assigned_case).map(drop)
        }),
        ("a person on another's case", [Y, Y, N], |s, f| {
            s.view_person(f.others_person).map(drop)
        }),
        ("a person on their case", [Y, Y, Y], |s, f| {
            s.view_person(f.vics_person).map(drop)
        }),
        ("possible duplicates", [Y, Y, N], |s, _| {
            s.possible_duplicates().map(drop)
        }),
        ("records that may be one person", [Y, Y, N], |s, f| {
            s.merge_candidates(f.others_person).map(drop)
        }),
        // A record merged into itself is refused as a mistake, after the role is checked.
        ("merge two records of one person", [T, T, N], |s, f| {
            s.merge_people(f.others_person, f.others_person)
        }),
        ("another's intake", [Y, Y, N], |s, f| {
            s.incident(f.others_incident).map(drop)
        }),
        ("an intake they recorded", [Y, Y, Y], |s, f| {
            s.incident(f.vics_incident).map(drop)
        }),
        ("a follow-up assigned to them", [Y, Y, Y], |s, f| {
            s.follow_up(f.vics_follow_up).map(drop)
        }),
        ("another's follow-up", [Y, Y, N], |s, f| {
            s.follow_up(f.others_follow_up).map(drop)
        }),
    ]
}

/// Changing cases.
fn changes() -> Vec<Op> {
    vec![
        ("note on another's case", [Y, Y, N], |s, f| {
            s.add_timeline_entry(note(f.others_case)).map(drop)
        }),
        ("note on their case", [Y, Y, Y], |s, f| {
            s.add_timeline_entry(note(f.vics_case)).map(drop)
        }),
        (
            "entry with follow-up on another's case",
            [Y, Y, N],
            |s, f| {
                s.add_entry_with_follow_up(note(f.others_case), Some(common::follow_up("Ring")))
                    .map(drop)
            },
        ),
        ("update another's case", [Y, Y, N], |s, f| {
            s.update_case(f.others_case, summary()).map(drop)
        }),
        ("update their case", [Y, Y, Y], |s, f| {
            s.update_case(f.assigned_case, summary()).map(drop)
        }),
        ("follow-up on another's case", [Y, Y, N], |s, f| {
            let fu = common::follow_up("Write to the school");
            s.add_follow_up(Subject::Case(f.others_case), fu).map(drop)
        }),
        ("snooze another's follow-up", [Y, Y, N], |s, f| {
            s.snooze_follow_up(
                f.others_follow_up,
                common::today() + chrono::Duration::days(3),
            )
        }),
        ("snooze their follow-up", [Y, Y, Y], |s, f| {
            s.snooze_follow_up(
                f.vics_follow_up,
                common::today() + chrono::Duration::days(4),
            )
        }),
        ("link a person to another's case", [Y, Y, N], |s, f| {
            let to = LinkTo::Person(PersonRef::New(person("Sam", Some("Okafor"))));
            s.link_to_case(f.others_case, to, "witness").map(drop)
        }),
        ("remove a link (deletion)", [Y, Y, N], |s, f| {
            let to = LinkTo::Person(PersonRef::Existing(f.vics_person));
            let linked = s.link_to_case(f.vics_case, to, "witness")?;
            s.unlink_from_case(f.vics_case, &linked.link).map(drop)
        }),
        ("change another's case status", [T, T, N], |s, f| {
            let change = StatusChange {
                to: CaseStatus::Active,
                closure: None,
                note: String::new(),
            };
            s.change_case_status(f.others_case, change)
        }),
        ("reassign another's follow-up", [Y, Y, N], |s, f| {
            s.reassign_follow_up(f.others_follow_up, f.admin)
        }),
        ("attach an intake to another's case", [T, T, N], |s, f| {
            s.attach_incident(f.others_case, f.vics_incident)
        }),
    ]
}

/// Intake, new cases, lists and queues.
fn intake_and_lists() -> Vec<Op> {
    vec![
        ("record an intake", [Y, Y, Y], |s, _| {
            s.record_intake(intake(person("Noor", Some("Begum")), "Graffiti."))
                .map(drop)
        }),
        ("open a case from their intake", [Y, Y, Y], |s, _| {
            let saved = s.record_intake(intake(person("Ade", None), "Abuse on a bus."))?;
            let open = OpenCase {
                kind: "hate_crime".into(),
                incidents: vec![saved.incident],
                ..OpenCase::default()
            };
            s.open_case(open).map(drop)
        }),
        ("open a case from another's intake", [Y, Y, N], |s, f| {
            let open = OpenCase {
                kind: "hate_crime".into(),
                incidents: vec![f.others_incident],
                ..OpenCase::default()
            };
            s.open_case(open).map(drop)
        }),
        ("referral", [Y, Y, N], |s, f| {
            s.start_referral(referral(f.vics_case)).map(drop)
        }),
        ("find people", [Y, Y, Y], |s, _| {
            s.find_people(&amina(), 10).map(drop)
        }),
        ("list cases", [Y, Y, Y], |s, _| {
            s.list_cases(&cases()).map(drop)
        }),
        ("everyone's queue", [Y, Y, Y], |s, _| {
            s.queue(&queue(Scope::Everyone)).map(drop)
        }),
    ]
}

/// Reports, exports and an administrator's work.
fn administration() -> Vec<Op> {
    vec![
        ("settings on screen", [Y, N, N], |s, _| {
            let now = s.work_settings()?;
            s.set_work_settings(now)
        }),
        ("stats", [Y, Y, N], |s, _| s.stats().map(drop)),
        ("export", [Y, N, N], |s, _| s.export().map(drop)),
        ("import", [T, N, N], |s, f| {
            s.import(f.doc.clone()).map(drop)
        }),
        ("backup", [Y, N, N], |s, f| {
            let dest = f.tmp.join(format!("{}.clb", s.actor().login));
            s.backup(&dest).map(drop)
        }),
        ("reference list", [Y, N, N], |s, _| {
            s.add_reference_value(ListKind::Language, "Cornish (test)", None, None)
                .map(drop)
        }),
        ("audit log", [Y, N, N], |s, _| {
            s.audit_log(&AuditQuery::default()).map(drop)
        }),
        ("audit anchor", [Y, N, N], |s, _| s.audit_anchor().map(drop)),
        ("letter templates", [Y, Y, Y], |s, _| {
            s.templates().map(drop)
        }),
        ("add a letter template", [Y, N, N], |s, _| {
            s.add_template(NewTemplate {
                name: "chaser".into(),
                title: Some("A reminder".into()),
                body: "Dear {{ recipient.greeting }},\n\nA reminder.".into(),
            })
        }),
        ("edit a letter template", [Y, N, N], |s, _| {
            s.edit_template(NewTemplate {
                name: "appeal".into(),
                title: None,
                body: "Dear {{ recipient.greeting }},\n\nWe appeal.".into(),
            })
        }),
        ("check", [Y, N, N], |s, _| s.check().map(drop)),
        ("reindex", [Y, N, N], |s, _| s.reindex()),
        ("add a user", [Y, N, N], |s, _| {
            let u = NewUser {
                login: format!("new.{}", s.actor().login),
                display_name: "New user".into(),
                role: Role::Volunteer,
                centre: None,
            };
            s.add_user(u, &passphrase_of("new"), KeyCost::CheapForTests)
                .map(drop)
        }),
        ("list users", [Y, N, N], |s, _| s.user_list().map(drop)),
        ("set a role", [Y, N, N], |s, f| {
            s.set_role(f.spare, Role::Caseworker)
        }),
        ("reset a passphrase", [Y, N, N], |s, f| {
            s.reset_passphrase(f.spare, &passphrase_of("spare"), KeyCost::CheapForTests)
        }),
        ("disable a user", [T, N, N], |s, f| s.disable_user(f.spare)),
    ]
}

fn note(case: caseline::domain::CaseId) -> NewEntry {
    NewEntry {
        case,
        at: None,
        kind: EntryKind::Note,
        text: "Called the housing officer.".into(),
        corrects: None,
    }
}

fn summary() -> UpdateCase {
    UpdateCase {
        summary: Some(format!("Summary {}", ulid::Ulid::generate())),
        ..UpdateCase::default()
    }
}

fn referral(case: caseline::domain::CaseId) -> NewReferral {
    NewReferral {
        case,
        direction: Direction::Outgoing,
        organisation: None,
        agency_kind: "community_group".into(),
        on: common::today(),
        reason: "Debt advice.".into(),
        shared: String::new(),
        their_reference: None,
        consent: Some(common::consent_to("community_group")),
        signpost: false,
    }
}

fn amina() -> PersonQuery {
    PersonQuery {
        name: "Amina".into(),
        ..PersonQuery::default()
    }
}

fn cases() -> CaseFilter {
    CaseFilter {
        limit: 100,
        ..CaseFilter::default()
    }
}

fn queue(scope: Scope) -> QueueRequest {
    QueueRequest {
        scope,
        buckets: Vec::new(),
        safeguarding_only: false,
        today: common::today(),
        limit: 100,
    }
}

#[test]
fn every_operation_as_every_role() {
    let (_tmp, f) = setup();
    let ops = ops();
    let mut failures = Vec::new();
    for (i, login) in ["admin", "cas", "vic"].into_iter().enumerate() {
        let mut svc = f.open(login);
        for (what, expect, call) in &ops {
            let got = call(&mut svc, &f);
            let fine = match (expect[i], &got) {
                (Y, Ok(())) => true,
                (T, r) => !matches!(r, Err(Error::NotPermitted(_))),
                (N, Err(Error::NotPermitted(_))) => true,
                _ => false,
            };
            if !fine {
                failures.push(format!(
                    "{login}: {what}: expected {:?}, got {got:?}",
                    expect[i]
                ));
            }
        }
        common::close(svc);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Refusals write nothing: a volunteer's refused changes leave the case as it was.
#[test]
fn refusals_change_nothing() {
    let (_tmp, f) = setup();
    let admin = f.open("admin");
    let before = (
        admin.case(f.others_case).unwrap(),
        admin.timeline(f.others_case).unwrap(),
    );
    common::close(admin);
    let vic = f.open("vic");
    assert!(vic.update_case(f.others_case, summary()).is_err());
    assert!(vic.add_timeline_entry(note(f.others_case)).is_err());
    assert!(vic.attach_incident(f.others_case, f.vics_incident).is_err());
    common::close(vic);
    let admin = f.open("admin");
    let after = (
        admin.case(f.others_case).unwrap(),
        admin.timeline(f.others_case).unwrap(),
    );
    assert_eq!(before, after);
}

/// A volunteer's lists, queues and scans hold their records only; a caseworker's hold
/// everyone's.
#[test]
fn volunteers_lists_and_queues_are_their_own() {
    let (_tmp, f) = setup();
    let vic = f.open("vic");
    let me = vic.actor().id;
    let listed = vic.list_cases(&cases()).unwrap();
    let mut ids: Vec<_> = listed.rows.iter().map(|r| r.summary.id).collect();
    ids.sort();
    let mut mine = vec![f.vics_case, f.assigned_case];
    mine.sort();
    assert_eq!(ids, mine);
    assert_eq!(listed.total, 2);
    for scope in [Scope::Everyone, Scope::Mine, Scope::User(f.admin)] {
        let q = vic.queue(&queue(scope)).unwrap();
        assert!(!q.rows.is_empty(), "{scope:?}");
        assert!(
            q.rows.iter().all(|r| r.assignee == Some(me)),
            "{scope:?}: {q:?}"
        );
    }
    assert_eq!(vic.cases().count(), 2);
    assert_eq!(vic.case_summaries().unwrap().len(), 2);
    assert!(vic.people().all(|p| p.unwrap().id != f.others_person));
    assert!(vic.incidents().all(|i| i.unwrap().id != f.others_incident));
    assert!(
        vic.recent_incidents(50)
            .unwrap()
            .iter()
            .all(|i| i.id != f.others_incident)
    );
    assert!(
        vic.recent_incidents(50)
            .unwrap()
            .iter()
            .any(|i| i.id == f.vics_incident)
    );
    assert!(
        vic.follow_ups()
            .all(|x| x.unwrap().id != f.others_follow_up)
    );
    assert!(
        vic.timeline_entries()
            .all(|e| mine.contains(&e.unwrap().case))
    );
    assert!(vic.referrals().all(|r| mine.contains(&r.unwrap().case)));
    // Matching during intake finds only the people they may see.
    let found = vic.find_people(&amina(), 10).unwrap();
    assert!(found.iter().all(|m| m.id != f.others_person), "{found:?}");
    common::close(vic);

    let cas = f.open("cas");
    let listed = cas.list_cases(&cases()).unwrap();
    assert!(listed.rows.iter().any(|r| r.summary.id == f.others_case));
    let q = cas.queue(&queue(Scope::Everyone)).unwrap();
    assert!(q.rows.iter().any(|r| r.assignee != Some(cas.actor().id)));
    assert!(
        cas.find_people(&amina(), 10)
            .unwrap()
            .iter()
            .any(|m| m.id == f.others_person)
    );
}

/// Indexes rebuilt at unlock cover every record, even when a volunteer (who sees
/// only their own) is the one unlocking.
#[test]
fn index_rebuild_at_a_volunteers_unlock_covers_everything() {
    let (_tmp, f) = setup();
    {
        // As after an upgrade: the indexes' version is unknown, so unlock rebuilds them.
        let db = sled::open(f.dir.join("db")).unwrap();
        db.open_tree("meta")
            .unwrap()
            .remove("index_version")
            .unwrap();
        db.flush().unwrap();
    }
    let vic = f.open("vic");
    assert_eq!(vic.list_cases(&cases()).unwrap().total, 2);
    common::close(vic);
    let admin = f.open("admin");
    let report = admin.check().unwrap();
    assert!(report.is_clean(), "{report:?}");
    // Every case not closed: the populated one, the assigned one and the volunteer's.
    assert_eq!(admin.list_cases(&cases()).unwrap().total, 3);
}

/// An intake a volunteer recorded that is in no case stays theirs: in their recent
/// intakes, with its follow-ups, whoever added those.
#[test]
fn a_volunteers_own_intake_outside_any_case() {
    let (_tmp, f) = setup();
    let vic = f.open("vic");
    let saved = vic
        .record_intake(intake(person("Leyla", Some("Demir")), "Eggs thrown."))
        .unwrap();
    common::close(vic);
    let admin = f.open("admin");
    let theirs = common::follow_up("Ring Leyla back");
    let fu = admin
        .add_follow_up(Subject::Incident(saved.incident), theirs)
        .unwrap();
    common::close(admin);

    let vic = f.open("vic");
    let recent = vic.recent_incidents(2).unwrap();
    assert_eq!(recent[0].id, saved.incident);
    assert_eq!(recent.len(), 2);
    assert!(vic.incidents().any(|i| i.unwrap().id == saved.incident));
    vic.view_person(saved.new_people[0]).unwrap();
    let ids: Vec<_> = vic
        .follow_ups_for_incident(saved.incident)
        .unwrap()
        .iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(ids, vec![fu]);
    assert!(vic.follow_ups().any(|x| x.unwrap().id == fu));
    assert!(
        vic.follow_ups()
            .all(|x| x.unwrap().id != f.others_follow_up)
    );
    assert!(matches!(
        vic.follow_ups_for_incident(f.others_incident),
        Err(Error::NotPermitted(_))
    ));
}

/// Everyone signed in reads what their own screens follow (the lists, the idle lock,
/// their role as stored), a volunteer too: the interface reads it again when an
/// administrator changes the settings.
#[test]
fn every_role_reads_its_own_settings() {
    let (_tmp, f) = setup();
    let roles = [
        ("admin", Role::Administrator),
        ("cas", Role::Caseworker),
        ("vic", Role::Volunteer),
    ];
    for (login, role) in roles {
        let svc = f.open(login);
        let own = svc
            .own_settings()
            .unwrap_or_else(|e| panic!("{login}: {e}"));
        assert_eq!(own.role, role, "{login}");
        assert_eq!(own.idle_lock_minutes, svc.settings().idle_lock_minutes);
        assert_eq!(own.lists, svc.reference_lists(), "{login}");
        common::close(svc);
    }
}
