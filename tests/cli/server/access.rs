//! What keeps others out of a server, checked on the real process: the socket's mode
//! and group, and the server's memory (it holds the data key) closed to other
//! processes of its own OS user (not dumpable: no ptrace, no /proc/PID/mem, no core).
//! Linux's /proc/PID/status has no line saying whether a process is dumpable, so that
//! is shown by what it means: another process of the user cannot attach to it.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};

use super::store;
use crate::common::server::serve;
use crate::common::{self, cli};

#[test]
fn a_socket_for_a_group_is_open_to_that_group_and_nobody_else() {
    let tmp = common::temp("server-group");
    let dir = store(&tmp);
    // SAFETY: getegid only reads this process's group id.
    let gid = unsafe { libc::getegid() };
    let office = tmp.path().join("office").join("run").join("socket");
    let server = serve(
        &dir,
        &[
            "--idle-exit",
            "60",
            "--group",
            &group_name(gid),
            "--socket",
            office.to_str().expect("a path"),
        ],
    );
    assert_eq!(mode_and_group(&server.socket), (0o660, gid));
    let run_dir = server.socket.parent().expect("its directory");
    assert_eq!(mode_and_group(run_dir), (0o750, gid));
    server.stop();

    // Without a group: the server's own user only.
    let server = serve(&dir, &["--idle-exit", "60"]);
    assert_eq!(mode_and_group(&server.socket).0, 0o600);
    let run_dir = server.socket.parent().expect("its directory");
    assert_eq!(mode_and_group(run_dir).0, 0o700);
    cli(&dir, &["stats"]).expect(0);
    server.stop();
}

#[test]
fn the_server_is_not_dumpable() {
    let tmp = common::temp("server-dumpable");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    // The same tracing of a process of the same user that did not make itself so:
    // allowed, so a refusal below is the server's doing.
    let mut other = Command::new("sleep")
        .arg("60")
        .stdin(Stdio::null())
        .spawn()
        .expect("sleep starts");
    let other_traceable = traceable(other.id());
    let _ = other.kill();
    let _ = other.wait();
    assert!(
        other_traceable,
        "an ordinary child process can be traced here"
    );
    assert!(
        !traceable(server.pid()),
        "the server's memory is closed to other processes of its user"
    );
    server.stop();
}

/// Whether a thread of this user without the power to trace any process
/// (CAP_SYS_PTRACE, which root has) may attach to `pid`: the kernel lets it only for
/// a process that is dumpable. A process attached to is let go at once.
fn traceable(pid: u32) -> bool {
    let pid = pid as libc::pid_t;
    // Capabilities and tracing belong to a thread: this one drops the power and ends.
    std::thread::spawn(move || {
        drop_ptrace_power();
        let null = std::ptr::null_mut::<libc::c_void>();
        // SAFETY: ptrace attaches to `pid` and detaches once it has stopped; waitpid
        // writes the status into a local.
        unsafe {
            if libc::ptrace(libc::PTRACE_ATTACH, pid, null, null) != 0 {
                return false;
            }
            let mut status = 0;
            libc::waitpid(pid, &mut status, libc::__WALL);
            libc::ptrace(libc::PTRACE_DETACH, pid, null, null);
        }
        true
    })
    .join()
    .expect("the tracing thread")
}

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: libc::c_int,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

/// `_LINUX_CAPABILITY_VERSION_3`: two words of each set.
const CAP_VERSION_3: u32 = 0x2008_0522;
const CAP_SYS_PTRACE: u32 = 19;

/// Takes CAP_SYS_PTRACE out of the calling thread's effective set (a thread that
/// never had it is left as it was). Its permitted set keeps it: a root process may
/// only trace one whose permitted powers it holds too.
fn drop_ptrace_power() {
    let mut header = CapHeader {
        version: CAP_VERSION_3,
        pid: 0,
    };
    let mut data = [CapData::default(); 2];
    // SAFETY: capget and capset read and write the header and two data words given,
    // for the calling thread only.
    unsafe {
        assert_eq!(
            libc::syscall(libc::SYS_capget, &mut header, data.as_mut_ptr()),
            0,
            "capget"
        );
        data[0].effective &= !(1 << CAP_SYS_PTRACE);
        assert_eq!(
            libc::syscall(libc::SYS_capset, &mut header, data.as_ptr()),
            0,
            "capset"
        );
    }
}

fn mode_and_group(path: &Path) -> (u32, u32) {
    let meta = std::fs::metadata(path).expect("its metadata");
    (meta.permissions().mode() & 0o7777, meta.gid())
}

/// The name of the group `gid`.
fn group_name(gid: u32) -> String {
    // SAFETY: getgrgid reads the group database; its answer is copied out at once.
    unsafe {
        let g = libc::getgrgid(gid);
        assert!(!g.is_null(), "group {gid} has a name");
        std::ffi::CStr::from_ptr((*g).gr_name)
            .to_string_lossy()
            .into_owned()
    }
}
