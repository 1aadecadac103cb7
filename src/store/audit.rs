//! The audit log: one sealed entry per event in the `audit` tree, keyed by a big-endian
//! sequence number, each holding the hash of the previous entry's stored bytes.
//!
//! The hash is BLAKE3 rather than SHA-256: the crate is already here (key slots and
//! backups use it), it is several times faster in software on the old laptops this
//! runs on, which matters for verifying a million entries, and it gives keyed hashing
//! and key derivation from the same function. Hashing the *stored* bytes (ciphertext)
//! rather than the plaintext means the chain can be extended and checked for gaps and
//! order by code that cannot read it: a failed sign-in, written before any data key is
//! known, is sealed to the log's public key (see [`super::codec::seal_to_key`]) and
//! chained like every other entry.
//!
//! `meta` keeps the chain head twice: `audit_head` (sequence ‖ hash, rewritten by every
//! append) and `audit_keyed_head` (the same plus a MAC under a key derived from the
//! data key, rewritten by every append made with the data key). The first catches a
//! log cut short by someone who did not also rewrite `meta`; the second one who did,
//! unless they hold the data key. Neither can stop a data-key holder rewriting the whole
//! chain consistently: that is what an anchor kept elsewhere is for.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};

use super::codec::{self, Record};
use super::crypto::SecretKey;
use super::error::{StoreResult, describe_key};
use super::kind::{Kind, plain};
use super::kv::KvTree;
use super::vault::Op;
use crate::domain::{AuditAction, AuditEntry, AuditNote, CaseId, Id, RecordRef, Stamp, UserId};

/// The chain head in `meta`: sequence (8, big-endian) ‖ hash (32).
pub const HEAD_KEY: &[u8] = b"audit_head";
/// The head as last written with the data key: sequence ‖ hash ‖ MAC (32).
pub const KEYED_HEAD_KEY: &[u8] = b"audit_keyed_head";
/// The public key failed sign-ins are sealed to (32 bytes; its private key is derived
/// from the data key, so it is never stored).
pub const PUBLIC_KEY: &[u8] = b"audit_public";
/// The `prev` of the first entry.
pub const GENESIS: [u8; 32] = [0; 32];
/// Most records one entry lists; a larger change says how many more there were.
const MAX_LISTED: usize = 200;

impl Record for AuditEntry {
    const KIND: Kind = Kind::Audit;
    /// 2: the OS account of whoever asked.
    const SCHEMA: u16 = 2;
    fn key(&self) -> Vec<u8> {
        self.seq.to_be_bytes().to_vec()
    }
    fn upgrade(schema: u16, plaintext: &[u8]) -> Result<Self, codec::CodecError> {
        match schema {
            1 => Ok(codec::from_bincode::<EntryV1>(plaintext)?.into()),
            other => Err(codec::CodecError::UnknownSchema(other)),
        }
    }
}

/// An entry as schema 1 stored it: before the OS account was recorded. Old entries
/// keep their bytes (the chain hashes them); they are read through this.
#[derive(serde::Deserialize)]
struct EntryV1 {
    seq: u64,
    at: DateTime<Utc>,
    who: Option<UserId>,
    action: AuditAction,
    records: Vec<RecordRef>,
    case: Option<CaseId>,
    origin: String,
    detail: String,
    login_typed: Option<String>,
    prev: [u8; 32],
}

impl From<EntryV1> for AuditEntry {
    fn from(e: EntryV1) -> AuditEntry {
        AuditEntry {
            seq: e.seq,
            at: e.at,
            who: e.who,
            action: e.action,
            records: e.records,
            case: e.case,
            origin: e.origin,
            detail: e.detail,
            login_typed: e.login_typed,
            prev: e.prev,
            os_user: None,
        }
    }
}

/// A point on the chain: an entry's sequence number and the hash of its stored bytes.
/// Printed as `SEQ:HASH` (the hash in 64 hex digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub seq: u64,
    pub hash: [u8; 32],
}

impl Anchor {
    /// The head of an empty log.
    pub const EMPTY: Anchor = Anchor {
        seq: 0,
        hash: GENESIS,
    };

    pub(super) fn to_bytes(self) -> Vec<u8> {
        let mut v = self.seq.to_be_bytes().to_vec();
        v.extend_from_slice(&self.hash);
        v
    }

