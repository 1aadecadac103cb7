//! Intake effects: the caller looked for, the draft kept and found, the intake saved,
//! and what the intake screens read. `draft_dirty` says a draft has been written since
//! the last save or discard, so signing out knows to force it to disk.

use super::refused;
use crate::service::{Client, Error};
use crate::ui::msg::{IntakeEffect, Reply};

/// Carries out an intake effect; `None` when there is nothing to tell the screen (a
/// draft kept).
pub(super) fn run(
    svc: &Client,
    effect: IntakeEffect,
    draft_dirty: &mut bool,
) -> Result<Option<Reply>, Error> {
    Ok(Some(match effect {
        IntakeEffect::FindPeople(q) => {
            let (found, elsewhere) = svc.find_caller(&q)?;
            Reply::PeopleFound(q, found, elsewhere)
        }
        IntakeEffect::SaveDraft(d) => {
            svc.save_draft(&d)
                .map_err(|e| Error::Conflict(format!("the draft could not be kept: {e}")))?;
            *draft_dirty = true;
            return Ok(None);
        }
        IntakeEffect::DiscardDraft => {
            svc.discard_draft()?;
            *draft_dirty = false;
            Reply::DraftFound(None)
        }
        IntakeEffect::CheckDraft => Reply::DraftFound(svc.load_draft()?),
        IntakeEffect::SaveIntake(req) => match svc.record_intake(*req) {
            Ok(saved) => {
                *draft_dirty = false;
                let who = if saved.new_people.is_empty() {
                    ""
                } else {
                    " with a new person on file"
                };
                Reply::IntakeSaved {
                    summary: format!("Intake saved{who}; it is on disk."),
                }
            }
            Err(e @ Error::Invalid { .. }) => refused(e),
            Err(e) => return Err(e),
        },
        IntakeEffect::LoadCentres => Reply::Centres {
            centres: svc.reporting_centres()?,
            own: svc.actor().role == crate::domain::Role::ReportingCentre,
        },
        IntakeEffect::LoadRecent => Reply::Recent(svc.recent_intakes()?),
        IntakeEffect::LoadIncident(id) => Reply::Incident(Box::new(svc.intake_detail(id)?)),
    }))
}
