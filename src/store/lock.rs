//! One process at a time per data directory, said clearly.
//!
//! An advisory lock on `caseline.lock` is held for the life of the process. The
//! operating system drops it when the process dies, however it dies, so a killed
//! process never blocks the next start. The file's text says who holds it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::error::{StoreError, StoreResult};

/// Held while the store is open; released on drop or process death.
#[derive(Debug)]
pub struct DirLock {
    file: File,
}

impl Drop for DirLock {
    /// Unlocks explicitly rather than by closing: a child process forked by another
    /// thread at that moment (and not yet started on its own program) shares the open
    /// file, and closing alone would leave the lock held until it does.
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

const LOCK_FILE: &str = "caseline.lock";

impl DirLock {
    /// Takes the lock on `dir`, or says who holds it.
    pub fn acquire(dir: &Path) -> StoreResult<DirLock> {
        let path = dir.join(LOCK_FILE);
        let mut file = open_private(&path)
            .map_err(|e| StoreError::io(format!("opening {}", path.display()), e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(holder(dir, &mut file)),
            Err(TryLockError::Error(e)) => {
                return Err(StoreError::io(format!("locking {}", path.display()), e));
            }
        }
        let info = format!(
            "pid={}\nuser={}\nsince={}\n",
            std::process::id(),
            os_user(),
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
        );
        let mut write = || -> std::io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(info.as_bytes())?;
            file.sync_data()
        };
        write().map_err(|e| StoreError::io(format!("writing {}", path.display()), e))?;
        Ok(DirLock { file })
    }
}

fn holder(dir: &Path, file: &mut File) -> StoreError {
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .map(|v| {
                v.chars()
                    .filter(|c| !c.is_control())
                    .take(64)
                    .collect::<String>()
            })
            .unwrap_or_else(|| "unknown".into())
    };
    StoreError::InUse {
        dir: dir.to_path_buf(),
        pid: field("pid"),
        user: field("user"),
        since: field("since"),
    }
}

fn open_private(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

/// The operating-system account running this process.
pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| {
            #[cfg(unix)]
            {
                // SAFETY: getuid has no preconditions and cannot fail.
                format!("uid {}", unsafe { libc::getuid() })
            }
            #[cfg(not(unix))]
            {
                "unknown".to_string()
            }
        })
}
