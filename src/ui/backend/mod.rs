//! Carries out the interface's effects against the service, and turns results into
//! replies: one handler for each group of effects (casework in [`casework`]). Errors become words on the screen; nothing here panics on stored data.

mod admin;
mod card;
mod casework;
mod directory;
mod drafts;
mod intake;
mod letters;
mod link;
mod referrals;
mod session;
mod warming;

pub use drafts::{DraftLane, Synced};
pub use link::Reach;
pub use warming::Notify;

use std::path::PathBuf;
use std::sync::Arc;

use super::app::Start;
use super::component::{Lists, Status};
use super::msg::{Effect, Reply, Welcome};
use crate::domain::{Clock, UserId};
use crate::service::{Client, Error, InitRequest, KeyCost};
use link::Link;

/// The store, before and after signing in.
pub struct Backend {
    dir: PathBuf,
    reach: Reach,
    /// The store reached; `None` before it exists (first-run setup) or after its
    /// server went away.
    link: Option<Link>,
    client: Option<Arc<Client>>,
    /// Who locked the screen: their session has ended, and whoever unlocks next gets
    /// a session of their own.
    locked: Option<UserId>,
    /// The draft lane, which shares the session (the runtime runs it on the loop).
    drafts: DraftLane,
    /// The thread loading the search index; joined before the session ends.
    warming: Option<std::thread::JoinHandle<()>>,
    /// How costly new passphrase slots are (tests use cheap ones).
    pub key_cost: KeyCost,
    /// How far the warming thread has come.
    warmth: warming::Warmth,
    /// The one clock: the screens and the service read the same time.
    clock: Clock,
}

impl Backend {
    pub fn new(dir: PathBuf, reach: Reach, clock: Clock) -> Backend {
        Backend {
            clock,
            dir,
            reach,
            link: None,
            client: None,
            locked: None,
            drafts: DraftLane::default(),
            warming: None,
            key_cost: KeyCost::Standard,
            warmth: warming::Warmth::default(),
        }
    }

    /// Reaches the store, if there is one, and says where the program starts: the
    /// first-run setup, or signing in (with the login first when several people
    /// have passphrases).
    pub fn start(&mut self) -> Result<Start, Error> {
        // An office server's store is made by its administrator, never from here.
        let served = matches!(self.reach, Reach::Socket(_));
        if !served && !crate::service::store_exists(&self.dir) {
            return Ok(Start::Setup);
        }
        let link = Link::reach(&self.dir, &self.reach, &self.clock, self.key_cost)?;
        let status = link.status()?;
        self.link = Some(link);
        Ok(Start::Unlock {
            login_first: status.login_first,
        })
    }

    /// How the warming thread tells the loop that the search index is ready.
    pub fn set_notify(&mut self, notify: Notify) {
        self.warmth.set_notify(notify);
    }

    /// The signed-in session, for workers beside the loop.
    pub fn service(&self) -> Option<Arc<Client>> {
        self.client.clone()
    }

    /// The draft lane, for the loop to run draft effects on before it draws.
    pub fn drafts(&self) -> DraftLane {
        self.drafts.clone()
    }

    /// Forces the draft to disk, now: on every way out. A failure leaves the draft as
    /// it was written (the kernel has it; a power cut may lose it): there is no screen
    /// left to say so on, and the session ends either way.
    pub fn sync_draft(&mut self) {
        let _ = self.drafts.sync();
    }

    /// On the way out of the program: as [`Backend::shut_down`], except that a warming
    /// thread still loading the search index is not waited for. The draft is kept and
    /// the session ended first; the thread only reads.
    pub fn shut_down_for_exit(&mut self) {
        if self.warming.as_ref().is_some_and(|t| !t.is_finished()) {
            self.sync_draft();
            self.drafts.set_client(None);
            // Dropping the handle lets the thread be: nothing joins it.
            self.warming = None;
            if let Some(client) = self.client.take() {
                let _ = client.sign_out_shared(false);
            }
            return;
        }
        self.shut_down();
    }

