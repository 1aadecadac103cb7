//! Damage that sled's own checksum does not catch: a byte flipped inside one message of
//! sled 0.34's log file (`db/db`), with that message's CRC-32 computed again, so sled
//! reads the damaged bytes as good ones. Shared with `examples/sled_flips.rs`.
//!
//! The log is cut into segments (`segment_size` in `db/conf`, 512 KiB). A segment
//! starts with a 20-byte header (CRC-32 of bytes 4..20, inverted; the LSN); messages
//! follow it back to back (`pagecache/logger.rs`, `serialization.rs`):
//!
//! ```text
//! crc32: u32 LE | kind: u8 | len: varint | segment number: varint | page id: varint | body (len bytes)
//! ```
//!
//! The CRC is `!crc32(body ‖ header[4..])` (`calculate_message_crc32` in `lib.rs`).

#![allow(dead_code)]

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Header bytes a message may not start within at the end of a segment.
const RED_ZONE: u64 = 32;
const SEGMENT_HEADER: u64 = 20;
/// Message kinds that hold a tree's pages: meta, nodes and partial updates (6 to 11);
/// 0 to 5 are markers, padding and counters.
const PAGE_KINDS: std::ops::RangeInclusive<u8> = 6..=11;

/// One message in the log.
#[derive(Debug, Clone, Copy)]
pub struct Message {
    /// Offset of its header in the file.
    pub at: u64,
    /// Where it stands in the log's order (its segment's LSN plus its offset there).
    pub lsn: u64,
    /// The page it belongs to.
    pub pid: u64,
    pub header_len: usize,
    pub body_len: usize,
    pub kind: u8,
}

/// sled's variable-length u64 (`serialization.rs`): the value and its length.
fn varint(b: &[u8]) -> Option<(u64, usize)> {
    let first = *b.first()?;
    Some(match first {
        0..=240 => (u64::from(first), 1),
        241..=248 => (
            240 + 256 * (u64::from(first) - 241) + u64::from(*b.get(1)?),
            2,
        ),
        249 => (
            2288 + 256 * u64::from(*b.get(1)?) + u64::from(*b.get(2)?),
            3,
        ),
        n => {
            let len = n as usize - 247;
            let mut v = [0u8; 8];
            v[..len].copy_from_slice(b.get(1..=len)?);
            (u64::from_le_bytes(v), len + 1)
        }
    })
}

fn message_crc(header: &[u8], body: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(body);
    h.update(&header[4..]);
    h.finalize() ^ 0xFFFF_FFFF
}

/// The segment size a database was made with.
pub fn segment_size(db_dir: &Path) -> u64 {
    let conf = std::fs::read(db_dir.join("conf")).expect("sled's conf file");
    let text = String::from_utf8_lossy(&conf);
    text.lines()
        .find_map(|l| l.strip_prefix("segment_size: "))
        .and_then(|v| v.trim().parse().ok())
        .expect("a segment size in conf")
}

/// Every message with a good checksum that holds part of a tree, in every segment
/// whose header is good.
pub fn page_messages(db_dir: &Path) -> Vec<Message> {
    let seg = segment_size(db_dir);
    let bytes = std::fs::read(db_dir.join("db")).expect("sled's log file");
    let mut out = Vec::new();
    for start in (0..bytes.len() as u64).step_by(seg as usize) {
        let end = (start + seg).min(bytes.len() as u64);
        let header = &bytes[start as usize..(start + SEGMENT_HEADER).min(end) as usize];
        if header.len() < SEGMENT_HEADER as usize {
            break;
        }
        let stored = u32::from_le_bytes(header[..4].try_into().unwrap()) ^ 0xFFFF_FFFF;
        if crc32fast::hash(&header[4..20]) != stored {
            continue;
        }
        let lsn = u64::from_le_bytes(header[4..12].try_into().unwrap()) ^ 0x7FFF_FFFF_FFFF_FFFF;
        let mut at = start + SEGMENT_HEADER;
        while at + RED_ZONE <= end {
            let Some(mut m) = read_message(&bytes[at as usize..end as usize], at) else {
                break;
            };
            m.lsn = lsn + (at - start);
            if PAGE_KINDS.contains(&m.kind) {
                out.push(m);
            }
            at += (m.header_len + m.body_len) as u64;
        }
    }
    out
}

