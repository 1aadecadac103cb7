//! Who is at the other end of a socket, from the kernel (SO_PEERCRED), not from
//! anything the client says: the OS user every audit entry of the connection names,
//! and what the server checks before it answers at all.

use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;

/// The process at the other end, as the kernel saw it when it connected. The pid is
/// for the log only: pids are reused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub pid: u32,
    pub uid: u32,
    pub gid: u32,
    /// The user's name, or the uid in digits when it has none.
    pub user: String,
}

impl Peer {
    /// The credentials of the process connected to `stream`.
    pub fn of(stream: &UnixStream) -> std::io::Result<Peer> {
        let mut cred = libc::ucred {
            pid: 0,
            uid: 0,
            gid: 0,
        };
        let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
        // SAFETY: getsockopt writes at most `len` bytes into `cred`, a ucred on our
        // stack, and the descriptor stays open for the call.
        let rc = unsafe {
            libc::getsockopt(
                stream.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_PEERCRED,
                (&mut cred as *mut libc::ucred).cast(),
                &mut len,
            )
        };
        if rc != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Peer {
            pid: cred.pid.max(0) as u32,
            uid: cred.uid,
            gid: cred.gid,
            user: user_name(cred.uid).unwrap_or_else(|| cred.uid.to_string()),
        })
    }

    /// This process, as a peer (for in-process sessions).
    pub fn this_process() -> Peer {
        // SAFETY: these calls only read the process's own ids.
        let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
        Peer {
            pid: std::process::id(),
            uid,
            gid,
            user: user_name(uid).unwrap_or_else(|| uid.to_string()),
        }
    }

    /// Whether this peer may talk to a server running as `server_uid` whose socket
    /// belongs to group `socket_gid`: the same user, root, or a member of the group.
    /// The socket's permissions already keep others out; this says so again in code.
    pub fn admitted(&self, server_uid: u32, socket_gid: u32) -> bool {
        self.uid == server_uid
            || self.uid == 0
            || self.gid == socket_gid
            || groups_of(&self.user, self.gid).contains(&socket_gid)
    }
}

/// The name of a user id, from the password database.
pub fn user_name(uid: u32) -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r fills `pwd` with pointers into `buf`, which outlives their use
    // below; `found` is null when there is no such user.
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
    if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: pw_name points at a NUL-terminated string inside `buf`.
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    let name = name.to_string_lossy();
    // A name goes into the audit log and messages: plain characters only.
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-$".contains(c))
        .then(|| name.into_owned())
}

/// Every group `user` belongs to (its primary group `gid` included).
fn groups_of(user: &str, gid: u32) -> Vec<u32> {
    let Ok(name) = std::ffi::CString::new(user) else {
        return vec![gid];
    };
    let mut groups = vec![0 as libc::gid_t; 64];
    loop {
        let mut n = groups.len() as libc::c_int;
        // SAFETY: getgrouplist writes at most `n` group ids into `groups` and sets `n`
        // to how many there are.
        let rc = unsafe { libc::getgrouplist(name.as_ptr(), gid, groups.as_mut_ptr(), &mut n) };
        if rc >= 0 {
            groups.truncate(n.max(0) as usize);
            return groups;
        }
        if groups.len() >= 65536 {
            return vec![gid];
        }
        let more = (n.max(0) as usize).max(groups.len() * 2);
        groups.resize(more, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kernel_names_the_process_at_the_other_end() {
        let (a, _b) = UnixStream::pair().unwrap();
        let peer = Peer::of(&a).unwrap();
        let me = Peer::this_process();
        assert_eq!(peer.uid, me.uid);
        assert_eq!(peer.pid, std::process::id());
        assert!(peer.admitted(me.uid, 12345));
    }
}
