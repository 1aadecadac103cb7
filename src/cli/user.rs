//! `caseline user`: the administrator's management of users over SSH.
//!
//! New passphrases never come from a command-line argument (other users of the machine
//! can read those): from `CASELINE_NEW_PASSPHRASE`, `--new-passphrase-file FILE`, or a
//! prompt on the terminal that does not echo and asks twice. `CASELINE_PASSPHRASE` and
//! `--passphrase-file` stay the acting user's, to unlock with.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use zeroize::Zeroizing;

use super::admin::Context;
use super::output::{emit, say, table};
use super::{CliResult, Failure, Format, secrets};
use crate::domain::Role;
use crate::service::{Client, NewUser, Operation, UserRow};

/// The environment variable holding a new passphrase, for scripts.
pub const NEW_ENV: &str = "CASELINE_NEW_PASSPHRASE";

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user with their own passphrase.
    Add {
        /// What they type to sign in: lower-case letters, digits, '.', '-', '_'.
        login: String,
        /// Their name as screens show it.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// administrator, caseworker, volunteer or reporting-centre.
        #[arg(long, value_parser = parse_role, value_name = "ROLE")]
        role: Role,
        /// The reporting centre a reporting-centre login works for, by its name in
        /// the directory.
        #[arg(long, value_name = "NAME")]
        centre: Option<String>,
        #[command(flatten)]
        new: NewPassphrase,
    },
    /// List every user, their role and whether they can sign in.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Give a user another role.
    SetRole {
        login: String,
        /// administrator, caseworker, volunteer or reporting-centre.
        #[arg(value_parser = parse_role)]
        role: Role,
        /// The reporting centre, by name, for the reporting-centre role.
        #[arg(long, value_name = "NAME")]
        centre: Option<String>,
    },
    /// Disable a user: their passphrase stops working; what they recorded stays.
    Disable { login: String },
    /// Enable a disabled user again, with a new passphrase.
    Enable {
        login: String,
        #[command(flatten)]
        new: NewPassphrase,
    },
    /// Set a user's passphrase (an administrator for anyone; anyone for themselves,
    /// signing in with the old one).
    Passphrase {
        login: String,
        #[command(flatten)]
        new: NewPassphrase,
    },
}

/// Where a new passphrase comes from when not from a prompt.
#[derive(Debug, Args)]
pub struct NewPassphrase {
    /// Read the new passphrase from this file (first line) instead of asking.
    /// `CASELINE_NEW_PASSPHRASE` in the environment also works.
    #[arg(long, value_name = "FILE")]
    new_passphrase_file: Option<PathBuf>,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
}

/// Runs a `user` action.
pub fn run(ctx: &Context, action: UserAction) -> CliResult {
    match action {
        UserAction::Add {
            login,
            name,
            role,
            centre,
            new,
        } => {
            centre_goes_with_role(role, centre.as_deref())?;
            let svc = ctx.open()?;
            svc.require(Operation::ManageUsers)?;
            let centre = centre.map(|c| find_centre(&svc, &c)).transpose()?;
            // A taken login is said before a passphrase is asked for (twice) in vain.
            if svc.user_by_login(&login)?.is_some() {
                return Err(Failure {
                    message: format!(
                        "the user was not added: login `{}` is already taken",
                        login.trim().to_lowercase()
                    ),
                    code: 1,
                });
            }
            let passphrase = new_passphrase(&new)?;
            let req = NewUser {
                login,
                display_name: name,
                role,
                centre,
            };
            svc.add_user(req, &passphrase)?;
            say!("User added.");
            Ok(svc.close()?)
        }
        UserAction::List { format } => {
            let svc = ctx.open()?;
            let rows = svc.users()?;
            let listed: Vec<Listed> = rows.iter().map(Listed::from).collect();
            emit(format, &listed, |_| print_users(&rows))?;
            Ok(svc.close()?)
        }
        UserAction::SetRole {
            login,
            role,
            centre,
        } => {
            centre_goes_with_role(role, centre.as_deref())?;
            let svc = ctx.open()?;
            let id = find(&svc, &login)?;
            match centre {
                Some(c) => svc.assign_centre(id, find_centre(&svc, &c)?)?,
                None => svc.set_role(id, role)?,
            }
            say!("{login} is now {}.", role.name());
            Ok(svc.close()?)
        }
        UserAction::Disable { login } => {
            let svc = ctx.open()?;
            let id = find(&svc, &login)?;
            svc.disable_user(id)?;
            say!("{login} is disabled: their passphrase no longer opens the store.");
            Ok(svc.close()?)
        }
        UserAction::Enable { login, new } => {
            let svc = ctx.open()?;
            svc.require(Operation::ManageUsers)?;
            let id = find(&svc, &login)?;
            let passphrase = new_passphrase(&new)?;
            svc.enable_user(id, &passphrase)?;
            say!("{login} is enabled again, with the new passphrase.");
            Ok(svc.close()?)
        }
        UserAction::Passphrase { login, new } => passphrase(ctx, &login, &new),
    }
}

