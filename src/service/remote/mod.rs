//! The local server: one process holds a store (its data key, its search index, its
//! settings) and serves the terminals and commands of everyone working on it, over a
//! Unix socket. Frames carry the same requests and replies a client makes in-process.
//!
//! - [`frame`]: length-prefixed frames with a size cap;
//! - [`hello`]: the version handshake;
//! - [`peer`]: who is calling, from the kernel;
//! - [`paths`]: where the socket is;
//! - [`server`]: accepting, checking and serving connections;
//! - [`outbox`]: writing to a connection, answers in turn and notices queued;
//! - [`dial`]: connecting, and starting a server on demand;
//! - [`log`]: the server's log of events.

pub mod dial;
pub mod frame;
pub mod hello;
pub mod log;
pub mod outbox;
pub mod paths;
pub mod peer;
pub mod server;

pub use peer::Peer;

#[cfg(test)]
mod server_tests;
#[cfg(test)]
mod wire_shape;
