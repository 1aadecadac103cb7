//! Drafts: the form being typed, kept so that a crash, a kill or a dropped line loses
//! at most the last keystroke.
//!
//! A draft is written on every change, which must be cheap: one `write` of a sealed
//! copy into one of two files, alternately, without waiting for the disk. That survives
//! the process being killed (the kernel has the bytes); a debounced `fsync` a moment
//! later, and on hang-up, makes it survive a power cut too. A write torn by a crash
//! damages only the file being written; the other still holds the previous copy, and
//! the newer of the two that authenticates wins. Drafts live beside the database, not
//! in it, so typing never grows the database's log.
//!
//! A copy that does not open (damaged, or torn by a power cut) is not dropped without a
//! word: reading sets it aside as `drafts/USER.a.damaged-TIME` (still sealed), says so,
//! and `check` lists it until someone deletes it.
//!
//! One user may be signed in at several terminals at once, each typing an intake of its
//! own, so a user's drafts are kept in numbered slots, one per live session: slot 0 is
//! `USER.a`/`USER.b` (the names a store with one session per user always had), slot N
//! is `USER.N.a`/`USER.N.b`. Which session holds which slot is the service's business.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::crypto::SecretKey;
use super::error::{StoreError, StoreResult};
use crate::domain::UserId;

const MAGIC: &[u8; 8] = b"CLDRAFT1";
const DIR: &str = super::layout::DRAFTS;
/// What a set-aside copy's name has after the copy's own.
const SET_ASIDE: &str = ".damaged-";
/// Magic, sequence number, length of the sealed copy (so stale bytes after it are ignored).
const HEADER: usize = 20;

/// The two alternating files holding one of a user's drafts.
pub struct DraftFiles {
    paths: [PathBuf; 2],
    files: [Option<File>; 2],
    user: UserId,
    seq: u64,
    /// Copies set aside by [`DraftFiles::read`], not yet told (names in the data
    /// directory).
    set_aside: Vec<String>,
}

fn aad(user: UserId, seq: u64) -> Vec<u8> {
    let mut a = b"caseline/draft\0".to_vec();
    a.extend_from_slice(&user.0.to_bytes());
    a.extend_from_slice(&seq.to_le_bytes());
    a
}

impl DraftFiles {
    /// The draft files of `user` in the data directory `dir` (slot 0).
    pub fn new(dir: &Path, user: UserId) -> StoreResult<DraftFiles> {
        DraftFiles::in_slot(dir, user, 0)
    }

    /// The draft files of `user`'s slot `slot` in the data directory `dir`.
    pub fn in_slot(dir: &Path, user: UserId, slot: u32) -> StoreResult<DraftFiles> {
        let drafts = dir.join(DIR);
        super::create_private_dir(&drafts)?;
        let base = match slot {
            0 => user.to_string(),
            n => format!("{user}.{n}"),
        };
        let paths = [
            drafts.join(format!("{base}.a")),
            drafts.join(format!("{base}.b")),
        ];
        let mut files = DraftFiles {
            paths,
            files: [None, None],
            user,
            seq: 0,
            set_aside: Vec::new(),
        };
        files.seq = files.newest_seq();
        Ok(files)
    }

    fn newest_seq(&self) -> u64 {
        self.paths
            .iter()
            .filter_map(|p| read_header(p).ok())
            .max()
            .unwrap_or(0)
    }

