//! Casework effects: case lists, cases, follow-up queues ([`read`]), and the changes
//! made to them ([`change`]).
//! A refusal with field problems becomes [`Reply::Refused`], so the dialog that asked
//! can mark its fields; anything else fails as words on the status line.

use super::refused;
use crate::service::{Client, EntryAdded, Error};
use crate::ui::msg::{CaseChange, CaseEffect, Reply};

/// Reads casework for a screen.
pub(super) fn read(svc: &Client, effect: CaseEffect) -> Result<Reply, Error> {
    Ok(match effect {
        CaseEffect::LoadCases(q) => Reply::Cases(Box::new(svc.cases_view(&q)?)),
        CaseEffect::LoadCase(id) => Reply::Case(Box::new(svc.case_detail(id)?)),
        CaseEffect::LoadCaseReports(id) => Reply::Reports(id, svc.case_reports(id)?),
        CaseEffect::LoadLinkChoices(id) => Reply::LinkChoices(Box::new(svc.link_choices(id)?)),
        CaseEffect::LoadQueue(req) => Reply::Queue(Box::new(svc.queue_view(&req)?)),
        CaseEffect::LoadCounts(today) => {
            let (overdue, today) = svc.my_counts(today)?;
            Reply::Counts { overdue, today }
        }
    })
}

/// Changes: each answers with what the status line should say.
pub(super) fn change(svc: &Client, effect: CaseChange) -> Result<Reply, Error> {
    let done = match effect {
        CaseChange::OpenCase(req) => svc.open_case(*req).map(|o| Reply::CaseOpened {
            id: o.id,
            message: format!("Case {} opened", o.reference),
        }),
        CaseChange::AttachIntake { incident, case } => match svc.attach_intake(incident, case) {
            Err(Error::NotFound { .. }) => {
                return Ok(Reply::Refused {
                    problems: vec![("case".into(), format!("there is no case {case}"))],
                    message: format!("there is no case {case}"),
                });
            }
            attached => attached.map(|id| Reply::CaseOpened {
                id,
                message: format!("The intake is now part of {case}"),
            }),
        },
        CaseChange::AddEntry(req, with) => {
            let correction = req.corrects.is_some();
            svc.add_entry_with(*req, *with)
                .map(|added| Reply::Saved(entry_added(&added, correction)))
        }
        CaseChange::ChangeStatus(id, change) => {
            let to = change.to;
            svc.change_case_status(id, *change)
                .map(|()| Reply::Saved(format!("The case is now {}", to.label())))
        }
        CaseChange::UpdateCase(id, req) => svc
            .update_case(id, *req)
            .map(|()| Reply::Saved("Case details saved".into())),
        CaseChange::UpdatePerson(id, edit) => svc.change_person(id, *edit).map(|changed| {
            Reply::Saved(if changed {
                "Details changed; what they were is kept on the card".into()
            } else {
                "Nothing was changed".into()
            })
        }),
        CaseChange::AddFollowUp(id, f) => {
            let due = f.due.format("%a %-d %b %Y").to_string();
            svc.add_follow_up(crate::domain::Subject::Case(id), *f)
                .map(|_| Reply::Saved(format!("Follow-up added, due {due}")))
        }
        CaseChange::CompleteFollowUp(id, note) => {
            let noted = note.as_deref().is_some_and(|n| !n.trim().is_empty());
            svc.complete_follow_up(id, note.as_deref()).map(|()| {
                Reply::Saved(if noted {
                    "Follow-up done; the note is on the case timeline".into()
                } else {
                    "Follow-up done".into()
                })
            })
        }
        CaseChange::SnoozeFollowUp(id, to) => svc
            .snooze_follow_up(id, to)
            .map(|()| Reply::Saved(format!("Follow-up moved to {}", to.format("%a %-d %b %Y")))),
        CaseChange::Link { case, to, role } => svc
            .link_to_case(case, *to, &role)
            .map(|l| Reply::Saved(l.said)),
        CaseChange::Unlink(case, link) => svc
            .unlink_from_case(case, &link)
            .map(|l| Reply::Saved(l.said)),
        CaseChange::ReassignFollowUp(id, to) => {
            let name = svc.team().map(|t| t.name(Some(to))).unwrap_or_default();
            svc.reassign_follow_up(id, to)
                .map(|()| Reply::Saved(format!("Follow-up given to {name}")))
        }
    };
    match done {
        Ok(reply) => Ok(reply),
        // A form stays open with its typing for both: rules broken, or the record
        // changed by someone else meanwhile.
        Err(e @ (Error::Invalid { .. } | Error::Conflict(_))) => Ok(refused(e)),
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
