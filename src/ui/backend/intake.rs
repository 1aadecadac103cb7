//! Intake effects: the caller looked for, and what the intake screens read (the draft
//! and the intake saved have a lane of their own: [`super::drafts`]).

use crate::service::{Client, Error};
use crate::ui::msg::{IntakeEffect, Reply};

/// Carries out an intake effect.
pub(super) fn run(svc: &Client, effect: IntakeEffect) -> Result<Reply, Error> {
    Ok(match effect {
        IntakeEffect::FindPeople(q) => {
            let (found, elsewhere) = svc.find_caller(&q)?;
            Reply::PeopleFound(q, found, elsewhere)
        }
        IntakeEffect::LoadCentres => Reply::Centres {
            centres: svc.reporting_centres()?,
            own: svc.actor().role == crate::domain::Role::ReportingCentre,
        },
        IntakeEffect::LoadRecent => Reply::Recent(svc.recent_intakes()?),
        IntakeEffect::LoadIncident(id) => Reply::Incident(Box::new(svc.intake_detail(id)?)),
    })
}
