//! Frames on the socket: a 4-byte big-endian length, then that many bytes.
//!
//! The length is checked against a cap before anything is allocated, so a client that
//! sends garbage or claims a gigabyte costs the server four bytes of reading, not its
//! memory. Files bigger than a frame (backups, exports) travel as a stream of chunks.

use std::io::{self, IoSlice, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Instant;

/// The largest frame either side accepts: ample for any view of a case, far below
/// what could hurt a small machine.
pub const MAX_FRAME: usize = 16 << 20;

/// Why a frame could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The other side closed the connection between frames.
    #[error("the connection was closed")]
    Closed,
    #[error("a frame of {size} bytes is over the limit of {limit}")]
    TooBig { size: usize, limit: usize },
    /// Closed or timed out part way through a frame.
    #[error("the connection broke off in the middle of a frame")]
    Truncated,
    #[error("no frame arrived in time")]
    TimedOut,
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl FrameError {
    /// Whether the peer simply went away (nothing worth logging).
    pub fn is_closed(&self) -> bool {
        matches!(self, FrameError::Closed)
    }
}

fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Writes one frame and flushes it. Length and payload go in one vectored write: on
/// a socket, two writes would wake the reader twice and cost two system calls.
pub fn write_frame(w: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    if payload.len() > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("a frame of {} bytes is over the limit", payload.len()),
        ));
    }
    let len = (payload.len() as u32).to_be_bytes();
    let mut parts = [IoSlice::new(&len), IoSlice::new(payload)];
    let mut left = &mut parts[..];
    while !left.is_empty() {
        match w.write_vectored(left) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut left, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    w.flush()
}

/// Reads one frame. A clean end of stream before the first byte is
/// [`FrameError::Closed`]; anywhere else it is [`FrameError::Truncated`]. A read
/// timeout set on the stream applies to each read: before the first byte it is
/// [`FrameError::TimedOut`], after it the frame is [`FrameError::Truncated`].
pub fn read_frame(r: &mut impl Read) -> Result<Vec<u8>, FrameError> {
    read_frame_within(r, MAX_FRAME)
}

/// [`read_frame`] with a cap of `limit` bytes instead of [`MAX_FRAME`] (a hello is a
/// few dozen bytes: one claiming more is refused before it is waited for).
pub fn read_frame_within(r: &mut impl Read, limit: usize) -> Result<Vec<u8>, FrameError> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < len.len() {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Err(FrameError::Closed),
            Ok(0) => return Err(FrameError::Truncated),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if timed_out(&e) && got == 0 => return Err(FrameError::TimedOut),
            Err(e) if timed_out(&e) => return Err(FrameError::Truncated),
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => {
                return Err(FrameError::Closed);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let n = u32::from_be_bytes(len) as usize;
    if n > limit {
        return Err(FrameError::TooBig { size: n, limit });
    }
    let mut buf = vec![0u8; n];
    let mut got = 0;
    while got < n {
        match r.read(&mut buf[got..]) {
            Ok(0) => return Err(FrameError::Truncated),
            Ok(k) => got += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if timed_out(&e) => return Err(FrameError::Truncated),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(buf)
}

/// A socket read against a deadline for the whole of what is read through it, not
/// for each read: a peer sending a byte every few seconds still runs out of time.
/// Past the deadline a read fails as timed out, which [`read_frame`] takes as
/// [`FrameError::TimedOut`] before a frame's first byte and [`FrameError::Truncated`]
/// after it.
pub struct Deadline<'a> {
    stream: &'a UnixStream,
    by: Instant,
}

impl<'a> Deadline<'a> {
    pub fn new(stream: &'a UnixStream, by: Instant) -> Deadline<'a> {
        Deadline { stream, by }
    }
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.by.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut s = self.stream;
        s.read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_frame_reads_back() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"hello").unwrap();
        write_frame(&mut buf, b"").unwrap();
        let mut r = &buf[..];
        assert_eq!(read_frame(&mut r).unwrap(), b"hello");
        assert_eq!(read_frame(&mut r).unwrap(), b"");
        assert!(read_frame(&mut r).unwrap_err().is_closed());
    }

    /// Takes at most three bytes a write, as a full socket buffer may.
    struct Trickle(Vec<u8>);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_frame_written_in_pieces_reads_back() {
        let mut w = Trickle(Vec::new());
        write_frame(&mut w, b"hello, world").unwrap();
        let mut r = &w.0[..];
        assert_eq!(read_frame(&mut r).unwrap(), b"hello, world");
    }

    #[test]
    fn an_oversized_length_is_refused_before_allocating() {
        let bytes = u32::MAX.to_be_bytes();
        let mut r = &bytes[..];
        assert!(matches!(read_frame(&mut r), Err(FrameError::TooBig { .. })));
        let mut hello = &[0, 0, 2, 0][..];
        assert!(matches!(
            read_frame_within(&mut hello, 256),
            Err(FrameError::TooBig { size: 512, .. })
        ));
    }

    #[test]
    fn a_frame_trickled_in_runs_out_of_time_as_a_whole() {
        let (ours, mut theirs) = UnixStream::pair().unwrap();
        // A byte every 20 ms, each well within any read timeout, for as long as the
        // reader is there.
        let trickle = std::thread::spawn(move || {
            let mut frame = 100u32.to_be_bytes().to_vec();
            frame.resize(104, 0);
            for b in frame {
                if theirs.write_all(&[b]).is_err() {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        });
        let by = Instant::now() + std::time::Duration::from_millis(200);
        let read = read_frame(&mut Deadline::new(&ours, by));
        assert!(matches!(read, Err(FrameError::Truncated)), "{read:?}");
        drop(ours);
        trickle.join().unwrap();
    }

    proptest! {
        #[test]
        fn any_bytes_give_frames_or_a_clean_error(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut r = &bytes[..];
            while let Ok(f) = read_frame(&mut r) {
                prop_assert!(f.len() <= MAX_FRAME);
            }
        }
    }
}
