//! How a command reaches a store of its own machine: through the store's server,
//! started on demand when none runs, as the terminal starts it (gpg-agent's way), so
//! that any number of commands, cron's backup and terminals share one process and
//! none is refused as "in use". Two knobs in the environment change that:
//!
//! - `CASELINE_IN_PROCESS=1`: with no server running, the command opens the store in
//!   its own process and lets go of it when done, as commands did before servers were
//!   started for them (tests and benchmarks that open the store themselves right
//!   after a command; a script that wants no process left behind);
//! - `CASELINE_IDLE_EXIT=SECONDS`: how long a server a command starts stays after its
//!   last client [default: 60, as the terminal's].

use std::path::Path;
use std::sync::Arc;

use super::Failure;
use crate::service::client::Remote;
use crate::service::remote::{dial, paths};

/// With no server running, open the store in this process instead of starting one.
pub const IN_PROCESS_VAR: &str = "CASELINE_IN_PROCESS";

/// Seconds a server started by a command stays after its last client.
pub const IDLE_EXIT_VAR: &str = "CASELINE_IDLE_EXIT";

/// The longest idle time a command may ask for: a day.
const MAX_IDLE_EXIT_SECS: u64 = 86_400;

/// How a command reaches a store that exists, when no office socket was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Through the store's server, started when none runs; one it starts stops
    /// `idle_exit_secs` after its last client has gone.
    Server { idle_exit_secs: u64 },
    /// Through a running server, else in this process (`CASELINE_IN_PROCESS=1`).
    InProcess,
}

impl Reach {
    /// What the environment asks for; a bad value is a usage error naming it.
    pub fn from_env() -> Result<Reach, Failure> {
        if std::env::var_os(IN_PROCESS_VAR).is_some_and(|v| v == "1") {
            return Ok(Reach::InProcess);
        }
        let idle_exit_secs = match std::env::var(IDLE_EXIT_VAR) {
            Err(std::env::VarError::NotPresent) => dial::ON_DEMAND_IDLE_SECS,
            Ok(text) => idle_exit(&text)?,
            Err(std::env::VarError::NotUnicode(_)) => return Err(bad_idle_exit("it")),
        };
        Ok(Reach::Server { idle_exit_secs })
    }
}

/// `CASELINE_IDLE_EXIT`'s seconds: a whole number from 1 to a day.
fn idle_exit(text: &str) -> Result<u64, Failure> {
    match text.trim().parse::<u64>() {
        Ok(secs) if (1..=MAX_IDLE_EXIT_SECS).contains(&secs) => Ok(secs),
        _ => Err(bad_idle_exit(&format!(
            "`{}`",
            crate::domain::text::inert(text)
        ))),
    }
}

fn bad_idle_exit(what: &str) -> Failure {
    Failure::usage(format!(
        "{IDLE_EXIT_VAR}: {what} is not a number of seconds from 1 to {MAX_IDLE_EXIT_SECS}"
    ))
}

/// A connection to the server of the store in `data_dir`, started (this very program,
/// `caseline serve --on-demand`) when none is running.
pub fn server(data_dir: &Path, idle_exit_secs: u64) -> Result<Arc<Remote>, Failure> {
    let socket = paths::socket_for(data_dir);
    let start = dial::Start {
        data_dir,
        socket: &socket,
        program: std::env::current_exe().unwrap_or_else(|_| "caseline".into()),
        idle_exit_secs,
    };
    let stream =
        dial::connect_or_start(&start).map_err(|e| Failure::from_message(e.to_string()))?;
    Ok(Arc::new(Remote::new(stream, data_dir.to_path_buf())?))
}

/// Whether a server answers for the store in `data_dir` (of this version or another).
pub fn server_running(data_dir: &Path) -> bool {
    let socket = paths::socket_for(data_dir);
    !matches!(
        dial::connect(&socket, data_dir),
        Err(dial::DialError::NoServer(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_time_is_whole_seconds_from_one_to_a_day() {
        assert_eq!(idle_exit("1").ok(), Some(1));
        assert_eq!(idle_exit(" 90 ").ok(), Some(90));
        for bad in ["0", "-5", "1.5", "", "a minute", "86401"] {
            let f = idle_exit(bad).expect_err(bad);
            assert_eq!(f.code, 2, "{bad}");
            assert!(f.message.contains(IDLE_EXIT_VAR), "{}", f.message);
        }
    }
}
