//! Referral effects: each to its call, and what the status line says once a change is
//! on disk. Refusals with field problems, or a move the rules do not allow, come back
//! as [`Reply::Refused`] so the dialog that asked stays open with its typing.

use super::refused;
use crate::domain::Direction;
use crate::files::{WriteError, write_private};
use crate::service::{Client, Error};
use crate::ui::msg::{ReferralEffect, ReferralReply, Reply};

pub(super) fn run(
    svc: &Client,
    effect: ReferralEffect,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Reply, Error> {
    let done = match effect {
        ReferralEffect::Load(q) => {
            return Ok(Reply::Referral(ReferralReply::Page(Box::new(
                svc.referrals_view(&q)?,
            ))));
        }
        ReferralEffect::OfCase(case) => {
            let rows = svc.case_referrals(case)?;
            return Ok(Reply::Referral(ReferralReply::OfCase(case, rows)));
        }
        ReferralEffect::Start { case, signpost } => {
            let directory = svc.link_choices(case)?.directory;
            return Ok(Reply::Referral(ReferralReply::Directory {
                case,
                signpost,
                directory,
            }));
        }
        ReferralEffect::Summary(id) => {
            let summary = svc.referral_summary(id)?;
            return Ok(Reply::Referral(ReferralReply::Summary(
                id,
                Box::new(summary),
            )));
        }
        ReferralEffect::WriteSummary {
            path,
            text,
            replace,
        } => return Ok(summary_file(&path, &text, replace)),
        ReferralEffect::Incoming {
            name,
            agency_kind,
            their_reference,
            received_on,
        } => {
            // An intake already being typed is never overwritten.
            if svc.load_draft()?.is_some() {
                return Ok(Reply::Refused {
                    problems: Vec::new(),
                    message: "an intake is unfinished: save or discard it first (n carries on)"
                        .into(),
                });
            }
            let source = svc.incoming_source(
                None,
                &name,
                &agency_kind,
                their_reference.as_deref(),
                received_on,
            );
            source.map(|s| {
                let draft = crate::ui::screens::referral_incoming::intake_draft(&s, now);
                Reply::Referral(ReferralReply::Intake(Box::new(draft)))
            })
        }
        ReferralEffect::Save(req) => {
            let said = match (req.signpost, req.direction) {
                (true, _) => "Signposting recorded on the timeline",
                (false, Direction::Outgoing) => {
                    "Referral drafted: v lists the case's referrals, m sends it"
                }
                (false, Direction::Incoming) => "Incoming referral recorded, awaiting our answer",
            };
            svc.start_referral(*req).map(|_| Reply::Saved(said.into()))
        }
        ReferralEffect::Move(id, m) => {
            let to = m.to;
            svc.move_referral(id, *m)
                .map(|()| Reply::Saved(format!("The referral is now {}", to.name())))
        }
    };
    match done {
        Ok(reply) => Ok(reply),
        Err(e @ (Error::Invalid { .. } | Error::Conflict(_) | Error::NotPermitted(_))) => {
            Ok(refused(e))
        }
        Err(e) => Err(e),
    }
}

/// Writes a summary to a file; a refusal goes back to the dialog's file field.
fn summary_file(path: &std::path::Path, text: &str, replace: bool) -> Reply {
    let said = match write_private(path, text.as_bytes(), replace) {
        Ok(()) => return Reply::Saved(format!("Summary written to {}", path.display())),
        Err(WriteError::Exists) => format!(
            "{} is there already: choose yes under Replace, or another name",
            path.display()
        ),
        Err(WriteError::Io(e)) => format!("cannot write {}: {e}", path.display()),
    };
    Reply::Refused {
        problems: vec![("file".into(), said.clone())],
        message: said,
    }
}
