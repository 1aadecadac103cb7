//! Carries out the interface's effects against the service, and turns results into
//! replies (casework effects in [`casework`]). Errors become words on the screen; nothing here panics on stored data.

mod admin;
mod casework;
mod search;
mod session;
mod warming;

pub use warming::Notify;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Sender;

use super::app::App;
use super::component::{Lists, Status};
use super::msg::{Effect, Reply};
use crate::domain::{Clock, ListKind};
use crate::service::{Caseline, DraftSync, Error, InitRequest};
use crate::store::{KdfParams, Store};

/// The store, before and after unlocking.
pub struct Backend {
    dir: PathBuf,
    store: Option<Store>,
    svc: Option<Arc<Caseline>>,
    /// The session while the screen is locked: no effect reaches it until someone
    /// unlocks (it stays open so the store's lock is never let go).
    locked: Option<Arc<Caseline>>,
    draft_dirty: bool,
    /// The thread forcing drafts to disk, and how to hand it one.
    syncer: Option<(Sender<DraftSync>, std::thread::JoinHandle<()>)>,
    /// The thread building the caller-matching cache; joined before the store closes.
    warming: Option<std::thread::JoinHandle<()>>,
    /// Key derivation for new key slots (tests use cheap parameters).
    pub kdf: KdfParams,
    /// How far the warming thread has come.
    warmth: warming::Warmth,
    /// The one clock: the screens and the service read the same time.
    clock: Clock,
}

impl Backend {
    pub fn new(dir: PathBuf, store: Option<Store>, clock: Clock) -> Backend {
        let store = store.map(|s| s.with_clock(clock.clone()));
        Backend {
            clock,
            dir,
            store,
            svc: None,
            locked: None,
            draft_dirty: false,
            syncer: None,
            warming: None,
            kdf: KdfParams::for_new_slots(),
            warmth: warming::Warmth::default(),
        }
    }

    /// How the warming thread tells the loop that the search index is ready.
    pub fn set_notify(&mut self, notify: Notify) {
        self.warmth.set_notify(notify);
    }

    /// The unlocked service, for workers beside the loop.
    pub fn service(&self) -> Option<Arc<Caseline>> {
        self.svc.clone()
    }

    /// Whether a draft was written but not yet forced to disk.
    pub fn draft_dirty(&self) -> bool {
        self.draft_dirty
    }

    /// Forces the draft to disk, now: on every way out.
    pub fn sync_draft(&mut self) {
        if let (true, Some(svc)) = (self.draft_dirty, &self.svc) {
            let _ = svc.sync_draft();
        }
        self.draft_dirty = false;
    }

    /// Forces the draft to disk on a thread of its own, for the loop when typing
    /// pauses: with the disk busy a sync can take a third of a second, and a key
    /// pressed meanwhile would wait for it. The next draft write does not.
    pub fn sync_draft_beside(&mut self) {
        let Some(svc) = self.svc.as_ref().filter(|_| self.draft_dirty) else {
            return;
        };
        self.draft_dirty = false;
        let Ok(copies) = svc.draft_to_sync() else {
            // Tried again at the next pause, and on the way out.
            self.draft_dirty = true;
            return;
        };
        let (tx, _) = self.syncer.get_or_insert_with(|| {
            let (tx, rx) = std::sync::mpsc::channel::<DraftSync>();
            let handle = std::thread::spawn(move || {
                // Only the newest copies matter; a failure is tried again by the
                // next sync, and by the one on the way out.
                while let Ok(mut copies) = rx.recv() {
                    while let Ok(newer) = rx.try_recv() {
                        copies = newer;
                    }
                    let _ = copies.run();
                }
            });
            (tx, handle)
        });
        let _ = tx.send(copies);
    }

    /// Lets the syncing thread finish what it was given.
    fn stop_syncer(&mut self) {
        if let Some((tx, handle)) = self.syncer.take() {
            drop(tx);
            let _ = handle.join();
        }
    }

    /// On the way out of the program: as [`Backend::shut_down`], except that a warming
    /// thread still building the search index (a minute at 100,000 cases) is not
    /// waited for. The draft is kept and the store flushed first; the thread only reads,
    /// and ends with the process, whose end also lets go of the store's lock.
    pub fn shut_down_for_exit(&mut self) {
        if self.warming.as_ref().is_some_and(|t| !t.is_finished()) {
            self.sync_draft();
            // Dropping the handle lets the thread be: nothing joins it.
            self.warming = None;
            if let Some(svc) = self.svc.take().or_else(|| self.locked.take()) {
                let _ = svc.flush();
            }
            return;
        }
        self.shut_down();
    }

    /// Keeps the draft and flushes the store; called on every way out.
    pub fn shut_down(&mut self) {
        self.sync_draft();
        self.stop_syncer();
        if let Some(t) = self.warming.take() {
            let _ = t.join();
        }
        if let Some(svc) = self.svc.take().or_else(|| self.locked.take()) {
            // The warming thread is joined, so this is the last handle: closing it
            // releases the store's lock before the next one opens it.
            match Arc::try_unwrap(svc) {
                Ok(svc) => {
                    let _ = svc.close();
                }
                Err(shared) => {
                    let _ = shared.flush();
                }
            }
        }
    }

    fn lists(svc: &Caseline) -> Lists {
        ListKind::ALL
            .iter()
            .map(|k| (*k, svc.reference_list(*k).clone()))
            .collect()
    }