    /// Keeps the draft and ends the session; called on every way out.
    pub fn shut_down(&mut self) {
        self.sync_draft();
        self.drafts.set_client(None);
        if let Some(t) = self.warming.take() {
            let _ = t.join();
        }
        if let Some(client) = self.client.take() {
            // The warming thread is joined, so this is the last handle: a session in
            // this process closes, letting go of the store before the next one opens it.
            match Arc::try_unwrap(client) {
                Ok(client) => {
                    let _ = client.close();
                }
                Err(shared) => {
                    let _ = shared.sign_out_shared(false);
                }
            }
        }
        self.link = None;
    }

    fn lists(client: &Client) -> Lists {
        client
            .signed_in()
            .lists
            .iter()
            .map(|l| (l.kind, l.clone()))
            .collect()
    }

    /// Makes `client` the session, and says who signed in and what the screens are
    /// to take in with it.
    fn signed_in(&mut self, client: Client) -> (String, String, Box<Welcome>) {
        let notice = client.notices().first().map(|first| {
            let more = match client.notices().len() - 1 {
                0 => String::new(),
                n => format!(" ({n} more: `caseline check` lists them)"),
            };
            let text = format!("{first}{more}");
            if client.signed_in().damage {
                Status::Error(text)
            } else {
                Status::Info(text)
            }
        });
        let welcome = Box::new(Welcome {
            lists: Backend::lists(&client),
            idle_lock_minutes: client.settings().idle_lock_minutes,
            notice,
        });
        let (organisation, user) = (
            client.settings().organisation.clone(),
            client.actor().display_name.clone(),
        );
        // What others change reaches the screens: the server pushes it, nothing polls.
        let told = self.warmth.clone();
        // The server going away is said at once, even on a screen nobody is using.
        client.listen(Arc::new(move |notice| {
            told.send(match notice {
                crate::service::api::wire::Notice::ServerGone => server_gone(),
                notice => Reply::Changed(notice),
            })
        }));
        let client = Arc::new(client);
        let warm = Arc::clone(&client);
        // Loading the search index takes a moment in a big store: do it before the
        // first search, so its first keystroke does not wait for it.
        let warmth = self.warmth.clone();
        warmth.start();
        self.warming = Some(std::thread::spawn(move || {
            // Whatever happens in there, a search waiting for it must be let go. A
            // panic is caught unreported (the report would be drawn over the screen):
            // the search then builds the index itself, or says why it cannot.
            let _ = crate::ui::executor::caught(|| {
                let _ = warm.warm_search(&mut |done, total| warmth.progress(done, total));
            });
            warmth.finished();
            // Then the directory, so its screen opens at once; refused to a centre's
            // login, which has no directory, and nobody waits for it.
            let _ = crate::ui::executor::caught(|| {
                let _ = warm.warm_directory();
            });
        }));
        self.drafts.set_client(Some(Arc::clone(&client)));
        self.client = Some(client);
        (organisation, user, welcome)
    }

    /// Carries out one effect; returns what to tell the model.
    pub fn execute(&mut self, effect: Effect) -> Option<Reply> {
        match effect {
            Effect::Quit => None,
            Effect::CreateStore {
                organisation,
                login,
                name,
                passphrase,
            } => Some(self.create(organisation, login, name, passphrase)),
            Effect::Unlock {
                login: None,
                passphrase,
            } if self.only_login_is(&passphrase) => Some(Reply::LoginTyped),
            Effect::Unlock { login, passphrase } => {
                Some(self.unlock(login.as_deref(), &passphrase))
            }
            Effect::Lock => self.lock(),
            other => {
                let reply = self.serve(other)?;
                if self.link.as_ref().is_some_and(|l| l.is_gone()) {
                    return Some(server_gone());
                }
                Some(reply)
            }
        }
    }

