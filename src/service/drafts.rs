//! Drafts of forms being typed: saved on every change, offered again after a crash.

use std::collections::BTreeMap;
use std::sync::MutexGuard;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Caseline, Result};
use crate::domain::Id;
use crate::store::codec::{from_bincode, to_bincode};
use crate::store::{DraftFiles, StoreError};

/// A form in progress, as field name → text. Kept as text so a draft written by an
/// older form still loads into a newer one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: Id,
    /// Which form: `intake`.
    pub form: String,
    pub values: BTreeMap<String, String>,
    pub started_at: DateTime<Utc>,
    pub saved_at: DateTime<Utc>,
}

impl Draft {
    /// An empty draft of `form`, started at `now`.
    pub fn new(form: &str, now: DateTime<Utc>) -> Draft {
        Draft {
            id: Id::new(),
            form: form.to_string(),
            values: BTreeMap::new(),
            started_at: now,
            saved_at: now,
        }
    }
}

/// A draft's copies, to force to disk away from the thread that writes them.
pub struct DraftSync(Vec<(std::fs::File, std::path::PathBuf)>);

impl DraftSync {
    /// Forces the copies to disk.
    pub fn run(self) -> Result<()> {
        for (file, path) in self.0 {
            file.sync_data()
                .map_err(|e| StoreError::io(format!("syncing the draft {}", path.display()), e))?;
        }
        Ok(())
    }
}

impl Caseline {
    fn draft_files(&self) -> Result<MutexGuard<'_, Option<DraftFiles>>> {
        let mut guard = self.drafts.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(DraftFiles::new(self.dir(), self.actor().id)?);
        }
        Ok(guard)
    }

    /// Keeps the actor's draft. Cheap enough for every keystroke: it survives the process
    /// being killed at once, and a power cut after [`Caseline::sync_draft`].
    pub fn save_draft(&self, draft: &Draft) -> Result<()> {
        let draft = Draft {
            saved_at: self.now(),
            ..draft.clone()
        };
        let plain = zeroize::Zeroizing::new(to_bincode(&draft));
        let mut files = self.draft_files()?;
        files
            .as_mut()
            .expect("opened")
            .write(self.vault().data_key(), &plain)?;
        Ok(())
    }

    /// Forces the draft to disk.
    pub fn sync_draft(&self) -> Result<()> {
        let files = self.draft_files()?;
        files.as_ref().expect("opened").sync()?;
        Ok(())
    }

    /// The draft's copies as written so far, to force to disk on another thread:
    /// the writes that follow need not wait for it.
    pub fn draft_to_sync(&self) -> Result<DraftSync> {
        let files = self.draft_files()?;
        Ok(DraftSync(files.as_ref().expect("opened").for_sync()?))
    }

    /// The actor's unfinished draft, if any. A draft whose intake was saved (the program
    /// stopped between saving and removing the draft) is removed, not offered.
    pub fn load_draft(&self) -> Result<Option<Draft>> {
        let bytes = {
            let mut files = self.draft_files()?;
            files
                .as_mut()
                .expect("opened")
                .read(self.vault().data_key())?
        };
        let Some(bytes) = bytes else { return Ok(None) };
        let draft: Draft = from_bincode(&bytes)
            .map_err(|e| StoreError::Damaged(format!("the saved draft could not be read: {e}")))?;
        if self.vault().draft_saved(draft.id)? {
            self.discard_draft()?;
            return Ok(None);
        }
        Ok(Some(draft))
    }

    /// The damaged copies of the actor's draft that [`Caseline::load_draft`] set aside
    /// since this was last asked (names in the data directory), to be told.
    pub fn take_set_aside_drafts(&self) -> Result<Vec<String>> {
        let mut files = self.draft_files()?;
        Ok(files.as_mut().expect("opened").take_set_aside())
    }

    /// Removes the actor's draft.
    pub fn discard_draft(&self) -> Result<()> {
        let mut files = self.draft_files()?;
        files.as_mut().expect("opened").remove()?;
        Ok(())
    }
}
