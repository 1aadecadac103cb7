//! Reading the audit log back: verifying the chain, naming its first broken link, and
//! listing entries. Also the one append made without a data key: a failed sign-in.

use super::audit::{self, Anchor, GENESIS, link_hash, open_entry, seq_of};
use super::codec;
use super::crypto::SecretKey;
use super::error::{StoreError, StoreResult, describe_key};
use super::kind::{Kind, plain};
use super::kv::{KvStore, KvTree};
use super::{Store, Vault};
use crate::domain::{AuditAction, AuditEntry, AuditNote};

/// How far either side of a value that will not open to look for the key it opens
/// under, to tell a reordering from damage.
const REORDER_WINDOW: u64 = 1024;

/// A verified chain: how many entries, and its last link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditSummary {
    pub entries: u64,
    pub head: Anchor,
}

/// The first broken link: the entry's sequence number and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub seq: u64,
    pub problem: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "audit entry {}: {}", self.seq, self.problem)
    }
}

fn broken(seq: u64, problem: impl Into<String>) -> Broken {
    Broken {
        seq,
        problem: problem.into(),
    }
}

/// The state of a walk along the chain.
struct Walk {
    expected: u64,
    prev: [u8; 32],
    /// The keyed head from `meta` and, once reached, the hash of its entry.
    keyed: Option<Anchor>,
    keyed_hash: Option<[u8; 32]>,
}

impl<K: KvStore> Vault<K> {
    /// Verifies the chain from its first entry: to entry `upto` when given, else to
    /// the end and against the heads kept in `meta`. The outer error is a storage
    /// failure; the inner one names the first broken link.
    pub fn verify_audit(&self, upto: Option<u64>) -> StoreResult<Result<AuditSummary, Broken>> {
        let tree = self.tree(Kind::Audit.tree())?;
        let private = audit::private_key(self.data_key());
        let keyed = match self.get_plain(plain::META, audit::KEYED_HEAD_KEY)? {
            None => None,
            Some(v) => match audit::read_keyed_head(self.data_key(), &v) {
                Ok(h) => Some(h),
                Err(()) => {
                    return Ok(Err(broken(
                        0,
                        "the keyed chain head in meta fails its check (it was edited)",
                    )));
                }
            },
        };
        let mut walk = Walk {
            expected: 1,
            prev: GENESIS,
            keyed,
            keyed_hash: None,
        };
        // Entries keep coming while the walk runs (views and sign-ins append without
        // waiting for other writes). The walk goes to the end; the head is then read
        // with writes held for that moment, and if entries landed meanwhile the walk
        // goes on from where it stopped, so the chain is compared with a head of the
        // same moment. Each pass either ends the walk or reads at least one entry more.
        loop {
            let from = walk.expected.to_be_bytes();
            for item in tree.range(from.as_slice()..) {
                let (k, v) = item?;
                if let Some(fault) = self.step(&private, &mut walk, &k, &v, upto) {
                    match fault {
                        Step::Stop => break,
                        Step::Broken(b) => return Ok(Err(b)),
                    }
                }
            }
            if upto.is_some() {
                break;
            }
            let last = walk.expected - 1;
            let settled = self.with_writes_held(|| {
                let head = self.get_plain(plain::META, audit::HEAD_KEY).ok().flatten();
                let head = head
                    .and_then(|v| Anchor::from_bytes(&v))
                    .unwrap_or(Anchor::EMPTY);
                // More to walk only if the entry after the walk's end is there now: a
                // head beyond a log that stops is a log cut short, said below.
                let next = tree.get((last + 1).to_be_bytes()).ok().flatten();
                (head.seq <= last || next.is_none()).then(|| {
                    let summary = AuditSummary {
                        entries: last,
                        head: Anchor {
                            seq: last,
                            hash: walk.prev,
                        },
                    };
                    self.against_heads(&walk, summary).map(|()| summary)
                })
            });
            if let Some(found) = settled {
                return Ok(found);
            }
        }
        let last = walk.expected - 1;
        let summary = AuditSummary {
            entries: last,
            head: Anchor {
                seq: last,
                hash: walk.prev,
            },
        };
        if let Some(u) = upto {
            return Ok(if last < u {
                Err(broken(
                    last + 1,
                    format!("is missing: the log ends at {last}"),
                ))
            } else {
                Ok(summary)
            });
        }
        Ok(self.against_heads(&walk, summary).map(|()| summary))
    }

    /// Checks one stored entry against the walk so far.
    fn step(
        &self,
        private: &SecretKey,
        walk: &mut Walk,
        k: &[u8],
        v: &[u8],
        upto: Option<u64>,
    ) -> Option<Step> {
        let Some(seq) = seq_of(k) else {
            return Some(Step::Broken(broken(
                walk.expected,
                format!(
                    "the log holds a key that is not a sequence number ({})",
                    describe_key(k)
                ),
            )));
        };
        if upto.is_some_and(|u| seq > u) {
            return Some(Step::Stop);
        }
        if seq != walk.expected {
            let problem = format!("is missing (a gap: the next entry stored is {seq})");
            return Some(Step::Broken(broken(walk.expected, problem)));
        }
        let entry = match open_entry(self.data_key(), private, k, v) {
            Ok(e) => e,
            Err(_) => return Some(Step::Broken(self.unopened(private, seq, v))),
        };
        if entry.seq != seq {
            let problem = format!("reordered: entry {} is stored in its place", entry.seq);
            return Some(Step::Broken(broken(seq, problem)));
        }
        if entry.prev != walk.prev {
            let problem = format!(
                "hash mismatch: it does not hold the hash of entry {} (that entry was changed or replaced)",
                seq - 1
            );
            return Some(Step::Broken(broken(seq, problem)));
        }
        walk.prev = link_hash(v);
        if walk.keyed.is_some_and(|h| h.seq == seq) {
            walk.keyed_hash = Some(walk.prev);
        }
        walk.expected += 1;
        None
    }

