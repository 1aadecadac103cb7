//! Opening sled with settings for small machines, and without letting its panics out.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use super::error::{StoreError, StoreResult, from_sled};

/// Page cache for sled: small, because the target machines are old and shared.
pub const CACHE_BYTES: u64 = 16 * 1024 * 1024;

/// Opens (or with `create`, creates) the sled database at `path`.
///
/// sled's background flusher is off: every commit flushes before it returns, and an
/// idle program must not wake up twice a second for nothing.
///
/// sled 0.34 can panic on some damaged files instead of returning an error; that panic
/// is caught here and reported as a damaged store, because stored bytes must never
/// crash the program.
pub fn open(path: &Path, create: bool) -> StoreResult<sled::Db> {
    let config = sled::Config::new()
        .path(path)
        .cache_capacity(CACHE_BYTES)
        .create_new(create)
        .use_compression(false)
        .flush_every_ms(None);
    let opened = open_waiting(&config);
    match opened {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(e)) => Err(from_sled(path, e)),
        Err(_) => Err(StoreError::Damaged(format!(
            "the database files in {} could not be read (the database library failed on them)",
            path.display()
        ))),
    }
}

/// sled lets go of its own file lock a moment after its handle is dropped (its worker
/// threads hold it briefly), so opening again straight after closing can find it still
/// held. The caller holds caseline's lock, so the holder can only be such a lingering
/// handle of this process: wait for it, briefly, rather than fail.
fn open_waiting(config: &sled::Config) -> std::thread::Result<sled::Result<sled::Db>> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let opened = crate::quiet_panics::run(|| catch_unwind(AssertUnwindSafe(|| config.open())));
        match &opened {
            Ok(Err(sled::Error::Io(e)))
                if is_lock_busy(e) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            _ => return opened,
        }
    }
}

/// sled reports a held lock as an `Other` error wrapping `WouldBlock`, in words.
fn is_lock_busy(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock || e.to_string().contains("could not acquire lock")
}
