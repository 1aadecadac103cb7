//! The first frame each way: who is speaking, in a layout that never changes, so that
//! programs of different versions can at least tell each other so.
//!
//! `caseline\0`, the protocol number (u16, big-endian), the program's version (a
//! length byte and UTF-8), and from the server one more byte: 0 when it will serve this
//! client, 1 when the versions do not match.

/// Raised whenever requests, replies or notices change shape.
pub const PROTOCOL: u16 = 4;
/// The fingerprint of the wire's shapes under [`PROTOCOL`] (see `wire_shape.rs`): a
/// test fails when they change and this does not, saying to raise [`PROTOCOL`] and
/// record the new fingerprint here.
pub const WIRE_SHAPE: &str = "e327c834d8d2ae619208096dbf3a9637b2c65ea0f23d1a3f780bfbbe6362bceb";
/// This program's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

const MAGIC: &[u8] = b"caseline\0";

/// What one side said about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hello {
    pub protocol: u16,
    pub version: String,
}

impl Hello {
    /// This program.
    pub fn ours() -> Hello {
        Hello {
            protocol: PROTOCOL,
            version: VERSION.to_string(),
        }
    }

    /// Whether a peer saying `self` can be served by this program.
    pub fn matches_ours(&self) -> bool {
        self.protocol == PROTOCOL
    }

    /// The client's greeting.
    pub fn encode(&self) -> Vec<u8> {
        let version = &self.version.as_bytes()[..self.version.len().min(255)];
        let mut out = Vec::with_capacity(MAGIC.len() + 3 + version.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.protocol.to_be_bytes());
        out.push(version.len() as u8);
        out.extend_from_slice(version);
        out
    }

    /// The server's answer: its greeting and whether it serves the client.
    pub fn encode_answer(&self, serves: bool) -> Vec<u8> {
        let mut out = self.encode();
        out.push(if serves { 0 } else { 1 });
        out
    }

    /// Reads a greeting; `None` for anything that is not one.
    pub fn decode(bytes: &[u8]) -> Option<Hello> {
        let (hello, rest) = Hello::decode_prefix(bytes)?;
        rest.is_empty().then_some(hello)
    }

    /// Reads a server's answer: its greeting and whether it serves us.
    pub fn decode_answer(bytes: &[u8]) -> Option<(Hello, bool)> {
        match Hello::decode_prefix(bytes)? {
            (hello, [0]) => Some((hello, true)),
            (hello, [1]) => Some((hello, false)),
            _ => None,
        }
    }

    fn decode_prefix(bytes: &[u8]) -> Option<(Hello, &[u8])> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let (protocol, rest) = rest.split_first_chunk::<2>()?;
        let (len, rest) = rest.split_first()?;
        let len = usize::from(*len);
        if rest.len() < len {
            return None;
        }
        let version = std::str::from_utf8(&rest[..len]).ok()?;
        // A version is printed in messages: only plain characters.
        if !version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-+_".contains(c))
        {
            return None;
        }
        Some((
            Hello {
                protocol: u16::from_be_bytes(*protocol),
                version: version.to_string(),
            },
            &rest[len..],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn greetings_read_back() {
        let ours = Hello::ours();
        assert_eq!(Hello::decode(&ours.encode()), Some(ours.clone()));
        assert_eq!(
            Hello::decode_answer(&ours.encode_answer(false)),
            Some((ours, false))
        );
    }

    #[test]
    fn a_version_with_control_characters_is_not_a_greeting() {
        let odd = Hello {
            protocol: 1,
            version: "1.0\u{1b}[31m".into(),
        };
        assert_eq!(Hello::decode(&odd.encode()), None);
    }

    proptest! {
        #[test]
        fn any_bytes_are_a_greeting_or_not_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = Hello::decode(&bytes);
            let _ = Hello::decode_answer(&bytes);
        }
    }
}