    /// Whether either file is there with something in it (a draft, or what is left of
    /// one): a slot that does is not given to a new draft.
    pub fn holds_copy(&self) -> bool {
        self.paths
            .iter()
            .any(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
    }

    /// Writes a new copy (not yet forced to disk).
    pub fn write(&mut self, key: &SecretKey, plaintext: &[u8]) -> StoreResult<()> {
        self.seq = self.seq.wrapping_add(1);
        let slot = (self.seq % 2) as usize;
        let sealed = key.seal(&aad(self.user, self.seq), plaintext);
        let mut buf = Vec::with_capacity(HEADER + sealed.len());
        buf.extend_from_slice(MAGIC);
        buf.extend_from_slice(&self.seq.to_le_bytes());
        buf.extend_from_slice(&(sealed.len() as u32).to_le_bytes());
        buf.extend_from_slice(&sealed);
        let path = &self.paths[slot];
        let io = |e| StoreError::io(format!("writing the draft {}", path.display()), e);
        if self.files[slot].is_none() {
            let mut o = OpenOptions::new();
            o.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
            self.files[slot] = Some(o.open(path).map_err(io)?);
        }
        let file = self.files[slot].as_mut().expect("opened above");
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(&buf).map_err(io)?;
        file.set_len(buf.len() as u64).map_err(io)
    }

    /// The open copies, to force to disk away from whoever writes them: a sync can
    /// wait hundreds of milliseconds for a busy disk, a write does not wait for it.
    pub fn for_sync(&self) -> StoreResult<Vec<(File, PathBuf)>> {
        let mut out = Vec::new();
        for (file, path) in self.files.iter().zip(&self.paths) {
            if let Some(f) = file {
                let copy = f.try_clone().map_err(|e| {
                    StoreError::io(format!("opening the draft {} to sync", path.display()), e)
                })?;
                out.push((copy, path.clone()));
            }
        }
        Ok(out)
    }

    /// Forces what was written to disk.
    pub fn sync(&self) -> StoreResult<()> {
        for (file, path) in self.files.iter().zip(&self.paths) {
            if let Some(f) = file {
                f.sync_data().map_err(|e| {
                    StoreError::io(format!("syncing the draft {}", path.display()), e)
                })?;
            }
        }
        Ok(())
    }

    /// The newest copy that authenticates. A copy that is there but does not open is
    /// set aside (see [`DraftFiles::take_set_aside`]).
    pub fn read(&mut self, key: &SecretKey) -> StoreResult<Option<Vec<u8>>> {
        let mut best: Option<(u64, Vec<u8>)> = None;
        for i in 0..2 {
            let Ok(bytes) = std::fs::read(&self.paths[i]) else {
                continue;
            };
            match open_copy(key, self.user, &bytes) {
                Copy::Empty => {}
                Copy::Opens(seq, plain) => {
                    if best.as_ref().is_none_or(|(s, _)| seq > *s) {
                        best = Some((seq, plain));
                    }
                }
                Copy::Damaged => self.set_aside(i)?,
            }
        }
        Ok(best.map(|(_, p)| p))
    }

    /// Moves a copy that does not open aside, under a name of its own.
    fn set_aside(&mut self, i: usize) -> StoreResult<()> {
        // Writes must not go on into the file once it is aside.
        self.files[i] = None;
        let path = &self.paths[i];
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let mut aside = path.clone().into_os_string();
        aside.push(format!("{SET_ASIDE}{stamp}"));
        let aside = PathBuf::from(aside);
        std::fs::rename(path, &aside)
            .map_err(|e| StoreError::io(format!("setting aside {}", path.display()), e))?;
        if let Some(parent) = path.parent() {
            super::sync_dir(parent)?;
        }
        let name = aside.file_name().map(|n| n.to_string_lossy().into_owned());
        self.set_aside
            .push(format!("{DIR}/{}", name.unwrap_or_default()));
        Ok(())
    }

    /// The copies set aside since this was last asked (names in the data directory).
    pub fn take_set_aside(&mut self) -> Vec<String> {
        std::mem::take(&mut self.set_aside)
    }

    /// Removes both copies, durably.
    pub fn remove(&mut self) -> StoreResult<()> {
        self.files = [None, None];
        for path in &self.paths {
            match std::fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(StoreError::io(
                        format!("removing the draft {}", path.display()),
                        e,
                    ));
                }
            }
        }
        if let Some(parent) = self.paths[0].parent() {
            super::sync_dir(parent)?;
        }
        Ok(())
    }
}

/// The slots of `user` that have a draft file in the data directory `dir` (set-aside
/// copies not counted), lowest first.
pub fn draft_slots(dir: &Path, user: UserId) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir(dir.join(DIR)) else {
        return Vec::new();
    };
    let mut slots: Vec<u32> = entries
        .flatten()
        .filter_map(|e| parse_name(&e.file_name().to_string_lossy()))
        .filter(|(u, _)| *u == user)
        .map(|(_, slot)| slot)
        .collect();
    slots.sort_unstable();
    slots.dedup();
    slots
}