    /// Carries out an effect of a signed-in session: each group of effects to its
    /// handler, every group named (a new one does not compile until it is handled).
    fn serve(&mut self, effect: Effect) -> Option<Reply> {
        let client = self.client.as_ref()?;
        let reply = match effect {
            // Carried out before a session is reached, or by the runtime itself.
            Effect::Quit
            | Effect::CreateStore { .. }
            | Effect::Unlock { .. }
            | Effect::Lock
            | Effect::EditOutside(_) => return None,
            Effect::Search(text) => match self.warmth.not_ready() {
                Some(wait) => Ok(wait),
                None => client.search_view(&text).map(|d| Reply::Found(Box::new(d))),
            },
            Effect::LoadReport(req) => client.report(*req).map(|v| Reply::Report(Box::new(v))),
            Effect::Draft(effect) => return self.drafts.run(effect),
            Effect::Intake(effect) => intake::run(client, effect),
            Effect::Case(effect) => casework::read(client, effect),
            Effect::Change(effect) => casework::change(client, effect),
            Effect::Card(effect) => card::card(client, effect),
            Effect::People(effect) => card::people(client, effect),
            Effect::Admin(effect) => Ok(admin::run(client, effect)),
            Effect::Directory(effect) => Ok(directory::run(client, effect)),
            Effect::Letter(effect) => Ok(letters::run(client, effect)),
            Effect::Referral(effect) => referrals::run(client, effect, self.clock.now()),
        };
        Some(reply.unwrap_or_else(|e| Reply::Failed(e.to_string())))
    }

    /// The first-run setup: makes the store here, then reaches it as any later start
    /// would and signs its first administrator in.
    fn create(
        &mut self,
        organisation: String,
        login: String,
        name: String,
        passphrase: zeroize::Zeroizing<String>,
    ) -> Reply {
        let req = InitRequest {
            organisation,
            admin_login: login.clone(),
            admin_name: name,
            passphrase: passphrase.clone(),
            key_cost: self.key_cost,
        };
        let made = crate::service::Caseline::init_with_clock(&self.dir, req, self.clock.clone());
        let (svc, recovery_key) = match made {
            Ok(made) => made,
            Err(e) => return refused(e),
        };
        if let Err(e) = svc.close() {
            return Reply::Failed(e.to_string());
        }
        let signed =
            Link::reach(&self.dir, &self.reach, &self.clock, self.key_cost).and_then(|link| {
                let client = link.sign_in(Some(&login), &passphrase, None)?;
                self.link = Some(link);
                Ok(client)
            });
        match signed {
            Ok(client) => {
                let (organisation, user, welcome) = self.signed_in(client);
                Reply::StoreCreated {
                    organisation,
                    user,
                    recovery_key,
                    welcome,
                }
            }
            Err(e) => Reply::Failed(e.to_string()),
        }
    }
}

impl Drop for Backend {
    /// The warming thread holds a handle on the session; wait for it, so the session
    /// ends when the backend goes, however it goes.
    fn drop(&mut self) {
        if let Some(t) = self.warming.take() {
            let _ = t.join();
        }
    }
}

/// What the screen says when the store's server has gone away mid-session.
pub(super) fn server_gone() -> Reply {
    Reply::ServerGone(
        "The caseline server stopped. Anything not shown as saved may not have been: \
         sign in again to go on (your intake draft is kept)"
            .into(),
    )
}

/// A refusal from the service, with field problems when there are some.
pub(super) fn refused(e: Error) -> Reply {
    let problems = e
        .problems()
        .map(|p| {
            p.0.iter()
                .map(|f| (f.field.clone(), f.message.clone()))
                .collect()
        })
        .unwrap_or_default();
    Reply::Refused {
        problems,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    #[test]
    fn leaving_the_program_does_not_wait_for_the_index_to_be_built() {
        let tmp = tempfile::tempdir().expect("a temp dir");
        let mut backend = Backend::new(
            tmp.path().to_path_buf(),
            Reach::InProcess,
            crate::ui::testing::test_clock(),
        );
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let ended = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&ended);
        // Stands in for a build that takes a minute: it ends only when released (or,
        // if the backend wrongly waited for it, after 30 s, which the test then sees).
        backend.warming = Some(std::thread::spawn(move || {
            let _ = wait.recv_timeout(Duration::from_secs(30));
            flag.store(true, Ordering::SeqCst);
        }));
        backend.shut_down_for_exit();
        assert!(
            !ended.load(Ordering::SeqCst),
            "the way out waited for the warming thread"
        );
        assert!(backend.warming.is_none());
        let _ = release.send(());
    }
}
