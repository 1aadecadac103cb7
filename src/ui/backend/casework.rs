//! Casework effects: case lists, cases, follow-up queues, and the changes made to them.
//! A refusal with field problems becomes [`Reply::Refused`], so the dialog that asked
//! can mark its fields; anything else fails as words on the status line.

use super::refused;
use crate::domain::{Case, CaseId, CaseStatus, PersonId, User};
use crate::service::{CaseFilter, CaseList, CaseSort, Caseline, EntryAdded, Error, Link};
use crate::ui::msg::{
    CaseDetail, CaseQuery, CasesData, Effect, LinkChoices, Member, Named, QueueData, Reply,
    StatusFilter, Team,
};

/// Rows a case list reads names for: far more than a screen shows.
const CASE_ROWS: usize = 200;

/// Carries out a casework effect; `None` for effects that are not casework.
pub(super) fn run(svc: &Caseline, effect: Effect) -> Result<Option<Reply>, Error> {
    let reply = match effect {
        Effect::LoadCases(q) => Reply::Cases(Box::new(CasesData {
            list: cases(svc, &q)?,
            team: team(svc)?,
        })),
        Effect::LoadCase(id) => {
            // Shown to the user, so the read is recorded in the audit log.
            let case = svc.view_case(id)?;
            Reply::Case(Box::new(CaseDetail {
                links: named_links(svc, &case),
                client: svc.client_name(id)?,
                timeline: svc.timeline(id)?,
                follow_ups: svc.follow_ups_for_case(id)?,
                team: team(svc)?,
                case,
            }))
        }
        Effect::LoadLinkChoices(id) => Reply::LinkChoices(Box::new(link_choices(svc, id)?)),
        Effect::LoadQueue(req) => Reply::Queue(Box::new(QueueData {
            view: svc.queue(&req)?,
            team: team(svc)?,
        })),
        Effect::LoadCounts(today) => {
            let (overdue, today) = svc.my_counts(today)?;
            Reply::Counts { overdue, today }
        }
        other => return write(svc, other),
    };
    Ok(Some(reply))
}

/// Changes: each answers with what the status line should say.
fn write(svc: &Caseline, effect: Effect) -> Result<Option<Reply>, Error> {
    let done = match effect {
        Effect::OpenCase(req) => svc.open_case(*req).map(|o| Reply::CaseOpened {
            id: o.id,
            message: format!("Case {} opened", o.reference),
        }),
        Effect::AttachIntake { incident, case } => {
            let Ok(found) = svc.case_by_ref(case) else {
                return Ok(Some(Reply::Refused {
                    problems: vec![("case".into(), format!("there is no case {case}"))],
                    message: format!("there is no case {case}"),
                }));
            };
            svc.attach_incident(found.id, incident)
                .map(|()| Reply::CaseOpened {
                    id: found.id,
                    message: format!("The intake is now part of {case}"),
                })
        }
        Effect::AddEntry(req, with) => {
            let correction = req.corrects.is_some();
            svc.add_entry_with(*req, *with)
                .map(|added| Reply::Saved(entry_added(&added, correction)))
        }
        Effect::ChangeStatus(id, change) => {
            let to = change.to;
            svc.change_case_status(id, *change)
                .map(|()| Reply::Saved(format!("The case is now {}", to.label())))
        }
        Effect::UpdateCase(id, req) => svc
            .update_case(id, *req)
            .map(|()| Reply::Saved("Case details saved".into())),
        Effect::AddFollowUp(id, f) => {
            let due = f.due.format("%a %-d %b %Y").to_string();
            svc.add_follow_up(crate::domain::Subject::Case(id), *f)
                .map(|_| Reply::Saved(format!("Follow-up added, due {due}")))
        }
        Effect::CompleteFollowUp(id, note) => {
            let noted = note.as_deref().is_some_and(|n| !n.trim().is_empty());
            svc.complete_follow_up(id, note.as_deref()).map(|()| {
                Reply::Saved(if noted {
                    "Follow-up done; the note is on the case timeline".into()
                } else {
                    "Follow-up done".into()
                })
            })
        }
        Effect::SnoozeFollowUp(id, to) => svc
            .snooze_follow_up(id, to)
            .map(|()| Reply::Saved(format!("Follow-up moved to {}", to.format("%a %-d %b %Y")))),
        Effect::Link { case, to, role } => svc
            .link_to_case(case, *to, &role)
            .map(|l| Reply::Saved(l.said)),
        Effect::Unlink(case, link) => svc
            .unlink_from_case(case, &link)
            .map(|l| Reply::Saved(l.said)),
        Effect::ReassignFollowUp(id, to) => {
            let name = svc.user(to).map(|u| u.display_name).unwrap_or_default();
            svc.reassign_follow_up(id, to)
                .map(|()| Reply::Saved(format!("Follow-up given to {name}")))
        }
        _ => return Ok(None),
    };
    match done {
        Ok(reply) => Ok(Some(reply)),
        Err(e @ Error::Invalid { .. }) => Ok(Some(refused(e))),
        Err(e) => Err(e),
    }
}

