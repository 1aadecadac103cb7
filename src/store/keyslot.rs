//! Key slots: the data key wrapped under a key derived from one passphrase.
//!
//! Adding or removing a passphrase touches only its slot; no record is re-encrypted.
//! A slot keeps its own Argon2id parameters and salt. It names its user only through a
//! salted hash of the login, so the slot tree holds no names.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use super::crypto::{KEY_LEN, KdfParams, SecretKey, Unauthentic, random_bytes};
use crate::domain::{Id, UserId};

/// Schema version of the slot record.
pub const SLOT_SCHEMA: u16 = 1;

/// One wrapped copy of the data key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeySlot {
    pub id: Id,
    pub user: UserId,
    /// Opened by the recovery key rather than a passphrase.
    pub recovery: bool,
    /// BLAKE3 of the salt and the login, to find a user's slot without naming them.
    pub login_tag: [u8; 32],
    pub kdf: KdfParams,
    pub salt: [u8; 16],
    /// Nonce, the wrapped data key, tag.
    pub wrapped: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

impl KeySlot {
    /// Wraps `data_key` under `secret` for `user`.
    pub fn create(
        user: UserId,
        login: &str,
        recovery: bool,
        secret: &str,
        data_key: &SecretKey,
        kdf: KdfParams,
    ) -> Result<KeySlot, String> {
        let mut salt = [0u8; 16];
        random_bytes(&mut salt);
        let id = Id::new();
        let kek = kdf.derive(&normalise(secret, recovery), &salt)?;
        let wrapped = kek.seal(&slot_aad(id, user, recovery), data_key.expose());
        Ok(KeySlot {
            id,
            user,
            recovery,
            login_tag: login_tag(&salt, login),
            kdf,
            salt,
            wrapped,
            created_at: Utc::now(),
        })
    }

    /// Whether this slot belongs to `login`.
    pub fn is_for(&self, login: &str) -> bool {
        login_tag(&self.salt, login) == self.login_tag
    }

    /// Recovers the data key, if `secret` is this slot's passphrase or recovery key.
    pub fn open(&self, secret: &str) -> Result<SecretKey, Unauthentic> {
        let kek = self
            .kdf
            .derive(&normalise(secret, self.recovery), &self.salt)
            .map_err(|_| Unauthentic)?;
        let raw = kek.open(&slot_aad(self.id, self.user, self.recovery), &self.wrapped)?;
        let bytes: [u8; KEY_LEN] = raw.as_slice().try_into().map_err(|_| Unauthentic)?;
        Ok(SecretKey::from_bytes(bytes))
    }
}

impl KeySlot {
    /// Spends on `secret` what opening a slot with `kdf` would, and finds nothing: for a
    /// login with no slot, so that its refusal takes as long as a known login's.
    pub fn open_nothing(secret: &str, kdf: KdfParams) {
        let mut salt = [0u8; 16];
        random_bytes(&mut salt);
        let _ = kdf.derive(&normalise(secret, false), &salt);
    }
}

fn slot_aad(id: Id, user: UserId, recovery: bool) -> Vec<u8> {
    let mut a = b"caseline/key-slot\0".to_vec();
    a.extend_from_slice(&id.to_bytes());
    a.extend_from_slice(&user.0.to_bytes());
    a.push(recovery as u8);
    a
}

fn login_tag(salt: &[u8; 16], login: &str) -> [u8; 32] {
    let mut h = blake3::Hasher::new_derive_key("caseline 2026 key-slot login tag");
    h.update(salt);
    h.update(login.trim().to_lowercase().as_bytes());
    *h.finalize().as_bytes()
}

/// Passphrases are compared as Unicode NFC, so the same words typed on two terminals
/// match. Recovery keys also ignore case, spaces and dashes, and read O as 0 and I, L as 1.
fn normalise(secret: &str, recovery: bool) -> Zeroizing<Vec<u8>> {
    let s: Zeroizing<String> = if recovery {
        Zeroizing::new(
            secret
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| match c.to_ascii_uppercase() {
                    'O' => '0',
                    'I' | 'L' => '1',
                    u => u,
                })
                .collect(),
        )
    } else {
        Zeroizing::new(secret.nfc().collect())
    };
    Zeroizing::new(s.as_bytes().to_vec())
}

/// A new recovery key: 160 random bits as 32 Crockford base-32 characters in groups of four.
pub fn new_recovery_key() -> Zeroizing<String> {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = Zeroizing::new([0u8; 20]);
    random_bytes(bytes.as_mut());
    let mut out = Zeroizing::new(String::with_capacity(40));
    let mut acc: u64 = 0;
    let mut bits = 0;
    let mut n = 0;
    for b in bytes.iter() {
        acc = (acc << 8) | u64::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            if n > 0 && n % 4 == 0 {
                out.push('-');
            }
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
            n += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_opens_with_its_passphrase_only() {
        let dk = SecretKey::generate();
        let user = UserId::new();
        let slot = KeySlot::create(
            user,
            "admin",
            false,
            "correct horse",
            &dk,
            KdfParams::INSECURE_TEST,
        )
        .unwrap();
        assert_eq!(slot.open("correct horse").unwrap().expose(), dk.expose());
        assert!(slot.open("wrong horse").is_err());
        assert!(slot.is_for("admin"));
        assert!(slot.is_for(" Admin "));
        assert!(!slot.is_for("amina"));
    }

    #[test]
    fn passphrases_compare_as_nfc() {
        let dk = SecretKey::generate();
        let slot = KeySlot::create(
            UserId::new(),
            "a",
            false,
            "caf\u{e9} noir",
            &dk,
            KdfParams::INSECURE_TEST,
        )
        .unwrap();
        assert!(slot.open("cafe\u{301} noir").is_ok());
    }

    #[test]
    fn recovery_key_forgives_layout() {
        let key = new_recovery_key();
        assert_eq!(key.len(), 39);
        let dk = SecretKey::generate();
        let slot = KeySlot::create(
            UserId::new(),
            "recovery",
            true,
            &key,
            &dk,
            KdfParams::INSECURE_TEST,
        )
        .unwrap();
        let sloppy = key.to_lowercase().replace('-', " ");
        assert!(slot.open(&sloppy).is_ok());
        assert!(slot.open(&key[1..]).is_err());
    }

    #[test]
    fn slot_cannot_be_moved_to_another_user() {
        let dk = SecretKey::generate();
        let mut slot = KeySlot::create(
            UserId::new(),
            "a",
            false,
            "pass phrase",
            &dk,
            KdfParams::INSECURE_TEST,
        )
        .unwrap();
        slot.user = UserId::new();
        assert!(slot.open("pass phrase").is_err());
    }
}