    pub(super) fn from_bytes(b: &[u8]) -> Option<Anchor> {
        let seq = u64::from_be_bytes(b.get(..8)?.try_into().ok()?);
        let hash = b.get(8..40)?.try_into().ok()?;
        Some(Anchor { seq, hash })
    }
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, blake3::Hash::from(self.hash).to_hex())
    }
}

impl FromStr for Anchor {
    type Err = String;
    fn from_str(s: &str) -> Result<Anchor, String> {
        const FORM: &str = "an anchor is SEQ:HASH, as `caseline audit anchor` prints it";
        let (seq, hash) = s
            .trim()
            .split_once(':')
            .ok_or_else(|| format!("`{s}` has no colon: {FORM}"))?;
        let seq: u64 = seq
            .parse()
            .map_err(|_| format!("`{seq}` is not a sequence number: {FORM}"))?;
        let hash = blake3::Hash::from_hex(hash)
            .map_err(|_| format!("the hash must be 64 hex digits: {FORM}"))?;
        Ok(Anchor {
            seq,
            hash: *hash.as_bytes(),
        })
    }
}

/// The hash that links an entry to the next: BLAKE3 of its stored bytes.
pub fn link_hash(stored: &[u8]) -> [u8; 32] {
    *blake3::hash(stored).as_bytes()
}

/// The private key failed sign-ins are sealed to, derived from the data key.
pub(super) fn private_key(data: &SecretKey) -> SecretKey {
    SecretKey::from_bytes(blake3::derive_key(
        "caseline 2026 audit log sealing key",
        data.expose(),
    ))
}

fn head_mac(data: &SecretKey, head: Anchor) -> [u8; 32] {
    let key = zeroize::Zeroizing::new(blake3::derive_key(
        "caseline 2026 audit log head MAC key",
        data.expose(),
    ));
    *blake3::keyed_hash(&key, &head.to_bytes()).as_bytes()
}

/// The keyed head's value for `head`.
fn keyed_head(data: &SecretKey, head: Anchor) -> Vec<u8> {
    let mut v = head.to_bytes();
    v.extend_from_slice(&head_mac(data, head));
    v
}

/// Reads a keyed head, checking its MAC; `Err` when it is malformed or forged.
pub(super) fn read_keyed_head(data: &SecretKey, value: &[u8]) -> Result<Anchor, ()> {
    let head = Anchor::from_bytes(value).ok_or(())?;
    let mac = value.get(40..72).ok_or(())?;
    if value.len() == 72 && mac == head_mac(data, head) {
        Ok(head)
    } else {
        Err(())
    }
}

/// Where this process is driven from: the SSH client's address, else the terminal's
/// name, else "local". Worked out once per process.
pub fn origin() -> &'static str {
    static ORIGIN: OnceLock<String> = OnceLock::new();
    ORIGIN.get_or_init(|| {
        if let Some(ssh) = std::env::var("SSH_CONNECTION")
            .ok()
            .and_then(|v| v.split_whitespace().next().map(str::to_string))
        {
            return format!("ssh {ssh}");
        }
        tty_name().unwrap_or_else(|| "local".into())
    })
}

/// The name of the terminal on standard input, error or output, without `/dev/`.
fn tty_name() -> Option<String> {
    for fd in [0, 2, 1] {
        // SAFETY: ttyname reads a file descriptor's terminal name into a static buffer;
        // the result is copied out before anything else can call it again.
        let name = unsafe {
            let p = libc::ttyname(fd);
            if p.is_null() {
                continue;
            }
            std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
        };
        return Some(name.trim_start_matches("/dev/").to_string());
    }
    None
}

/// The chain as a vault appends to it; behind the vault's mutex, so that two threads
/// never take the same sequence number.
#[derive(Debug)]
pub(super) struct Chain {
    pub head: Anchor,
}

/// Reads the chain head from `meta` (the empty head when there is none yet).
pub(super) fn read_head(meta: &impl KvTree) -> StoreResult<Anchor> {
    let value = meta.get(HEAD_KEY)?;
    Ok(value
        .and_then(|v| Anchor::from_bytes(&v))
        .unwrap_or(Anchor::EMPTY))
}

/// A whole entry for `note`, next after `head`.
fn entry(note: AuditNote, head: Anchor, stamp: &Stamp, at: DateTime<Utc>) -> AuditEntry {
    AuditEntry {
        seq: head.seq + 1,
        at,
        who: stamp.who,
        action: note.action.unwrap_or(AuditAction::Change),
        records: note.records,
        case: note.case,
        origin: stamp.origin.clone(),
        detail: note.detail,
        login_typed: note.login_typed,
        prev: head.hash,
        os_user: stamp.os_user.clone(),
    }
}

