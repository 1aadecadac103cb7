//! The one place where records become bytes and bytes become records.
//!
//! A stored value is `[format: u8][schema: u16 LE][payload]`. Format 1 means the payload
//! is sealed with the data key (nonce, ciphertext, tag) and the plaintext is bincode 2
//! (`config::standard()`) of the record. The schema version is the record's own shape:
//! when a record type changes, its `SCHEMA` goes up and [`Record::upgrade`] learns to
//! read the old shape. Format 2 is reserved for records sealed with a per-case key, so
//! that erasing a case can be done by destroying its key.
//!
//! The tree name, the key and the schema version are bound in as associated data, so a
//! value copied to another key or tree, or relabelled with another schema, fails to open.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::crypto::{SecretKey, Unauthentic};
use super::kind::Kind;

/// Values sealed with the store's data key.
pub const FORMAT_SEALED: u8 = 1;
/// Unencrypted values that hold nothing personal (key slots: already wrapped).
pub const FORMAT_PLAIN: u8 = 0x50;
/// Values sealed to a public key: audit entries of failed sign-ins, written before
/// any data key is known. The payload is `ephemeral X25519 public key (32) ‖ nonce ‖
/// ciphertext ‖ tag`, under a key hashed from the Diffie-Hellman secret and both
/// public keys.
pub const FORMAT_SEALED_TO_KEY: u8 = 3;

const HEADER: usize = 3;

/// Why stored bytes could not be turned back into a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("value is too short to be a record ({0} bytes)")]
    TooShort(usize),
    #[error("unknown value format {0} (written by a newer caseline?)")]
    UnknownFormat(u8),
    #[error("unknown schema version {0} (written by a newer caseline?)")]
    UnknownSchema(u16),
    #[error("decryption failed: the value is damaged or was moved")]
    Unauthentic,
    #[error("decoded but malformed: {0}")]
    Malformed(String),
}

impl From<Unauthentic> for CodecError {
    fn from(_: Unauthentic) -> Self {
        CodecError::Unauthentic
    }
}

/// A record type that lives in a tree of the store.
pub trait Record: Serialize + DeserializeOwned {
    /// The tree it lives in.
    const KIND: Kind;
    /// The version of its current shape.
    const SCHEMA: u16;
    /// Its key in the tree.
    fn key(&self) -> Vec<u8>;
    /// The facts reports count from it, for kinds that reports read (`report_facts.rs`).
    fn report_fact(&self) -> Option<super::report_facts::Fact> {
        None
    }
    /// Reads a value written with an older schema. The default knows none.
    fn upgrade(schema: u16, _plaintext: &[u8]) -> Result<Self, CodecError> {
        Err(CodecError::UnknownSchema(schema))
    }
}

fn aad(kind: Kind, key: &[u8], schema: u16) -> Vec<u8> {
    aad_in(kind.tree(), key, schema)
}

fn aad_in(tree: &str, key: &[u8], schema: u16) -> Vec<u8> {
    let mut a = Vec::with_capacity(16 + tree.len() + key.len());
    a.extend_from_slice(b"caseline/1\0");
    a.extend_from_slice(tree.as_bytes());
    a.push(0);
    a.extend_from_slice(key);
    a.extend_from_slice(&schema.to_le_bytes());
    a
}

/// bincode 2 with its standard configuration: varint integers, little endian.
pub fn to_bincode<T: Serialize>(value: &T) -> Vec<u8> {
    bincode::serde::encode_to_vec(value, bincode::config::standard())
        .expect("encoding plain serde data to a Vec cannot fail")
}

/// Largest allocation a decoded value may ask for. A length prefix beyond it is damage,
/// and must be an error rather than an attempt to allocate exabytes.
const DECODE_LIMIT: usize = 64 << 20;

/// Reads bincode 2, insisting that every byte is used.
pub fn from_bincode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let config = bincode::config::standard().with_limit::<DECODE_LIMIT>();
    let (v, used) = bincode::serde::decode_from_slice(bytes, config)
        .map_err(|e| CodecError::Malformed(e.to_string()))?;
    if used != bytes.len() {
        return Err(CodecError::Malformed(format!(
            "{} bytes left over",
            bytes.len() - used
        )));
    }
    Ok(v)
}

