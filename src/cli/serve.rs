//! `caseline serve`: holds one store and serves everyone working on it over a Unix
//! socket. Started on demand by the first terminal or command (and gone a while after
//! its last client), or run by systemd as its own OS user for an office
//! (docs/caseline.service).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use clap::Args;

use super::admin::Context;
use super::output::tell;
use super::{CliResult, Failure};
use crate::service::Engine;
use crate::service::remote::log::Log;
use crate::service::remote::paths;
use crate::service::remote::server::{SIGN_IN_WITHIN, Server, ServerOptions};
use crate::service::serve::EngineServer;

/// How long a server started on demand waits for a one-off command to let go of the
/// store before giving up.
const WAIT_FOR_STORE: Duration = Duration::from_secs(20);

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The socket to listen on [default: DIR/run/socket].
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,
    /// Members of this OS group may connect (the socket's group); without it only the
    /// server's own OS user may.
    #[arg(long, value_name = "GROUP")]
    group: Option<String>,
    /// Stop after this many seconds with no client; 0: never. Such a server ignores
    /// SIGHUP: it outlives the terminal that started it.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    idle_exit: u64,
    /// Close a connection that has not signed in this many seconds after connecting.
    #[arg(long, value_name = "SECONDS", default_value_t = SIGN_IN_WITHIN.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    sign_in_within: u64,
    /// Started by a client: says "ready" on standard error and lets go of it, and
    /// stops quietly when another server already holds the store.
    #[arg(long, hide = true)]
    on_demand: bool,
}

/// Runs the server until it is stopped (SIGTERM, SIGINT) or idle.
pub fn serve(ctx: &Context, args: ServeArgs) -> CliResult {
    no_core_dumps();
    let engine = match open_engine(ctx, args.on_demand)? {
        Some(e) => e,
        None => {
            tell!(
                "caseline: a server is already running for {}",
                ctx.data_dir.display()
            );
            return Ok(());
        }
    };
    let socket = args
        .socket
        .unwrap_or_else(|| paths::socket_for(&ctx.data_dir));
    let group = match &args.group {
        Some(name) => Some(group_id(name)?),
        None => None,
    };
    let log = Arc::new(if args.on_demand {
        Log::to_file(
            ctx.data_dir.join("run").join("server.log"),
            ctx.clock.clone(),
        )
    } else {
        Log::to_stderr(ctx.clock.clone())
    });
    let options = ServerOptions {
        socket: socket.clone(),
        group,
        idle_exit: (args.idle_exit > 0).then(|| Duration::from_secs(args.idle_exit)),
        sign_in_within: Duration::from_secs(args.sign_in_within),
    };
    let server =
        Server::bind(options, EngineServer::new(engine, Arc::clone(&log)), log).map_err(|e| {
            Failure::from_message(format!("cannot listen on {}: {e}", socket.display()))
        })?;
    stop_on_signals(server.stopper(), args.idle_exit == 0)?;
    tell!("caseline: ready on {}", socket.display());
    if args.on_demand {
        let_go_of_stderr();
    }
    server
        .run()
        .map_err(|e| Failure::from_message(format!("the server stopped: {e}")))
}

/// Opens the store; `None` when another server holds it (started on demand by a
/// client at the same moment as this one).
fn open_engine(ctx: &Context, on_demand: bool) -> Result<Option<Engine>, Failure> {
    let deadline = Instant::now() + WAIT_FOR_STORE;
    loop {
        match Engine::open(&ctx.data_dir, ctx.clock.clone()) {
            Ok(engine) => return Ok(Some(engine)),
            Err(e) if on_demand && e.is_in_use() => {
                let socket = paths::socket_for(&ctx.data_dir);
                if crate::service::remote::dial::connect(&socket, &ctx.data_dir).is_ok() {
                    return Ok(None);
                }
                if Instant::now() >= deadline {
                    // Still held by a command that opened it itself: say who.
                    return Err(e.into());
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// The data key lives in this process's memory: no core file, and no other process
/// of the same user may read it (ptrace, /proc/PID/mem).
fn no_core_dumps() {
    // SAFETY: prctl with PR_SET_DUMPABLE only changes this process's dumpable flag.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// SIGTERM and SIGINT stop the server after the sessions are closed cleanly, and so
/// does SIGHUP for a server that runs until stopped. One that stops by itself when
/// idle (started on demand) ignores SIGHUP: the terminal that happened to start it
/// closing (an SSH connection dropping, a tmux pane killed) must not end it under
/// every other terminal.
fn stop_on_signals(stop: Arc<std::sync::atomic::AtomicBool>, on_hangup: bool) -> CliResult {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let watched: &[libc::c_int] = if on_hangup {
        &[SIGTERM, SIGINT, SIGHUP]
    } else {
        // SAFETY: setting a signal's disposition to "ignore" runs no code of ours.
        unsafe {
            libc::signal(SIGHUP, libc::SIG_IGN);
        }
        &[SIGTERM, SIGINT]
    };
    for &sig in watched {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .map_err(|e| Failure::from_message(format!("cannot watch for signals: {e}")))?;
    }
    let _ = stop.load(Ordering::SeqCst);
    Ok(())
}

/// Points standard error at /dev/null, so the client that started this server sees
/// its pipe close once "ready" is said.
fn let_go_of_stderr() {
    if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
        use std::os::fd::AsRawFd;
        // SAFETY: dup2 replaces descriptor 2 with a descriptor we own and keep open
        // for the call.
        unsafe {
            libc::dup2(null.as_raw_fd(), 2);
        }
    }
}

/// The id of the OS group `name`.
fn group_id(name: &str) -> Result<u32, Failure> {
    let c = std::ffi::CString::new(name)
        .map_err(|_| Failure::usage("--group: a group name has no NUL byte"))?;
    // SAFETY: getgrnam reads the group database; the pointer it returns is read at
    // once, before anything else can call it.
    let gid = unsafe {
        let g = libc::getgrnam(c.as_ptr());
        if g.is_null() { None } else { Some((*g).gr_gid) }
    };
    gid.ok_or_else(|| {
        Failure::usage(format!(
            "--group: there is no group `{}`",
            crate::domain::text::inert(name)
        ))
    })
}
