//! The administrator's effects: the audit log (a page at a time, a case's access
//! history, checking the chain) and users; and what everyone's screens follow of the
//! settings (the role, the idle lock, the reference lists). The service refuses anyone who is not an
//! administrator; its refusal is passed on in its own words, so the screen can say
//! why instead of showing an empty list.

use super::refused;
use crate::domain::{OrganisationId, Problems, UserId};
use crate::service::{Client, Error, UserRow};
use crate::ui::msg::{AdminEffect, Reply, Welcome};
use crate::ui::screens::audit::PAGE;

/// Carries out an administrator's effect.
pub(super) fn run(svc: &Client, effect: AdminEffect) -> Reply {
    let reply = match effect {
        // As stored now, not as at sign-in: an administrator may have changed it.
        AdminEffect::LoadRole => svc.own_settings().map(|s| Reply::Role(s.role)),
        AdminEffect::LoadSettings => svc.own_settings().map(|s| {
            Reply::Settings(Box::new(Welcome {
                lists: s.lists.into_iter().map(|l| (l.kind, l)).collect(),
                idle_lock_minutes: s.idle_lock_minutes,
                notice: None,
            }))
        }),
        AdminEffect::LoadAudit(q) => svc.audit_page(q).map(|p| Reply::Audit(Box::new(p))),
        AdminEffect::LoadAccessHistory(case) => svc
            .access_history(case, PAGE)
            .map(|p| Reply::AccessHistory(case, Box::new(p))),
        AdminEffect::VerifyAudit => svc.verify_audit(None).map(Reply::AuditVerified),
        AdminEffect::LoadUsers => users(svc).map(Reply::Users),
        AdminEffect::LoadWorkSettings => svc
            .work_settings()
            .map(|s| Reply::WorkSettings(Box::new(s))),
        AdminEffect::SetWorkSettings(s) => svc
            .set_work_settings(*s)
            .map(|()| Reply::Saved("Settings saved".into())),
        AdminEffect::AddUser {
            mut user,
            centre,
            passphrase,
        } => {
            let login = user.login.trim().to_lowercase();
            match centre.map(|name| centre_id(svc, &name)).transpose() {
                Ok(centre) => {
                    user.centre = centre;
                    svc.add_user(*user, &passphrase)
                        .map(|_| Reply::Saved(format!("User {login} added")))
                }
                Err(e) => Err(e),
            }
        }
        AdminEffect::AssignCentre(id, name) => {
            let said = login_of(svc, id);
            centre_id(svc, &name)
                .and_then(|c| svc.assign_centre(id, c))
                .map(|()| Reply::Saved(format!("{said} is now a reporting centre's login")))
        }
        AdminEffect::SetRole(id, role) => {
            let said = login_of(svc, id);
            svc.set_role(id, role)
                .map(|()| Reply::Saved(format!("{said} is now {}", role.name())))
        }
        AdminEffect::DisableUser(id) => {
            let said = login_of(svc, id);
            svc.disable_user(id)
                .map(|()| Reply::Saved(format!("{said} is disabled and cannot sign in")))
        }
        AdminEffect::ResetPassphrase { user, passphrase } => {
            let said = login_of(svc, user);
            svc.reset_passphrase(user, &passphrase)
                .map(|()| Reply::Saved(format!("{said} has a new passphrase")))
        }
        AdminEffect::EnableUser { user, passphrase } => {
            let said = login_of(svc, user);
            svc.enable_user(user, &passphrase).map(|()| {
                Reply::Saved(format!("{said} can sign in again, with the new passphrase"))
            })
        }
    };
    match reply {
        Ok(r) => r,
        // Problems by field go back to the form that asked; anything else (a refusal
        // for a role, a case that does not exist) is said on the status line.
        Err(e @ Error::Invalid { .. }) => refused(e),
        Err(e) => Reply::Failed(e.to_string()),
    }
}

/// The directory's reporting centre of this name; an unknown or unclear name is a
/// problem with the dialog's centre field.
fn centre_id(svc: &Client, name: &str) -> Result<OrganisationId, Error> {
    crate::service::centre_named(&svc.reporting_centres()?, name).map_err(|m| {
        let mut p = Problems::new();
        p.add("centre", m);
        Error::invalid("user", p)
    })
}

/// Every user but the built-in account the recovery key signs in as, which cannot be
/// changed from here (administrators only: the service refuses anyone else).
fn users(svc: &Client) -> Result<Vec<UserRow>, Error> {
    Ok(svc
        .users()?
        .into_iter()
        .filter(|r| !r.user.recovery)
        .collect())
}

/// A user's login for the status line (a login is not personal data in this sense:
/// it is what the audit log names users by).
fn login_of(svc: &Client, id: UserId) -> String {
    svc.team()
        .ok()
        .and_then(|t| t.members.into_iter().find(|m| m.id == id))
        .map(|m| m.login)
        .unwrap_or_else(|| "The user".into())
}
