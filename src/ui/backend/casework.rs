//! Casework effects: case lists, cases, follow-up queues, and the changes made to them.
//! A refusal with field problems becomes [`Reply::Refused`], so the dialog that asked
//! can mark its fields; anything else fails as words on the status line.

use super::refused;
use crate::service::{Client, EntryAdded, Error};
use crate::ui::msg::{Effect, Reply};

/// Carries out a casework effect; `None` for effects that are not casework.
pub(super) fn run(svc: &Client, effect: Effect) -> Result<Option<Reply>, Error> {
    let reply = match effect {
        Effect::LoadCases(q) => Reply::Cases(Box::new(svc.cases_view(&q)?)),
        Effect::LoadCase(id) => Reply::Case(Box::new(svc.case_detail(id)?)),
        Effect::LoadCaseReports(id) => Reply::Reports(id, svc.case_reports(id)?),
        Effect::LoadLinkChoices(id) => Reply::LinkChoices(Box::new(svc.link_choices(id)?)),
        Effect::LoadQueue(req) => Reply::Queue(Box::new(svc.queue_view(&req)?)),
        Effect::LoadDuplicates => Reply::Duplicates(svc.possible_duplicates()?),
        Effect::LoadMergeCandidates(id) => Reply::Duplicates(svc.merge_candidates(id)?),
        Effect::LoadCounts(today) => {
            let (overdue, today) = svc.my_counts(today)?;
            Reply::Counts { overdue, today }
        }
        other => return write(svc, other),
    };
    Ok(Some(reply))
}

/// Changes: each answers with what the status line should say.
fn write(svc: &Client, effect: Effect) -> Result<Option<Reply>, Error> {
    let done = match effect {
        Effect::OpenCase(req) => svc.open_case(*req).map(|o| Reply::CaseOpened {
            id: o.id,
            message: format!("Case {} opened", o.reference),
        }),
        Effect::AttachIntake { incident, case } => match svc.attach_intake(incident, case) {
            Err(Error::NotFound { .. }) => {
                return Ok(Some(Reply::Refused {
                    problems: vec![("case".into(), format!("there is no case {case}"))],
                    message: format!("there is no case {case}"),
                }));
            }
            attached => attached.map(|id| Reply::CaseOpened {
                id,
                message: format!("The intake is now part of {case}"),
            }),
        },
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
        Effect::UpdatePerson(id, details) => svc.update_person(id, *details).map(|changed| {
            Reply::Saved(if changed {
                "Details changed; what they were is kept on the card".into()
            } else {
                "Nothing was changed".into()
            })
        }),
        Effect::MergePeople { keep, gone } => svc
            .merge_people(keep, gone)
            .map(|()| Reply::Saved("The two records are one now; what each held is kept".into())),
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
            let name = svc.team().map(|t| t.name(Some(to))).unwrap_or_default();
            svc.reassign_follow_up(id, to)
                .map(|()| Reply::Saved(format!("Follow-up given to {name}")))
        }
        _ => return Ok(None),
    };
    match done {
        Ok(reply) => Ok(Some(reply)),
        // A form stays open with its typing for both: rules broken, or the record
        // changed by someone else meanwhile.
        Err(e @ (Error::Invalid { .. } | Error::Conflict(_))) => Ok(Some(refused(e))),
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
