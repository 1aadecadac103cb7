//! The referrals index: one plain entry per referral with what the referrals screen
//! sorts and filters on (status, direction, the day sent or received, the case and the
//! organisation), ids, codes and days only. Keyed by status first, so the open ones
//! (or one status) are read without the closed ones, which only grow. Written with the
//! referral in every change, rebuilt and checked with the other derived indexes.

use chrono::NaiveDate;

use super::indexes::{IndexEntry, day, from_day};
use super::kind::plain;
use super::{Changes, StoreError, StoreResult, Vault, describe_key};
use crate::domain::{CaseId, Direction, Id, OrganisationId, Referral, ReferralId, ReferralStatus};

/// What the index says about one referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralEntry {
    pub id: ReferralId,
    pub status: ReferralStatus,
    pub direction: Direction,
    /// The day sent or received, else the day made: the wait is counted from it.
    pub since: NaiveDate,
    pub case: CaseId,
    pub organisation: Option<OrganisationId>,
}

const LEN: usize = 1 + 1 + 4 + 16 + 1 + 16;

fn status_byte(s: ReferralStatus) -> u8 {
    ReferralStatus::ALL
        .iter()
        .position(|x| *x == s)
        .unwrap_or(0) as u8
}

/// The index entry of a referral.
pub fn referral_entry(r: &Referral) -> IndexEntry {
    let mut key = vec![status_byte(r.status)];
    key.extend_from_slice(&r.id.0.to_bytes());
    let mut v = Vec::with_capacity(LEN);
    v.push(status_byte(r.status));
    v.push(match r.direction {
        Direction::Incoming => 0,
        Direction::Outgoing => 1,
    });
    v.extend_from_slice(&day(r.sent_on.unwrap_or(r.on)));
    v.extend_from_slice(&r.case.0.to_bytes());
    match r.organisation {
        Some(o) => {
            v.push(1);
            v.extend_from_slice(&o.0.to_bytes());
        }
        None => v.extend_from_slice(&[0; 17]),
    }
    (plain::REFERRALS, key, v)
}

/// The key prefix of the entries of one status.
fn status_prefix(s: ReferralStatus) -> [u8; 1] {
    [status_byte(s)]
}

/// Reads an entry back; `None` when it is not one.
fn read_entry(k: &[u8], v: &[u8]) -> Option<ReferralEntry> {
    if v.len() != LEN || k.len() != 17 || k[0] != v[0] {
        return None;
    }
    let k = &k[1..];
    let id = |b: &[u8]| Id::from_bytes(b);
    Some(ReferralEntry {
        id: ReferralId(id(k)?),
        status: *ReferralStatus::ALL.get(v[0] as usize)?,
        direction: match v[1] {
            0 => Direction::Incoming,
            1 => Direction::Outgoing,
            _ => return None,
        },
        since: from_day(&v[2..6])?,
        case: CaseId(id(&v[6..22])?),
        organisation: match v[22] {
            0 => None,
            _ => Some(OrganisationId(id(&v[23..39])?)),
        },
    })
}

impl Changes<'_> {
    /// Stores a referral with its index entry, removing the entry of its old status.
    pub fn put_referral(&mut self, old: Option<&Referral>, r: &Referral) {
        self.put(r);
        let (tree, key, value) = referral_entry(r);
        if let Some(old) = old.filter(|o| o.status != r.status) {
            self.remove_plain(tree, referral_entry(old).1);
        }
        self.put_plain(tree, key, value);
    }
}

impl<K: super::kv::KvStore> Vault<K> {
    /// The index entries of the referrals in `status`, in id order: what the referrals
    /// screen sorts and filters on without opening a referral.
    pub fn referral_entries(&self, status: ReferralStatus) -> StoreResult<Vec<ReferralEntry>> {
        let mut out = Vec::new();
        for item in self.prefix_plain(plain::REFERRALS, &status_prefix(status))? {
            let (k, v) = item?;
            out.push(read_entry(&k, &v).ok_or_else(|| {
                StoreError::Damaged(format!(
                    "{}/{}: not an index entry",
                    plain::REFERRALS,
                    describe_key(&k)
                ))
            })?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FollowUpId, UserId};

    #[test]
    fn an_entry_reads_back() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut r = Referral {
            id: ReferralId::new(),
            case: CaseId::new(),
            direction: Direction::Outgoing,
            organisation: Some(OrganisationId::new()),
            agency_kind: "police".into(),
            on,
            reason: "x".into(),
            shared: String::new(),
            their_reference: None,
            status: ReferralStatus::Sent,
            sent_on: Some(on.succ_opt().unwrap()),
            outcome: String::new(),
            consent: None,
            consent_override: None,
            chase: Some(FollowUpId::new()),
            created_at: chrono::DateTime::UNIX_EPOCH,
            created_by: UserId::new(),
            answered_on: None,
        };
        for organisation in [r.organisation, None] {
            r.organisation = organisation;
            let (_, k, v) = referral_entry(&r);
            let e = read_entry(&k, &v).expect("reads back");
            assert_eq!(
                (e.id, e.status, e.direction, e.since, e.case, e.organisation),
                (
                    r.id,
                    r.status,
                    r.direction,
                    on.succ_opt().unwrap(),
                    r.case,
                    organisation
                )
            );
        }
        assert_eq!(read_entry(&[0; 17], &[0; 3]), None);
        let (_, k, v) = referral_entry(&r);
        assert_eq!(k[0], status_prefix(ReferralStatus::Sent)[0]);
        let mut wrong = k.clone();
        wrong[0] = status_prefix(ReferralStatus::Draft)[0];
        assert_eq!(read_entry(&wrong, &v), None, "key and value disagree");
    }
}