/// Encodes and seals a record for its tree.
pub fn seal<R: Record>(key: &SecretKey, record: &R) -> (Vec<u8>, Vec<u8>) {
    let k = record.key();
    let plain = zeroize::Zeroizing::new(to_bincode(record));
    let mut out = Vec::with_capacity(HEADER + plain.len() + 40);
    out.push(FORMAT_SEALED);
    out.extend_from_slice(&R::SCHEMA.to_le_bytes());
    out.extend_from_slice(&key.seal(&aad(R::KIND, &k, R::SCHEMA), &plain));
    (k, out)
}

/// Seals a derived value (not a record) stored under `k` in `tree`, bound to both as
/// a record is.
pub fn seal_value<T: Serialize>(
    key: &SecretKey,
    tree: &str,
    k: &[u8],
    schema: u16,
    value: &T,
) -> Vec<u8> {
    let plain = zeroize::Zeroizing::new(to_bincode(value));
    let mut out = Vec::with_capacity(HEADER + plain.len() + 40);
    out.push(FORMAT_SEALED);
    out.extend_from_slice(&schema.to_le_bytes());
    out.extend_from_slice(&key.seal(&aad_in(tree, k, schema), &plain));
    out
}

/// Opens what [`seal_value`] wrote, for exactly the given schema version.
pub fn open_value<T: DeserializeOwned>(
    key: &SecretKey,
    tree: &str,
    k: &[u8],
    schema: u16,
    bytes: &[u8],
) -> Result<T, CodecError> {
    let (format, found, payload) = header(bytes)?;
    if format != FORMAT_SEALED {
        return Err(CodecError::UnknownFormat(format));
    }
    if found != schema {
        return Err(CodecError::UnknownSchema(found));
    }
    from_bincode(&key.open(&aad_in(tree, k, schema), payload)?)
}

fn header(bytes: &[u8]) -> Result<(u8, u16, &[u8]), CodecError> {
    if bytes.len() < HEADER {
        return Err(CodecError::TooShort(bytes.len()));
    }
    Ok((
        bytes[0],
        u16::from_le_bytes([bytes[1], bytes[2]]),
        &bytes[HEADER..],
    ))
}

/// Opens and decodes a record stored under `k` in its tree.
pub fn open<R: Record>(key: &SecretKey, k: &[u8], bytes: &[u8]) -> Result<R, CodecError> {
    let (format, schema, payload) = header(bytes)?;
    if format != FORMAT_SEALED {
        return Err(CodecError::UnknownFormat(format));
    }
    if schema > R::SCHEMA {
        return Err(CodecError::UnknownSchema(schema));
    }
    let plain = key.open(&aad(R::KIND, k, schema), payload)?;
    if schema == R::SCHEMA {
        from_bincode(&plain)
    } else {
        R::upgrade(schema, &plain)
    }
}

/// Checks that a value opens under its key in its tree, without knowing its record
/// type; returns its schema version.
pub fn verify(key: &SecretKey, kind: Kind, k: &[u8], bytes: &[u8]) -> Result<u16, CodecError> {
    let (format, schema, payload) = header(bytes)?;
    if format != FORMAT_SEALED {
        return Err(CodecError::UnknownFormat(format));
    }
    key.open(&aad(kind, k, schema), payload)?;
    Ok(schema)
}

/// Encodes an unencrypted value (nothing personal in it) with the same header.
pub fn plain<T: Serialize>(schema: u16, value: &T) -> Vec<u8> {
    let mut out = vec![FORMAT_PLAIN];
    out.extend_from_slice(&schema.to_le_bytes());
    out.extend_from_slice(&to_bincode(value));
    out
}

