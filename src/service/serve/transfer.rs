//! A call's file over the socket: an upload arrives as chunk frames after the call
//! (an empty one ends it), a download leaves as chunk frames before the answer, and
//! progress as progress frames. Chunks are at most [`CHUNK`] bytes, well under the
//! frame cap.

use std::io::{Read, Write};

use crate::service::api::wire::{ClientFrame, ServerFrame, decode, encode};
use crate::service::api::{Request, Transfer, UpkeepRequest};
use crate::service::remote::server::{Inbox, Outbox};
use crate::service::{Error, Result};

/// Bytes a chunk carries at most.
pub const CHUNK: usize = 1 << 20;

/// Whether a request sends a file with it.
pub fn uploads(request: &Request) -> bool {
    matches!(request, Request::Upkeep(UpkeepRequest::Import))
}

/// A transfer for one call on one connection.
pub struct SocketTransfer<'a> {
    id: u64,
    upload: Option<Upload<'a>>,
    download: Download<'a>,
    out: &'a Outbox,
}

impl<'a> SocketTransfer<'a> {
    pub fn new(
        id: u64,
        inbox: &'a mut Inbox,
        out: &'a Outbox,
        request: &Request,
    ) -> SocketTransfer<'a> {
        let mut transfer = SocketTransfer::sending(id, out);
        transfer.upload = uploads(request).then(|| Upload {
            id,
            inbox,
            buf: Vec::new(),
            at: 0,
            ended: false,
        });
        transfer
    }

    /// A transfer that only sends (a download, progress), for a call carried out on a
    /// lane's thread, which never reads the connection.
    pub fn sending(id: u64, out: &'a Outbox) -> SocketTransfer<'a> {
        SocketTransfer {
            id,
            upload: None,
            download: Download {
                id,
                out,
                buf: Vec::new(),
                used: false,
            },
            out,
        }
    }

    /// After the call: the rest of an upload the call did not read is read and
    /// dropped (so the next frame is the next call), and a download is ended.
    pub fn finish(mut self) -> Result<()> {
        if let Some(up) = &mut self.upload {
            let mut sink = [0u8; 8192];
            while up.read(&mut sink).map_err(gone)? > 0 {}
        }
        if self.download.used {
            self.download.flush().map_err(gone)?;
            self.download.send(Vec::new()).map_err(gone)?;
        }
        Ok(())
    }
}

fn gone(e: std::io::Error) -> Error {
    Error::Unavailable(format!("the connection went away during a transfer ({e})"))
}

impl Transfer for SocketTransfer<'_> {
    fn upload(&mut self) -> Result<&mut dyn Read> {
        match &mut self.upload {
            Some(up) => Ok(up),
            None => Err(Error::Conflict("this request sends no file".into())),
        }
    }

    fn download(&mut self) -> Result<&mut dyn Write> {
        self.download.used = true;
        Ok(&mut self.download)
    }

    fn progress(&mut self, done: u64, total: u64) {
        let frame = ServerFrame::Progress {
            id: self.id,
            done,
            total,
        };
        let _ = self.out.send(&encode(&frame));
    }
}

/// The upload's chunks, read as one stream.
struct Upload<'a> {
    id: u64,
    inbox: &'a mut Inbox,
    buf: Vec<u8>,
    at: usize,
    ended: bool,
}

impl Read for Upload<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.buf.len() {
            if self.ended {
                return Ok(0);
            }
            let frame = self
                .inbox
                .next_frame()
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            match decode::<ClientFrame>(&frame) {
                Ok(ClientFrame::Chunk { id, data }) if id == self.id => {
                    self.ended = data.is_empty();
                    self.buf = data;
                    self.at = 0;
                }
                _ => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "a frame other than the upload's next chunk",
                    ));
                }
            }
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The download, sent in chunks as it fills.
struct Download<'a> {
    id: u64,
    out: &'a Outbox,
    buf: Vec<u8>,
    used: bool,
}

impl Download<'_> {
    fn send(&self, data: Vec<u8>) -> std::io::Result<()> {
        self.out
            .send(&encode(&ServerFrame::Chunk { id: self.id, data }))
    }
}

impl Write for Download<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            let full = std::mem::take(&mut self.buf);
            self.send(full)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            let rest = std::mem::take(&mut self.buf);
            self.send(rest)?;
        }
        Ok(())
    }
}
