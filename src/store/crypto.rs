//! Encryption primitives: the data key, sealing records, deriving key-encryption keys.
//!
//! Records are sealed with XChaCha20-Poly1305: its 24-byte nonce is safe to pick at
//! random for every write, so no nonce counter has to survive a crash. Keys live in
//! zeroizing buffers and are wiped when dropped.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Length of every symmetric key.
pub const KEY_LEN: usize = 32;
/// Length of the random nonce stored in front of each ciphertext.
pub const NONCE_LEN: usize = 24;
/// Length of the authentication tag after each ciphertext.
pub const TAG_LEN: usize = 16;

/// Sealed bytes failed to authenticate: wrong key, or damaged or tampered data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("authentication failed")]
pub struct Unauthentic;

/// A 256-bit symmetric key, wiped from memory when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; KEY_LEN]);

impl SecretKey {
    /// A fresh random key.
    pub fn generate() -> SecretKey {
        let mut k = [0u8; KEY_LEN];
        random_bytes(&mut k);
        SecretKey(k)
    }

    /// Wraps existing key bytes (the caller wipes its copy).
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> SecretKey {
        SecretKey(bytes)
    }

    /// The raw key, for wrapping it in a key slot.
    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }

    /// Encrypts `plaintext`, binding `aad`; returns nonce, ciphertext and tag.
    pub fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        random_bytes(&mut nonce);
        let ct = self
            .cipher()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .expect("XChaCha20-Poly1305 encryption cannot fail for in-memory buffers");
        let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        out
    }

    /// Decrypts what [`SecretKey::seal`] produced with the same `aad`.
    pub fn open(&self, aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, Unauthentic> {
        if sealed.len() < NONCE_LEN + TAG_LEN {
            return Err(Unauthentic);
        }
        let (nonce, ct) = sealed.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| Unauthentic)?;
        self.cipher()
            .decrypt(&XNonce::from(nonce), Payload { msg: ct, aad })
            .map(Zeroizing::new)
            .map_err(|_| Unauthentic)
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// Argon2id cost parameters, kept in each key slot so they can be raised later
/// without locking anyone out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// What new key slots use: 64 MiB, 3 passes, one lane (RFC 9106's second choice,
    /// with one lane because the target machines are old laptops).
    pub const STANDARD: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// Cheap parameters for tests only. Never offered in a release build.
    pub const INSECURE_TEST: KdfParams = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    /// Parameters for new slots: [`KdfParams::STANDARD`], unless a debug build runs
    /// with `CASELINE_INSECURE_FAST_KDF=1` (the test suite does, to stay fast).
    pub fn for_new_slots() -> KdfParams {
        if cfg!(debug_assertions)
            && std::env::var_os("CASELINE_INSECURE_FAST_KDF").is_some_and(|v| v == "1")
        {
            KdfParams::INSECURE_TEST
        } else {
            KdfParams::STANDARD
        }
    }

    /// Derives a key-encryption key from a secret and a salt.
    pub fn derive(&self, secret: &[u8], salt: &[u8]) -> Result<SecretKey, String> {
        DERIVED.with(|d| {
            d.set(Derivations {
                count: d.get().count + 1,
                last: Some(*self),
            })
        });
        // The parameters come from the key slot, which is not authenticated until the
        // key opens it: refuse values no caseline writes rather than run out of memory.
        if self.memory_kib > 4 * 1024 * 1024 || self.iterations > 64 || self.parallelism > 16 {
            return Err("the key slot's key-derivation parameters are out of range".into());
        }
        let params = argon2::Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_LEN),
        )
        .map_err(|e| format!("unusable key-derivation parameters: {e}"))?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        argon
            .hash_password_into(secret, salt, out.as_mut())
            .map_err(|e| format!("key derivation failed: {e}"))?;
        Ok(SecretKey::from_bytes(*out))
    }
}

thread_local! {
    /// Key derivations run on this thread: what a sign-in costs, counted rather than
    /// timed (see [`derivations_on_this_thread`]).
    static DERIVED: std::cell::Cell<Derivations> = const {
        std::cell::Cell::new(Derivations { count: 0, last: None })
    };
}

/// Key derivations run on one thread so far: how many, and the parameters of the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Derivations {
    pub count: u64,
    pub last: Option<KdfParams>,
}

/// The key derivations this thread has run (or begun). A refused sign-in must cost the
/// same whether or not the login exists; tests compare these rather than times.
pub fn derivations_on_this_thread() -> Derivations {
    DERIVED.with(std::cell::Cell::get)
}

/// Fills `buf` from the operating system's random source.
pub fn random_bytes(buf: &mut [u8]) {
    // Without randomness nothing can be encrypted safely; stopping is the only safe answer.
    getrandom::fill(buf).expect("the operating system's random source failed");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_binds_aad() {
        let key = SecretKey::generate();
        let sealed = key.seal(b"people/1", b"Amina Hassan");
        assert_eq!(&*key.open(b"people/1", &sealed).unwrap(), b"Amina Hassan");
        assert_eq!(key.open(b"people/2", &sealed), Err(Unauthentic));
        assert_eq!(
            SecretKey::generate().open(b"people/1", &sealed),
            Err(Unauthentic)
        );
        let mut flipped = sealed.clone();
        flipped[30] ^= 1;
        assert_eq!(key.open(b"people/1", &flipped), Err(Unauthentic));
        assert_eq!(key.open(b"people/1", &sealed[..10]), Err(Unauthentic));
    }

    #[test]
    fn nonces_differ() {
        let key = SecretKey::generate();
        assert_ne!(key.seal(b"", b"x"), key.seal(b"", b"x"));
    }

    #[test]
    fn derivation_is_deterministic_and_salted() {
        let p = KdfParams::INSECURE_TEST;
        let a = p.derive(b"pass", b"saltsaltsaltsalt").unwrap();
        let b = p.derive(b"pass", b"saltsaltsaltsalt").unwrap();
        let c = p.derive(b"pass", b"SALTSALTSALTSALT").unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_ne!(a.expose(), c.expose());
    }
}