/// Decodes what [`plain`] wrote, for the given schema version.
pub fn from_plain<T: DeserializeOwned>(schema: u16, bytes: &[u8]) -> Result<T, CodecError> {
    let (format, found, payload) = header(bytes)?;
    if format != FORMAT_PLAIN {
        return Err(CodecError::UnknownFormat(format));
    }
    if found != schema {
        return Err(CodecError::UnknownSchema(found));
    }
    from_bincode(payload)
}

/// The symmetric key for a value sealed to `recipient` with an ephemeral key pair.
fn sealing_key(shared: &[u8; 32], ephemeral: &[u8; 32], recipient: &[u8; 32]) -> SecretKey {
    let mut material = zeroize::Zeroizing::new([0u8; 96]);
    material[..32].copy_from_slice(shared);
    material[32..64].copy_from_slice(ephemeral);
    material[64..].copy_from_slice(recipient);
    SecretKey::from_bytes(blake3::derive_key(
        "caseline 2026 value sealed to an X25519 key",
        material.as_ref(),
    ))
}

/// Encodes and seals a record so that only the holder of the private key matching
/// `recipient` can open it (writing needs no secret at all).
pub fn seal_to_key<R: Record>(recipient: &[u8; 32], record: &R) -> (Vec<u8>, Vec<u8>) {
    use x25519_dalek::{PublicKey, StaticSecret};
    let mut eph = zeroize::Zeroizing::new([0u8; 32]);
    super::crypto::random_bytes(eph.as_mut());
    let eph = StaticSecret::from(*eph);
    let eph_public = PublicKey::from(&eph).to_bytes();
    let shared =
        zeroize::Zeroizing::new(eph.diffie_hellman(&PublicKey::from(*recipient)).to_bytes());
    let key = sealing_key(&shared, &eph_public, recipient);
    let k = record.key();
    let plain = zeroize::Zeroizing::new(to_bincode(record));
    let mut out = Vec::with_capacity(HEADER + 32 + plain.len() + 40);
    out.push(FORMAT_SEALED_TO_KEY);
    out.extend_from_slice(&R::SCHEMA.to_le_bytes());
    out.extend_from_slice(&eph_public);
    out.extend_from_slice(&key.seal(&aad(R::KIND, &k, R::SCHEMA), &plain));
    (k, out)
}

/// The public key matching a private one, for [`seal_to_key`].
pub fn public_key(private: &SecretKey) -> [u8; 32] {
    let secret = x25519_dalek::StaticSecret::from(*private.expose());
    x25519_dalek::PublicKey::from(&secret).to_bytes()
}

/// The format byte of a stored value.
pub fn format_of(bytes: &[u8]) -> Result<u8, CodecError> {
    header(bytes).map(|(format, _, _)| format)
}

/// Opens a record that [`seal_to_key`] sealed to the public key of `private`.
pub fn open_sealed_to_key<R: Record>(
    private: &SecretKey,
    k: &[u8],
    bytes: &[u8],
) -> Result<R, CodecError> {
    use x25519_dalek::{PublicKey, StaticSecret};
    let (format, schema, payload) = header(bytes)?;
    if format != FORMAT_SEALED_TO_KEY {
        return Err(CodecError::UnknownFormat(format));
    }
    if schema > R::SCHEMA {
        return Err(CodecError::UnknownSchema(schema));
    }
    if payload.len() < 32 {
        return Err(CodecError::TooShort(bytes.len()));
    }
    let (eph_public, sealed) = payload.split_at(32);
    let eph_public: [u8; 32] = eph_public.try_into().map_err(|_| CodecError::Unauthentic)?;
    let secret = StaticSecret::from(*private.expose());
    let shared = secret.diffie_hellman(&PublicKey::from(eph_public));
    if !shared.was_contributory() {
        return Err(CodecError::Unauthentic);
    }
    let shared = zeroize::Zeroizing::new(shared.to_bytes());
    let key = sealing_key(&shared, &eph_public, &public_key(private));
    let plain = key.open(&aad(R::KIND, k, schema), sealed)?;
    if schema == R::SCHEMA {
        from_bincode(&plain)
    } else {
        R::upgrade(schema, &plain)
    }
}