/// The message starting at `b[0]` (found at `at`), if its checksum holds.
fn read_message(b: &[u8], at: u64) -> Option<Message> {
    let kind = *b.get(4)?;
    let mut i = 5;
    let (len, n) = varint(&b[i..])?;
    i += n;
    let (_segment, n) = varint(&b[i..])?;
    i += n;
    let (pid, n) = varint(&b[i..])?;
    i += n;
    let body_len = usize::try_from(len).ok()?;
    let body = b.get(i..i.checked_add(body_len)?)?;
    let stored = u32::from_le_bytes(b[..4].try_into().ok()?);
    (kind != 0 && message_crc(&b[..i], body) == stored).then_some(Message {
        at,
        lsn: 0,
        pid,
        header_len: i,
        body_len,
        kind,
    })
}

/// XORs the byte `offset` into `m`'s body with `mask` and writes the message's CRC
/// again, so that sled takes the damaged message for a whole one.
pub fn flip(db_dir: &Path, m: &Message, offset: usize, mask: u8) {
    assert!(mask != 0 && offset < m.body_len);
    let path = db_dir.join("db");
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .expect("sled's log file");
    let mut buf = vec![0u8; m.header_len + m.body_len];
    f.seek(SeekFrom::Start(m.at)).unwrap();
    f.read_exact(&mut buf).unwrap();
    buf[m.header_len + offset] ^= mask;
    let crc = message_crc(&buf[..m.header_len], &buf[m.header_len..]);
    buf[..4].copy_from_slice(&crc.to_le_bytes());
    f.seek(SeekFrom::Start(m.at)).unwrap();
    f.write_all(&buf).unwrap();
    f.sync_all().unwrap();
}

/// A small, seeded generator (splitmix64), so a run can be repeated.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The messages sled reads a page from: for each page, its newest whole version
/// (a node, or the meta page) and the updates after it. Older ones were replaced and
/// are never read again, so damage there goes unseen.
pub fn live_messages(db_dir: &Path) -> Vec<Message> {
    let all = page_messages(db_dir);
    let mut base: std::collections::HashMap<u64, u64> = Default::default();
    for m in &all {
        if matches!(m.kind, 6..=9) {
            let b = base.entry(m.pid).or_insert(m.lsn);
            *b = (*b).max(m.lsn);
        }
    }
    all.into_iter()
        .filter(|m| base.get(&m.pid).is_some_and(|b| m.lsn >= *b))
        .collect()
}

/// Which byte of a message [`flip_random`] damages.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// Any byte of the body.
    Anywhere,
    /// One of the body's first bytes (the page's kind, the first lengths).
    Within(usize),
    /// The body's first byte, the kind of page or update, made one sled does not know:
    /// reading the page makes sled 0.34 panic (`expect("failed to deserialize data")`
    /// in `pagecache/mod.rs`) rather than return an error.
    Tag,
}

/// Flips one random byte of one random live page message (see [`live_messages`]) in
/// the database in `db_dir`; returns which message and where, to report.
pub fn flip_random(db_dir: &Path, rng: &mut Rng, target: Target) -> String {
    let messages = live_messages(db_dir);
    assert!(!messages.is_empty(), "the log holds pages");
    let m = messages[rng.below(messages.len() as u64) as usize];
    let span = match target {
        Target::Anywhere => m.body_len,
        Target::Within(n) => n.min(m.body_len),
        Target::Tag => 1,
    };
    let offset = rng.below(span as u64) as usize;
    let mask = match target {
        Target::Tag => 0x80 | rng.below(128) as u8,
        _ => (rng.below(255) + 1) as u8,
    };
    flip(db_dir, &m, offset, mask);
    format!(
        "message of kind {} at {} ({} bytes), byte {offset} ^ {mask:#04x}",
        m.kind, m.at, m.body_len
    )
}