/// This process's own stamp: nobody signed in, its origin and its OS account. For
/// what a process records on its own behalf (a failed sign-in at a terminal).
pub fn process_stamp() -> Stamp {
    Stamp {
        who: None,
        origin: origin().to_string(),
        os_user: Some(super::lock::os_user()),
    }
}

/// The writes that append `note` after the chain's head, sealed with the data key,
/// and the new head.
pub(super) fn link(
    data: &SecretKey,
    chain: &Chain,
    stamp: &Stamp,
    note: AuditNote,
    at: DateTime<Utc>,
) -> (Vec<Op>, Anchor) {
    let e = entry(note, chain.head, stamp, at);
    let (k, v) = codec::seal(data, &e);
    let head = Anchor {
        seq: e.seq,
        hash: link_hash(&v),
    };
    let ops = vec![
        (Kind::Audit.tree(), k, Some(v)),
        (plain::META, HEAD_KEY.to_vec(), Some(head.to_bytes())),
        (
            plain::META,
            KEYED_HEAD_KEY.to_vec(),
            Some(keyed_head(data, head)),
        ),
    ];
    (ops, head)
}

/// The writes that append a failed sign-in sealed to the log's public key (no data key
/// is known), and the new head. The keyed head stays where the last key holder left it.
pub(super) fn link_sealed_to_key(
    public: &[u8; 32],
    head: Anchor,
    stamp: &Stamp,
    note: AuditNote,
    at: DateTime<Utc>,
) -> (Vec<Op>, Anchor) {
    let stamp = Stamp {
        who: None,
        ..stamp.clone()
    };
    let e = entry(note, head, &stamp, at);
    let (k, v) = codec::seal_to_key(public, &e);
    let head = Anchor {
        seq: e.seq,
        hash: link_hash(&v),
    };
    let ops = vec![
        (Kind::Audit.tree(), k, Some(v)),
        (plain::META, HEAD_KEY.to_vec(), Some(head.to_bytes())),
    ];
    (ops, head)
}

/// Opens a stored entry, whichever way it was sealed.
pub(super) fn open_entry(
    data: &SecretKey,
    private: &SecretKey,
    k: &[u8],
    v: &[u8],
) -> Result<AuditEntry, codec::CodecError> {
    if codec::format_of(v)? == codec::FORMAT_SEALED_TO_KEY {
        codec::open_sealed_to_key(private, k, v)
    } else {
        codec::open(data, k, v)
    }
}

/// The sequence number a key stands for.
pub(super) fn seq_of(k: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(k.try_into().ok()?))
}

/// A generic `change` note for writes that came without one: the records put or
/// removed (encrypted trees only: plain trees hold indexes derived from them), and the
/// case when the writes show which one.
pub(super) fn describe(ops: &[Op]) -> AuditNote {
    let mut note = AuditNote::new(AuditAction::Change);
    let mut listed = 0usize;
    let (mut puts, mut removes) = (0usize, 0usize);
    for (tree, k, v) in ops {
        if note.case.is_none() {
            note.case = case_of(tree, k);
        }
        if Kind::from_tree(tree.as_bytes()).is_none() {
            continue;
        }
        match v {
            Some(_) => puts += 1,
            None => removes += 1,
        }
        if listed < MAX_LISTED {
            note.records.push(RecordRef {
                tree: tree.to_string(),
                id: describe_key(k),
            });
        }
        listed += 1;
    }
    note.detail = match (puts, removes) {
        (p, 0) => format!("{p} record(s) written"),
        (p, r) => format!("{p} record(s) written, {r} removed"),
    };
    if listed > MAX_LISTED {
        note.detail
            .push_str(&format!(" ({} not listed)", listed - MAX_LISTED));
    }
    note
}

/// The case a write belongs to, when its tree's key says so.
fn case_of(tree: &str, k: &[u8]) -> Option<CaseId> {
    let id = match tree {
        t if t == Kind::Case.tree() => k,
        plain::CASE_SUMMARY => k,
        plain::CASE_TIMELINE => k.get(..16)?,
        _ => return None,
    };
    Id::from_bytes(id).map(CaseId)
}
