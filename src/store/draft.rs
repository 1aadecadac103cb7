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

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::crypto::SecretKey;
use super::error::{StoreError, StoreResult};
use crate::domain::UserId;

const MAGIC: &[u8; 8] = b"CLDRAFT1";
const DIR: &str = "drafts";
/// Magic, sequence number, length of the sealed copy (so stale bytes after it are ignored).
const HEADER: usize = 20;

/// The two alternating files holding one user's draft.
pub struct DraftFiles {
    paths: [PathBuf; 2],
    files: [Option<File>; 2],
    user: UserId,
    seq: u64,
}

fn aad(user: UserId, seq: u64) -> Vec<u8> {
    let mut a = b"caseline/draft\0".to_vec();
    a.extend_from_slice(&user.0.to_bytes());
    a.extend_from_slice(&seq.to_le_bytes());
    a
}

impl DraftFiles {
    /// The draft files of `user` in the data directory `dir`.
    pub fn new(dir: &Path, user: UserId) -> StoreResult<DraftFiles> {
        let drafts = dir.join(DIR);
        super::create_private_dir(&drafts)?;
        let base = drafts.join(user.to_string());
        let paths = [base.with_extension("a"), base.with_extension("b")];
        let mut files = DraftFiles {
            paths,
            files: [None, None],
            user,
            seq: 0,
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

    /// The newest copy that authenticates.
    pub fn read(&self, key: &SecretKey) -> Option<Vec<u8>> {
        let mut best: Option<(u64, Vec<u8>)> = None;
        for path in &self.paths {
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            if bytes.len() < HEADER || &bytes[..8] != MAGIC {
                continue;
            }
            let seq = u64::from_le_bytes(bytes[8..16].try_into().expect("8 bytes"));
            let len = u32::from_le_bytes(bytes[16..20].try_into().expect("4 bytes")) as usize;
            if best.as_ref().is_some_and(|(s, _)| *s >= seq) || bytes.len() < HEADER + len {
                continue;
            }
            if let Ok(plain) = key.open(&aad(self.user, seq), &bytes[HEADER..HEADER + len]) {
                best = Some((seq, plain.to_vec()));
            }
        }
        best.map(|(_, p)| p)
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

fn read_header(path: &Path) -> std::io::Result<u64> {
    let mut f = File::open(path)?;
    let mut head = [0u8; 16];
    f.read_exact(&mut head)?;
    if &head[..8] != MAGIC {
        return Err(std::io::ErrorKind::InvalidData.into());
    }
    Ok(u64::from_le_bytes(head[8..].try_into().expect("8 bytes")))
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
        assert_eq!(d.read(&key), None);
        d.write(&key, b"first").unwrap();
        d.write(&key, b"second").unwrap();
        assert_eq!(d.read(&key).as_deref(), Some(&b"second"[..]));
        // Tear the newer copy: the older one is used.
        let newer = &d.paths[(d.seq % 2) as usize];
        let len = std::fs::metadata(newer).unwrap().len();
        OpenOptions::new()
            .write(true)
            .open(newer)
            .unwrap()
            .set_len(len - 5)
            .unwrap();
        assert_eq!(d.read(&key).as_deref(), Some(&b"first"[..]));
        // A new handle continues the sequence.
        let mut again = DraftFiles::new(dir.path(), user).unwrap();
        again.write(&key, b"third").unwrap();
        assert_eq!(again.read(&key).as_deref(), Some(&b"third"[..]));
        again.remove().unwrap();
        assert_eq!(DraftFiles::new(dir.path(), user).unwrap().read(&key), None);
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
        assert_eq!(d.read(&SecretKey::generate()), None);
    }
}
