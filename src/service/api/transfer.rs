//! The bytes that travel with a request, in this process: an upload read from where
//! the caller says, a download written where it says, progress told to whoever asked.
//! A server's connection has its own (chunks on the socket, `service::serve`).

use std::io::{Read, Write};

use super::Transfer;
use crate::service::{Error, Result};

/// A transfer made of what the caller has to hand.
#[derive(Default)]
pub struct Local<'a> {
    pub upload: Option<&'a mut dyn Read>,
    pub download: Option<&'a mut dyn Write>,
    pub progress: Option<&'a mut dyn FnMut(u64, u64)>,
}

impl Transfer for Local<'_> {
    fn upload(&mut self) -> Result<&mut dyn Read> {
        match &mut self.upload {
            Some(r) => Ok(&mut **r),
            None => Err(Error::Conflict(
                "this request needs a file sent with it".into(),
            )),
        }
    }

    fn download(&mut self) -> Result<&mut dyn Write> {
        match &mut self.download {
            Some(w) => Ok(&mut **w),
            None => Err(Error::Conflict(
                "this request needs somewhere to write a file".into(),
            )),
        }
    }

    fn progress(&mut self, done: u64, total: u64) {
        if let Some(p) = &mut self.progress {
            p(done, total);
        }
    }
}