/// The user and slot a draft file's name says: `USER.a`, `USER.b` (slot 0),
/// `USER.N.a`, `USER.N.b` (slot N, never written with a leading zero or as 0).
fn parse_name(name: &str) -> Option<(UserId, u32)> {
    let base = name
        .strip_suffix(".a")
        .or_else(|| name.strip_suffix(".b"))?;
    let (id, slot) = match base.rsplit_once('.') {
        Some((id, n)) => {
            let slot = n
                .parse::<u32>()
                .ok()
                .filter(|s| *s > 0 && !n.starts_with('0'))?;
            (id, slot)
        }
        None => (base, 0),
    };
    let id = id.parse::<crate::domain::Id>().ok()?;
    Some((UserId(id), slot))
}

fn read_header(path: &Path) -> std::io::Result<u64> {
    let mut f = File::open(path)?;
    let mut head = [0u8; 16];
    f.read_exact(&mut head)?;
    if &head[..8] != MAGIC {
        return Err(std::io::ErrorKind::InvalidData.into());
    }
    Ok(u64::from_le_bytes(head[8..].try_into().expect("8 bytes")))
}

/// What one draft file holds.
enum Copy {
    /// Nothing: made, but a crash came before its first write.
    Empty,
    Opens(u64, Vec<u8>),
    Damaged,
}

fn open_copy(key: &SecretKey, user: UserId, bytes: &[u8]) -> Copy {
    if bytes.is_empty() {
        return Copy::Empty;
    }
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Copy::Damaged;
    }
    let seq = u64::from_le_bytes(bytes[8..16].try_into().expect("8 bytes"));
    let len = u32::from_le_bytes(bytes[16..20].try_into().expect("4 bytes")) as usize;
    let Some(sealed) = bytes.get(HEADER..HEADER.saturating_add(len)) else {
        return Copy::Damaged;
    };
    match key.open(&aad(user, seq), sealed) {
        Ok(plain) => Copy::Opens(seq, plain.to_vec()),
        Err(_) => Copy::Damaged,
    }
}

/// A file in the drafts directory that is not a draft that opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftFault {
    /// Its name in the data directory (`drafts/…`).
    pub place: String,
    pub problem: String,
    /// Damage to a user's draft still in place; otherwise something to know about (a
    /// copy set aside already, a file that is no draft of this store's).
    pub damage: bool,
}