    /// Why a value will not open: it belongs under another sequence number (moved), or
    /// it was damaged.
    fn unopened(&self, private: &SecretKey, seq: u64, v: &[u8]) -> Broken {
        let from = seq.saturating_sub(REORDER_WINDOW).max(1);
        for other in from..=seq.saturating_add(REORDER_WINDOW) {
            if other != seq && open_entry(self.data_key(), private, &other.to_be_bytes(), v).is_ok()
            {
                return broken(
                    seq,
                    format!("reordered: entry {other} is stored in its place"),
                );
            }
        }
        broken(
            seq,
            "undecryptable: the stored entry was changed or damaged",
        )
    }

    /// The end of the chain against the heads in `meta`.
    fn against_heads(&self, walk: &Walk, summary: AuditSummary) -> Result<(), Broken> {
        let last = summary.entries;
        let head = self
            .get_plain(plain::META, audit::HEAD_KEY)
            .ok()
            .flatten()
            .and_then(|v| Anchor::from_bytes(&v))
            .unwrap_or(Anchor::EMPTY);
        if head.seq > last {
            let problem = format!(
                "is missing: the log was cut short (its head is entry {})",
                head.seq
            );
            return Err(broken(last + 1, problem));
        }
        if head.seq < last {
            return Err(broken(
                head.seq + 1,
                format!(
                    "lies beyond the chain head recorded in meta (entry {}): it was added outside caseline",
                    head.seq
                ),
            ));
        }
        if head.hash != walk.prev {
            return Err(broken(
                last,
                "hash mismatch: it is not the entry the chain head in meta records (it was replaced)",
            ));
        }
        if let Some(keyed) = walk.keyed {
            if keyed.seq > last {
                let problem = format!(
                    "is missing: the log was cut short and its head rewritten (entry {} was written)",
                    keyed.seq
                );
                return Err(broken(last + 1, problem));
            }
            if keyed.seq > 0 && walk.keyed_hash != Some(keyed.hash) {
                return Err(broken(
                    keyed.seq,
                    "hash mismatch: it is not the entry the keyed chain head records (it was replaced)",
                ));
            }
        }
        Ok(())
    }

    /// Whether `meta` holds the public key that matches the data key.
    pub fn audit_public_key_ok(&self) -> StoreResult<bool> {
        let public = codec::public_key(&audit::private_key(self.data_key()));
        Ok(self.get_plain(plain::META, audit::PUBLIC_KEY)?.as_deref() == Some(&public[..]))
    }

    /// Audit entries, newest first, only those before entry `before` when given (so a
    /// screen can page back through a long log without reading it from the top again);
    /// an entry that will not open is an error naming it.
    pub fn audit_entries(
        &self,
        before: Option<u64>,
    ) -> StoreResult<impl Iterator<Item = StoreResult<AuditEntry>> + '_> {
        let tree = self.tree(Kind::Audit.tree())?;
        let private = audit::private_key(self.data_key());
        let end = before.unwrap_or(u64::MAX).to_be_bytes();
        let range = match before {
            Some(_) => tree.range(..end),
            None => tree.range::<&[u8], _>(..),
        };
        Ok(range.rev().map(move |item| {
            let (k, v) = item?;
            open_entry(self.data_key(), &private, &k, &v)
                .map_err(|e| StoreError::record(Kind::Audit.tree(), &k, e))
        }))
    }
}

enum Step {
    Stop,
    Broken(Broken),
}

impl<K: KvStore> Store<K> {
    /// Records a failed sign-in. No data key is known, so the entry is sealed to the
    /// log's public key; a store that has none yet (never unlocked by a caseline with
    /// an audit log) records nothing. Durable before it returns.
    pub fn record_failed_sign_in(
        &self,
        login_typed: Option<&str>,
        stamp: &crate::domain::Stamp,
    ) -> StoreResult<()> {
        let meta = self.db.tree(plain::META)?;
        let Some(public) = meta.get(audit::PUBLIC_KEY)? else {
            return Ok(());
        };
        let Ok(public) = <[u8; 32]>::try_from(public.as_ref()) else {
            return Ok(());
        };
        let log = self.db.tree(Kind::Audit.tree())?;
        let mut note =
            AuditNote::new(AuditAction::SignInFailed).detail("the passphrase opened no key slot");
        note.login_typed = login_typed.map(str::to_string);
        let now = self.clock.now();
        // The head is read and the entry linked to it in one transaction: two failed
        // sign-ins at once never take the same place in the chain.
        let make = |head: Option<&[u8]>| {
            let head = head.and_then(Anchor::from_bytes).unwrap_or(Anchor::EMPTY);
            audit::link_sealed_to_key(&public, head, stamp, note.clone(), now)
                .0
                .into_iter()
                .filter_map(|(tree, k, v)| {
                    let at = usize::from(tree != plain::META);
                    v.map(|v| (at, k, Some(v)))
                })
                .collect()
        };
        self.db
            .read_then_commit(&[meta, log], (0, audit::HEAD_KEY), &make)?;
        self.db.flush()
    }
}
