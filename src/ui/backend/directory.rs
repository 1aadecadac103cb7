//! Directory effects: the list, adding and editing entries, and logging consultations.
//! A group consulted past the limit is refused as a problem with the "log anyway"
//! field, so the dialog that asked shows the warning where the worker confirms.

use super::refused;
use crate::service::{Client, ConsultationLogged, Error};
use crate::ui::msg::{DirectoryEffect, Reply};

/// Carries out a directory effect.
pub(super) fn run(svc: &Client, effect: DirectoryEffect) -> Reply {
    let reply = match effect {
        // The limit as it is now: an administrator may have changed it since signing in.
        DirectoryEffect::Load => svc.directory(&Default::default()).and_then(|rows| {
            Ok(Reply::Directory {
                rows: Box::new(rows),
                limit: svc.consultation_limit()?,
            })
        }),
        DirectoryEffect::Add(org) => {
            let name = org.name.trim().to_string();
            svc.add_organisation(*org)
                .map(|_| Reply::Saved(format!("{name} added to the directory")))
        }
        DirectoryEffect::Edit(id, edit) => {
            let name = edit.typed.name.trim().to_string();
            svc.change_organisation(id, *edit)
                .map(|()| Reply::Saved(format!("{name}: directory entry saved")))
        }
        DirectoryEffect::LogConsultation(req) => svc.log_consultation(req).map(|logged| match logged {
            ConsultationLogged::Logged { lately } => {
                Reply::Saved(format!("Consultation logged: {lately} in the last 90 days"))
            }
            ConsultationLogged::Overloaded { lately, limit } => {
                let message = format!(
                    "consulted {lately} time(s) in 90 days, the limit is {limit}: choose yes under \
                     Log anyway to log it"
                );
                Reply::Refused {
                    problems: vec![("despite_warning".into(), message.clone())],
                    message,
                }
            }
        }),
    };
    match reply {
        Ok(r) => r,
        // The dialog stays open with its typing: rules broken, or the entry changed by
        // someone else meanwhile.
        Err(e @ (Error::Invalid { .. } | Error::Conflict(_))) => refused(e),
        Err(e) => Reply::Failed(e.to_string()),
    }
}