/// Every draft file in the data directory `dir` that does not open with `key`, and
/// every copy set aside, for `check`. `users` says whether an id is a user's.
pub fn draft_faults(
    dir: &Path,
    key: &SecretKey,
    users: impl Fn(UserId) -> bool,
) -> Vec<DraftFault> {
    let Ok(entries) = std::fs::read_dir(dir.join(DIR)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let place = format!("{DIR}/{name}");
        if name.contains(SET_ASIDE) {
            out.push(DraftFault {
                place,
                problem: "a damaged copy of a draft, set aside (still sealed): delete it once \
                          no one needs it"
                    .into(),
                damage: false,
            });
            continue;
        }
        let user = parse_name(&name).map(|(u, _)| u);
        let found = match user {
            None => Some(("is not a draft file caseline writes".to_string(), false)),
            Some(u) if !users(u) => Some(("is the draft of no user of this store".into(), false)),
            Some(u) => match std::fs::read(dir.join(DIR).join(&name)) {
                Err(e) => Some((format!("cannot be read: {e}"), true)),
                Ok(bytes) => matches!(open_copy(key, u, &bytes), Copy::Damaged).then(|| {
                    let said = "does not open (damaged): it is set aside when its user next \
                                signs in";
                    (said.to_string(), true)
                }),
            },
        };
        if let Some((problem, damage)) = found {
            out.push(DraftFault {
                place,
                problem,
                damage,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_copy_wins_and_torn_writes_fall_back() {
        let dir = tempfile::tempdir().unwrap();
        let key = SecretKey::generate();
        let user = UserId::new();
        let mut d = DraftFiles::new(dir.path(), user).unwrap();
        assert_eq!(d.read(&key).unwrap(), None);
        d.write(&key, b"first").unwrap();
        d.write(&key, b"second").unwrap();
        assert_eq!(d.read(&key).unwrap().as_deref(), Some(&b"second"[..]));
        // Tear the newer copy: the older one is used.
        let newer = &d.paths[(d.seq % 2) as usize];
        let len = std::fs::metadata(newer).unwrap().len();
        OpenOptions::new()
            .write(true)
            .open(newer)
            .unwrap()
            .set_len(len - 5)
            .unwrap();
        assert_eq!(d.read(&key).unwrap().as_deref(), Some(&b"first"[..]));
        // A new handle continues the sequence.
        let mut again = DraftFiles::new(dir.path(), user).unwrap();
        again.write(&key, b"third").unwrap();
        assert_eq!(again.read(&key).unwrap().as_deref(), Some(&b"third"[..]));
        again.remove().unwrap();
        assert_eq!(
            DraftFiles::new(dir.path(), user)
                .unwrap()
                .read(&key)
                .unwrap(),
            None
        );
    }

    #[test]
    fn drafts_are_sealed() {
        let dir = tempfile::tempdir().unwrap();
        let key = SecretKey::generate();
        let mut d = DraftFiles::new(dir.path(), UserId::new()).unwrap();
        d.write(&key, b"Amina Hassan 07700 900123").unwrap();
        for p in &d.paths {
            if let Ok(bytes) = std::fs::read(p) {
                assert!(!bytes.windows(5).any(|w| w == b"Amina"));
            }
        }
        assert_eq!(d.read(&SecretKey::generate()).unwrap(), None);
    }

    #[test]
    fn each_slot_has_files_of_its_own_and_check_knows_their_names() {
        let dir = tempfile::tempdir().unwrap();
        let key = SecretKey::generate();
        let user = UserId::new();
        let mut first = DraftFiles::new(dir.path(), user).unwrap();
        let mut third = DraftFiles::in_slot(dir.path(), user, 2).unwrap();
        assert!(!third.holds_copy());
        first.write(&key, b"first").unwrap();
        third.write(&key, b"older").unwrap();
        third.write(&key, b"third").unwrap();
        assert!(third.holds_copy());
        assert_eq!(draft_slots(dir.path(), user), vec![0, 2]);
        assert_eq!(draft_slots(dir.path(), UserId::new()), Vec::<u32>::new());
        // Slot 0 keeps the names a store always had.
        let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name(&first.paths[1]), format!("{user}.b"));
        assert_eq!(name(&third.paths[0]), format!("{user}.2.a"));
        assert_eq!(first.read(&key).unwrap().as_deref(), Some(&b"first"[..]));
        assert_eq!(third.read(&key).unwrap().as_deref(), Some(&b"third"[..]));
        // Every slot's files are drafts to `check`; a name it does not write is noted.
        assert_eq!(draft_faults(dir.path(), &key, |u| u == user), vec![]);
        for odd in [
            format!("{user}.0.a"),
            format!("{user}.02.a"),
            format!("{user}.x.a"),
        ] {
            std::fs::write(dir.path().join(DIR).join(&odd), b"").unwrap();
        }
        let faults = draft_faults(dir.path(), &key, |u| u == user);
        assert_eq!(faults.len(), 3, "{faults:?}");
        assert!(
            faults
                .iter()
                .all(|f| f.problem.contains("not a draft file"))
        );
        // A damaged copy in a slot is set aside under that slot's name.
        std::fs::write(&third.paths[1], b"CLDRAFT1 torn").unwrap();
        assert_eq!(third.read(&key).unwrap().as_deref(), Some(&b"third"[..]));
        let aside = third.take_set_aside();
        assert_eq!(aside.len(), 1);
        assert!(
            aside[0].starts_with(&format!("{DIR}/{user}.2.b{SET_ASIDE}")),
            "{aside:?}"
        );
        assert_eq!(draft_slots(dir.path(), user), vec![0, 2]);
    }
}