/// `user passphrase`: one's own, proved by the passphrase just used to sign in, or
/// (administrators) anyone's.
fn passphrase(ctx: &Context, login: &str, new: &NewPassphrase) -> CliResult {
    let old = secrets::unlock(ctx.passphrase_file.as_deref())?;
    let svc = ctx.open_as(ctx.user.as_deref(), &old)?;
    let id = find(&svc, login)?;
    let own = id == svc.actor().id;
    if !own {
        // Refused before asking for a passphrase that could not be used.
        svc.require(Operation::ManageUsers)?;
    }
    let passphrase = new_passphrase(new)?;
    if own {
        svc.change_passphrase(&old, &passphrase)?;
    } else {
        svc.reset_passphrase(id, &passphrase)?;
    }
    say!("The passphrase for {login} is changed.");
    Ok(svc.close()?)
}

/// `--centre` is given with the reporting-centre role, and only with it: a usage error
/// otherwise, said before anything is opened.
fn centre_goes_with_role(role: Role, centre: Option<&str>) -> Result<(), Failure> {
    let message = match (role == Role::ReportingCentre, centre) {
        (true, None) => {
            "the reporting-centre role needs --centre NAME (the centre in the directory)"
        }
        (false, Some(_)) => "--centre goes only with --role reporting-centre",
        _ => return Ok(()),
    };
    Err(Failure {
        message: message.into(),
        code: 2,
    })
}

/// The reporting centre called `name` in the directory.
fn find_centre(svc: &Client, name: &str) -> Result<crate::domain::OrganisationId, Failure> {
    crate::service::centre_named(&svc.reporting_centres()?, name)
        .map_err(|message| Failure { message, code: 1 })
}

/// The id of the user signing in as `login`.
fn find(svc: &Client, login: &str) -> Result<crate::domain::UserId, Failure> {
    match svc.team()?.by_login(login) {
        Some(m) => Ok(m.id),
        None => Err(Failure {
            message: format!("there is no user with the login `{login}`"),
            code: 1,
        }),
    }
}

/// A user as `user list --format json` prints them: the user's fields, then the
/// slots and state beside them.
#[derive(serde::Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    user: &'a crate::domain::User,
    slots: usize,
    state: crate::service::AccountState,
    /// The centre's name, beside its id in `centre`.
    centre_name: Option<&'a str>,
}

impl<'a> From<&'a UserRow> for Listed<'a> {
    fn from(r: &'a UserRow) -> Listed<'a> {
        Listed {
            user: &r.user,
            slots: r.slots,
            state: r.state,
            centre_name: r.centre.as_deref(),
        }
    }
}

fn print_users(rows: &[UserRow]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.user.login.clone(),
                r.user.display_name.clone(),
                r.user.role.name().to_string(),
                r.state.says().to_string(),
                r.user.created_at.format("%Y-%m-%d").to_string(),
                r.centre.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &["LOGIN", "NAME", "ROLE", "STATE", "ADDED", "CENTRE"],
        &rows,
    );
}

/// The new passphrase: from the file, the environment, or asked for twice on the
/// terminal without echo.
fn new_passphrase(new: &NewPassphrase) -> Result<Zeroizing<String>, Failure> {
    if let Some(path) = &new.new_passphrase_file {
        return from_file(path);
    }
    if let Ok(p) = std::env::var(NEW_ENV) {
        return Ok(Zeroizing::new(p));
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure {
            message: format!(
                "no new passphrase: set {NEW_ENV} or use --new-passphrase-file FILE, \
                 or run this in a terminal"
            ),
            code: 1,
        });
    }
    secrets::ask_new_twice()
}

fn from_file(path: &Path) -> Result<Zeroizing<String>, Failure> {
    // `given` reads the first line and warns when others can read the file.
    secrets::given(Some(path))?.ok_or_else(|| Failure {
        message: format!("cannot read the passphrase file {}", path.display()),
        code: 1,
    })
}