    fn signed_in(&mut self, svc: Caseline, app: &mut App) -> (String, String) {
        app.set_lists(Backend::lists(&svc));
        app.set_idle_lock(svc.settings().idle_lock_minutes);
        let who = (
            svc.settings().organisation.clone(),
            svc.actor().display_name.clone(),
        );
        let svc = Arc::new(svc);
        let warm = Arc::clone(&svc);
        // Reading every person takes a moment in a big store, and so do loading the
        // search index and finding each person's cases: do them before the first call,
        // so the first keystroke of a search does not wait for them.
        let warmth = self.warmth.clone();
        warmth.start();
        self.warming = Some(std::thread::spawn(move || {
            // Whatever happens in there, a search waiting for it must be let go.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let _ = warm.warm_search(&mut |done, total| warmth.progress(done, total));
            }));
            warmth.finished();
        }));
        self.svc = Some(svc);
        who
    }

    /// Carries out one effect; returns what to tell the model.
    pub fn execute(&mut self, effect: Effect, app: &mut App) -> Option<Reply> {
        match effect {
            Effect::Quit => None,
            Effect::CreateStore {
                organisation,
                login,
                name,
                passphrase,
            } => {
                let req = InitRequest {
                    organisation,
                    admin_login: login,
                    admin_name: name,
                    passphrase,
                    kdf: self.kdf,
                };
                match Caseline::init_with_clock(&self.dir, req, self.clock.clone()) {
                    Ok((svc, recovery_key)) => {
                        let (organisation, user) = self.signed_in(svc, app);
                        Some(Reply::StoreCreated {
                            organisation,
                            user,
                            recovery_key,
                        })
                    }
                    Err(e) => Some(refused(e)),
                }
            }
            Effect::Unlock { login, passphrase } if self.locked.is_some() => {
                Some(self.unlock_screen(login.as_deref(), &passphrase, app))
            }
            Effect::Unlock { login, passphrase } => {
                Some(self.unlock(login.as_deref(), &passphrase, app))
            }
            Effect::Lock => {
                self.lock();
                None
            }
            other => {
                let svc = self.svc.as_ref()?;
                if let (Effect::Search(_), Some(wait)) = (&other, self.warmth.not_ready()) {
                    return Some(wait);
                }
                if let Some(found) = search::run(svc, &other) {
                    return Some(found.unwrap_or_else(|e| Reply::Failed(e.to_string())));
                }
                let other = match admin::run(svc, other, self.kdf) {
                    Ok(reply) => return reply,
                    Err(other) => other,
                };
                let checks_draft = matches!(other, Effect::CheckDraft);
                let reply = run(svc, other, &mut self.draft_dirty)
                    .unwrap_or_else(|e| Some(Reply::Failed(e.to_string())));
                if checks_draft {
                    tell_set_aside(svc, app);
                }
                reply
            }
        }
    }

    fn unlock(&mut self, login: Option<&str>, passphrase: &str, app: &mut App) -> Reply {
        let Some(store) = self.store.take() else {
            return Reply::Failed("the store is not open".into());
        };
        let found = store.find_key(login, passphrase);
        if let Err(e) = &found
            && let Some(reply) =
                session::refusal(e, || store.sign_in_failures().unwrap_or_default())
        {
            self.store = Some(store);
            return reply;
        }
        match found {
            Ok((key, user)) => match store
                .unlock_with_key(key)
                .map_err(Error::from)
                .and_then(|v| Caseline::from_vault(v, user))
            {
                Ok(svc) => {
                    let (organisation, user) = self.signed_in(svc, app);
                    Reply::Unlocked { organisation, user }
                }
                Err(e) => Reply::Failed(e.to_string()),
            },
            Err(e) => {
                self.store = Some(store);
                Reply::UnlockFailed(e.to_string())
            }
        }
    }
}

impl Drop for Backend {
    /// The warming thread holds a handle on the store; wait for it, so the store's lock
    /// is released when the backend goes, however it goes.
    fn drop(&mut self) {
        if let Some(t) = self.warming.take() {
            let _ = t.join();
        }
    }
}

/// Says so when reading the draft set a damaged copy of it aside.
fn tell_set_aside(svc: &Caseline, app: &mut App) {
    let set_aside = svc.take_set_aside_drafts().unwrap_or_default();
    if let Some(first) = set_aside.first() {
        app.tell_after(Status::Error(format!(
            "A damaged copy of your draft could not be read; it is kept aside as {first}: \
             tell an administrator"
        )));
    }
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

fn run(svc: &Caseline, effect: Effect, draft_dirty: &mut bool) -> Result<Option<Reply>, Error> {
    Ok(Some(match effect {
        Effect::FindPeople(q) => {
            let found = svc.find_people(&q, 5)?;
            Reply::PeopleFound(q, found)
        }
        Effect::SaveDraft(d) => {
            svc.save_draft(&d)
                .map_err(|e| Error::Conflict(format!("the draft could not be kept: {e}")))?;
            *draft_dirty = true;
            return Ok(None);
        }
        Effect::DiscardDraft => {
            svc.discard_draft()?;
            *draft_dirty = false;
            Reply::DraftFound(None)
        }
        Effect::CheckDraft => Reply::DraftFound(svc.load_draft()?),
        Effect::SaveIntake(req) => match svc.record_intake(*req) {
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
        Effect::LoadRecent => Reply::Recent(svc.recent_intakes()?),
        Effect::LoadIncident(id) => Reply::Incident(Box::new(svc.intake_detail(id)?)),
        Effect::Quit | Effect::CreateStore { .. } | Effect::Unlock { .. } => return Ok(None),
        other => return casework::run(svc, other),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    #[test]
    fn leaving_the_program_does_not_wait_for_the_index_to_be_built() {
        let tmp = tempfile::tempdir().expect("a temp dir");
        let mut backend = Backend::new(tmp.path().to_path_buf(), None, Clock::system());
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
