//! Who may reach a server: an OS user outside its group is kept out, by the socket's
//! permissions as the server sets them and, should those be widened by hand, by the
//! server's own check (which says so in its log); a member of `--group` is served,
//! and the audit log names their account.
//!
//! These need a user of their own: they run only as root where `useradd` exists, and
//! otherwise say they were skipped; where `CI` is set they fail instead, so that a
//! CI that cannot run them is noticed rather than passing quietly.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use super::store;
use crate::common::server::{serve, serve_with};
use crate::common::{self, caseline, cli, run};

/// An OS user with a group of its own, removed again when dropped.
struct TempUser {
    name: String,
    uid: u32,
    gid: u32,
}

impl TempUser {
    /// A new user, or why there cannot be one here. `tag` keeps the names of tests
    /// running at once apart.
    fn make(tag: &str) -> Result<TempUser, String> {
        // SAFETY: geteuid only reads this process's user id.
        if unsafe { libc::geteuid() } != 0 {
            return Err("the tests are not running as root".into());
        }
        let name = format!("clt{}{tag}", std::process::id());
        let made = Command::new("useradd")
            .args(["-M", "-U", "-s", "/usr/sbin/nologin", &name])
            .output()
            .map_err(|e| format!("useradd cannot run: {e}"))?;
        if !made.status.success() {
            return Err(format!(
                "useradd failed: {}",
                String::from_utf8_lossy(&made.stderr)
            ));
        }
        let mut user = TempUser {
            name,
            uid: 0,
            gid: 0,
        };
        user.uid = user.id("-u")?;
        user.gid = user.id("-g")?;
        let probe = Command::new(common::caseline_exe())
            .arg("--version")
            .uid(user.uid)
            .gid(user.gid)
            .current_dir("/")
            .output()
            .map_err(|e| format!("the new user cannot run caseline: {e}"))?;
        if !probe.status.success() {
            return Err("the new user cannot run caseline".into());
        }
        Ok(user)
    }

    fn id(&self, which: &str) -> Result<u32, String> {
        let out = Command::new("id")
            .args([which, &self.name])
            .output()
            .map_err(|e| format!("id: {e}"))?;
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .map_err(|e| format!("id {which}: {e}"))
    }

    /// `caseline --data-dir DIR` run as this user.
    fn caseline(&self, dir: &Path) -> Command {
        let mut c = caseline(dir);
        c.uid(self.uid).gid(self.gid).current_dir("/");
        c
    }
}

impl Drop for TempUser {
    fn drop(&mut self) {
        let _ = Command::new("userdel").arg(&self.name).output();
    }
}

/// A user for the test, or `None` after saying why the test is skipped (a failure
/// when `CI` is set).
fn temp_user(tag: &str) -> Option<TempUser> {
    match TempUser::make(tag) {
        Ok(u) => Some(u),
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("CI is set, and this test cannot run: it needs a temporary OS user: {why}")
        }
        Err(why) => {
            eprintln!("note: skipped, as it needs a temporary OS user: {why}");
            None
        }
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The OS accounts the audit log names.
fn os_users_in_audit(dir: &Path) -> Vec<String> {
    let r = cli(dir, &["audit", "--format", "json", "--limit", "1000"]).expect(0);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("JSON");
    rows.iter()
        .filter_map(|r| r["os_user"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn an_os_user_outside_the_group_is_refused() {
    let Some(user) = temp_user("o") else { return };
    let tmp = common::temp("server-stranger");
    let dir = store(&tmp);
    // The way to the socket is open as far as the server's own directory.
    chmod(tmp.path(), 0o711);
    chmod(&dir, 0o711);
    let server = serve(&dir, &["--idle-exit", "60"]);

    let r = run(user.caseline(&dir).arg("stats"));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stderr.contains("not open to this user"), "{}", r.stderr);

    // Permissions widened by hand: the server turns them away itself.
    chmod(
        server.socket.parent().expect("the socket's directory"),
        0o711,
    );
    chmod(&server.socket, 0o666);
    let r = run(user.caseline(&dir).arg("stats"));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(!r.stdout.contains("TREE"), "{}", r.stdout);

    cli(&dir, &["stats"]).expect(0);
    let log = server.stop();
    let refused = format!("refused {} (uid {}", user.name, user.uid);
    assert!(log.contains(&refused), "{log}");
    assert!(log.contains("not in the server's group"), "{log}");
    assert!(!os_users_in_audit(&dir).contains(&user.name));
}

#[test]
fn a_member_of_the_group_is_served_and_named_in_the_audit_log() {
    let Some(user) = temp_user("m") else { return };
    let tmp = common::temp("server-member");
    let dir = store(&tmp);
    chmod(tmp.path(), 0o711);
    // An office socket, in a directory the server makes; a client finds it as the
    // socket of the "data directory" `office`, without reaching the store itself.
    let office = tmp.path().join("office");
    std::fs::create_dir(&office).expect("made");
    chmod(&office, 0o711);
    let socket = office.join("run").join("socket");
    let socket_arg = socket.to_str().expect("a path");
    let server = serve(
        &dir,
        &[
            "--idle-exit",
            "60",
            "--group",
            &user.name,
            "--socket",
            socket_arg,
        ],
    );

    let r = run(user.caseline(&office).arg("stats"));
    let r = r.expect(0);
    assert!(r.stdout.contains("TREE"), "{}", r.stdout);
    let log = server.stop();
    assert!(log.contains(&format!("({}) signed in", user.name)), "{log}");
    assert!(os_users_in_audit(&dir).contains(&user.name));
}

#[test]
fn a_server_of_another_user_in_the_stores_place_is_sent_nothing() {
    let Some(user) = temp_user("s") else { return };
    let tmp = common::temp("server-squatted");
    let dir = store(&tmp);
    // Another user's server listens where this store's would (as it could in /tmp,
    // where the socket goes when there is no runtime directory), over a store of its
    // own that the same passphrase opens.
    let theirs_tmp = common::temp("server-squatter");
    let theirs = store(&theirs_tmp);
    let owned = Command::new("chown")
        .arg("-R")
        .arg(format!("{}:{}", user.uid, user.gid))
        .arg(theirs_tmp.path())
        .status()
        .expect("chown runs");
    assert!(owned.success());
    chmod(tmp.path(), 0o711);
    chmod(&dir, 0o777);
    let socket = dir.join("run").join("socket");
    let mut cmd = user.caseline(&theirs);
    cmd.arg("serve")
        .arg("--socket")
        .arg(&socket)
        .args(["--idle-exit", "60"]);
    let squatter = serve_with(&theirs, cmd);
    chmod(&dir, 0o700);

    let r = run(caseline(&dir).arg("stats"));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stderr.contains("answered by another OS user"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("TREE"), "{}", r.stdout);
    let log = squatter.stop();
    assert!(!log.contains("signed in"), "{log}");
}