/// What the status line says once an entry is on disk: "Added to the timeline;
/// follow-up due Wed 25 Nov".
fn entry_added(added: &EntryAdded, correction: bool) -> String {
    let mut said = match (correction, added.due, added.crime_reference_on) {
        (true, _, _) => "Correction added to the timeline".to_string(),
        (false, None, 0) => "Entry added to the timeline".to_string(),
        _ => "Added to the timeline".to_string(),
    };
    match added.crime_reference_on {
        0 => {}
        1 => said.push_str("; crime reference on its intake"),
        n => said.push_str(&format!("; crime reference on {n} intakes")),
    }
    if let Some(due) = added.due {
        said.push_str(&format!("; follow-up due {}", due.format("%a %-d %b")));
    }
    said
}

/// A case's links with the names they stand for; a record that cannot be read shows as
/// a dash rather than failing the whole case.
fn named_links(svc: &Caseline, case: &Case) -> Vec<Named> {
    let people = case.people.iter().map(|cp| Named {
        link: Link::Person(cp.clone()),
        name: svc
            .person(cp.person)
            .map(|p| p.display_name())
            .unwrap_or_else(|_| "—".into()),
    });
    let orgs = case.organisations.iter().map(|co| Named {
        link: Link::Organisation(co.clone()),
        name: svc
            .organisation(co.organisation)
            .map(|o| o.name)
            .unwrap_or_else(|_| "—".into()),
    });
    people.chain(orgs).collect()
}

/// Who the link dialog offers: the people of the case's intakes and those already
/// linked (once each, in that order), and the directory by name.
fn link_choices(svc: &Caseline, id: CaseId) -> Result<LinkChoices, Error> {
    let case = svc.case(id)?;
    let mut ids: Vec<PersonId> = Vec::new();
    for incident in &case.incidents {
        ids.extend(
            svc.incident(*incident)?
                .parties
                .iter()
                .filter_map(|p| p.person),
        );
    }
    ids.extend(case.people.iter().map(|cp| cp.person));
    let mut people = Vec::new();
    for person in ids {
        if !people.iter().any(|(p, _)| *p == person) {
            people.push((person, svc.person(person)?.display_name()));
        }
    }
    let mut directory = Vec::new();
    for org in svc.organisations() {
        let org = org?;
        directory.push((org.id, org.name));
    }
    directory.sort_by_cached_key(|(_, name)| crate::domain::fold::fold(name));
    Ok(LinkChoices {
        case: id,
        people,
        directory,
        linked: named_links(svc, &case),
    })
}

/// Every user who can appear as a worker; the recovery account is never given work.
fn team(svc: &Caseline) -> Result<Team, Error> {
    let mut members = Vec::new();
    for u in svc.users() {
        let u: User = u?;
        members.push(Member {
            id: u.id,
            active: u.active && !u.recovery,
            name: u.display_name,
        });
    }
    Ok(Team {
        me: Some(svc.actor().id),
        members,
    })
}

/// A case list; "all" is the working list and the closed cases together.
fn cases(svc: &Caseline, q: &CaseQuery) -> Result<CaseList, Error> {
    let filter = |status| CaseFilter {
        status,
        kind: q.kind.clone(),
        worker: if q.mine {
            Some(svc.actor().id)
        } else {
            q.worker
        },
        safeguarding_only: q.safeguarding_only,
        sort: q.sort,
        limit: CASE_ROWS,
    };
    match q.status {
        StatusFilter::NotClosed => svc.list_cases(&filter(None)),
        StatusFilter::Is(s) => svc.list_cases(&filter(Some(s))),
        StatusFilter::All => {
            let mut open = svc.list_cases(&filter(None))?;
            let closed = svc.list_cases(&filter(Some(CaseStatus::Closed)))?;
            open.total += closed.total;
            open.rows.extend(closed.rows);
            match q.sort {
                CaseSort::LastActivity => open
                    .rows
                    .sort_by_key(|r| std::cmp::Reverse(r.summary.last_activity)),
                CaseSort::NextFollowUp => open.rows.sort_by_key(|r| {
                    (
                        r.next_follow_up.is_none(),
                        r.next_follow_up,
                        r.summary.reference,
                    )
                }),
            }
            open.rows.truncate(CASE_ROWS);
            Ok(open)
        }
    }
}
