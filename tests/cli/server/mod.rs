//! `caseline serve` as a real process, with real clients: command-line runs and
//! sessions on connections the tests open themselves. It proves that
//!
//! - commands run from several processes at once (backup, check, stats, queue, search,
//!   user list, export, import) are all served, none refused as "in use", imports all
//!   land, and the backups they write restore and check clean (`busy`);
//! - every audit entry names the OS account the kernel reports for the connection, not
//!   one a client claims, beside the user and origin; a change by one session is
//!   pushed to the others as a notice, never back to itself; sessions coming and
//!   going leave the search index whole (`sessions`);
//! - a check, a backup and an export made while another session writes see the store
//!   between two writes (no false fault, a backup that restores, an export that
//!   imports whole), and a search during an import leaves an index holding all of it
//!   (`writes`), even when the backup's reader stops part way (`paused`);
//! - a server killed with SIGKILL in the middle of a stream of writes loses none whose
//!   reply came back, its client fails as unavailable rather than hanging, and the
//!   socket it left stops neither the next command nor the next server; with
//!   `--idle-exit` it stops by itself once its last client has gone, not while one is
//!   connected, and not with one waiting to be let in; a command that comes as a
//!   server stops opens the store once it is free (`lifecycle`);
//! - garbage, oversized frames, frames that do not decode, calls before signing in and
//!   chunks with no call close only the connection that sent them, refuse any data,
//!   and leave nothing personal in the server's log; a client or server of another
//!   protocol is told the versions (`garbage`, with hand-made frames from `wire`);
//! - SIGTERM or SIGINT ends the sessions still signed in before the server exits,
//!   so the view entries they recorded without a flush are kept (`signals`);
//! - locking a screen ends its session in the server, audited with its OS account
//!   (`lock`);
//! - a draft kept while slow work asked on the same connection is still being done is
//!   answered at once, not queued behind it (`lanes`);
//! - commands run as people run them, with no server running, start the store's
//!   server and sign in through it: two at once are both served, a later one reuses
//!   it, it stops after its idle time, and a restore is refused while it runs
//!   (`on_demand`; every other test runs commands with `CASELINE_IN_PROCESS=1`);
//! - a client that stops reading (a backup suspended part way) holds up nobody else's
//!   saves and is closed once it takes no frame for the send time, while one reading
//!   at a trickle delays no save either (`stalled`); a connection that never signs in
//!   is closed after the sign-in time, one that signed in never is (`silent`);
//! - a hello, or a frame before signing in, sent a byte at a time is closed within its
//!   time, and calls sent without reading the answers are not read without bound: the
//!   server stops reading once the connection's lanes are full, and closes it when it
//!   takes no answer for the send time (`trickle`);
//! - a demo caseload is made only for an administrator, within its limit and into a
//!   store with no casework, checked before anything is made; an import's file is not
//!   read for who may not import; a failed sign-in leaves a connection hearing no
//!   notices; others hear of a change whose asker went before its answer (`limits`);
//! - a server started on demand lives on when the terminal that started it hangs up
//!   (`hangup`);
//! - the socket is 0660 in a 0750 directory of `--group` (0600 in 0700 without), and
//!   the server's memory is closed to other processes of its user (`access`);
//! - an OS user outside the server's group is refused, and a member of `--group` is
//!   served and named in the audit log (`strangers`: as root, with `useradd`, only;
//!   skipped otherwise, except where `CI` is set, where it fails instead).
//!
//! Waits are bounds on liveness (a hang fails instead of blocking the run), or hold a
//! server still long enough for its idle time to pass; nothing asserts how long
//! anything took.

mod access;
mod busy;
mod drafts;
mod garbage;
mod hangup;
mod lanes;
mod lifecycle;
mod limits;
mod lock;
mod on_demand;
mod paused;
mod peer;
mod sessions;
mod signals;
mod silent;
mod stalled;
mod strangers;
mod trickle;
mod wire;
mod writes;

use caseline::service::KeyCost;
use std::path::PathBuf;

use crate::common;
use caseline::domain::Role;
use caseline::service::NewUser;

/// The passphrase of the caseworker `cas` in [`store`].
pub const CASEWORKER_PASS: &str = "the caseworker's own passphrase";

/// A closed store with [`common::populate`]'s casework and a caseworker `cas`.
pub fn store(tmp: &tempfile::TempDir) -> PathBuf {
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    common::populate(&mut svc);
    svc.add_user(
        NewUser {
            login: "cas".into(),
            display_name: "Case Worker".into(),
            role: Role::Caseworker,
            centre: None,
        },
        CASEWORKER_PASS,
        KeyCost::CheapForTests,
    )
    .expect("a caseworker");
    common::close(svc);
    dir
}

/// The name of the OS account this test runs as, as the kernel and the password
/// database give it (what a server records for this process's connections).
pub fn os_account() -> String {
    caseline::service::remote::Peer::this_process().user
}
