//! Commands run as people run them (no `CASELINE_IN_PROCESS`), with no server running:
//! the first starts the store's server, as a terminal does, and signs in through it;
//! two started at the same moment both succeed, neither told "in use"; a later command
//! signs in through the same server; the server stops by itself once its idle time
//! (`CASELINE_IDLE_EXIT`) has passed with no client; and a restore over the store is
//! refused while it runs.
//!
//! A server a command starts is not this test's child: it is found by the process id
//! on each line of its log (`DIR/run/server.log`), and stopped with SIGTERM when a
//! test is done with it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use super::store;
use crate::common::server::{WITHIN, finish};
use crate::common::{self, Run, caseline};
use caseline::service::remote::paths;

/// Seconds a server stays with no client when a test does not wait for it to go.
const LINGER: &str = "60";

/// `caseline --data-dir DIR` as someone at a shell runs it: a server it starts stays
/// `idle` seconds after its last client.
fn as_people_run_it(dir: &Path, idle: &str) -> Command {
    let mut c = caseline(dir);
    c.env_remove("CASELINE_IN_PROCESS")
        .env("CASELINE_IDLE_EXIT", idle);
    c
}

fn run(dir: &Path, idle: &str, args: &[&str]) -> Run {
    common::run(as_people_run_it(dir, idle).args(args))
}

fn start(dir: &Path, args: &[&str]) -> Child {
    as_people_run_it(dir, LINGER)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("caseline starts")
}

fn server_log(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("run").join("server.log")).unwrap_or_default()
}

/// The processes that wrote the server's log (`DATE TIME [PID] event`).
fn server_pids(dir: &Path) -> BTreeSet<u32> {
    server_log(dir)
        .lines()
        .filter_map(|l| l.split_once('[')?.1.split_once(']')?.0.parse().ok())
        .collect()
}

/// The one server that has served `dir`, still running.
#[track_caller]
fn the_server(dir: &Path) -> u32 {
    let pids = server_pids(dir);
    assert_eq!(
        pids.len(),
        1,
        "one server, by its log:\n{}",
        server_log(dir)
    );
    let pid = *pids.first().expect("one");
    assert!(!ended(pid), "the server is still running");
    assert!(
        socket(dir).exists(),
        "it listens on the store's socket, {}",
        socket(dir).display()
    );
    pid
}

fn socket(dir: &Path) -> PathBuf {
    paths::socket_for(dir)
}

/// Whether process `pid` has ended: gone, or a zombie left for its new parent to reap.
fn ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state == "Z" || state == "X"),
    }
}

/// Waits (a liveness bound) for process `pid` to end; whether it did.
fn wait_ended(pid: u32) -> bool {
    let deadline = Instant::now() + WITHIN;
    while !ended(pid) {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    true
}

/// Stops the server `pid` as a service manager would, and waits for it to go.
#[track_caller]
fn stop(pid: u32, dir: &Path) {
    // SAFETY: kill sends a signal to a server this test's commands started.
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGTERM);
    }
    assert!(
        wait_ended(pid),
        "the server did not stop:\n{}",
        server_log(dir)
    );
}

fn sign_ins(dir: &Path) -> usize {
    server_log(dir).matches("signed in").count()
}

/// Starts the commands at once, and asserts that each succeeded and none was told the
/// store is in use.
#[track_caller]
fn all_at_once(dir: &Path, commands: &[&[&str]]) {
    let children: Vec<Child> = commands.iter().map(|args| start(dir, args)).collect();
    for (args, child) in commands.iter().zip(children) {
        let r = finish(child);
        assert!(!r.stderr.contains("in use"), "{args:?}:\n{}", r.stderr);
        r.expect(0);
    }
}

#[test]
fn two_commands_started_at_once_with_no_server_are_both_served() {
    let tmp = common::temp("on-demand-two");
    let dir = store(&tmp);
    let backup = tmp.path().join("nightly.clb");
    all_at_once(
        &dir,
        &[&["backup", backup.to_str().expect("a path")], &["check"]],
    );
    // One server served both, each signed in through it.
    let first = the_server(&dir);
    assert_eq!(sign_ins(&dir), 2, "{}", server_log(&dir));
    stop(first, &dir);
    assert!(backup.exists(), "the backup was written");

    // Again with that server gone: two of the same command.
    all_at_once(&dir, &[&["stats"], &["stats"]]);
    let pids = server_pids(&dir);
    assert_eq!(pids.len(), 2, "a second server:\n{}", server_log(&dir));
    let second = *pids.iter().find(|p| **p != first).expect("a new one");
    assert!(!ended(second), "the second server is running");
    assert_eq!(sign_ins(&dir), 4, "{}", server_log(&dir));
    stop(second, &dir);
}

#[test]
fn a_second_command_signs_in_through_the_server_the_first_started() {
    let tmp = common::temp("on-demand-reuse");
    let dir = store(&tmp);
    assert!(!socket(&dir).exists(), "no server before the first command");
    run(&dir, LINGER, &["stats"]).expect(0);
    let pid = the_server(&dir);
    assert_eq!(sign_ins(&dir), 1, "{}", server_log(&dir));
    // The passphrase the command was given stays with the command.
    let environ = std::fs::read(format!("/proc/{pid}/environ")).expect("its environment");
    let names: Vec<String> = environ
        .split(|b| *b == 0)
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(
        !names.iter().any(|v| v.starts_with("CASELINE_PASSPHRASE=")),
        "the server keeps the command's passphrase in its environment"
    );

    let r = run(&dir, LINGER, &["user", "list"]).expect(0);
    assert!(r.stdout.contains("admin"), "{}", r.stdout);
    assert_eq!(the_server(&dir), pid, "the same server");
    assert_eq!(sign_ins(&dir), 2, "{}", server_log(&dir));
    stop(pid, &dir);
}

#[test]
fn a_server_a_command_started_stops_after_its_idle_time() {
    let tmp = common::temp("on-demand-idle");
    let dir = store(&tmp);
    run(&dir, "1", &["stats"]).expect(0);
    let pids = server_pids(&dir);
    assert_eq!(pids.len(), 1, "{}", server_log(&dir));
    let pid = *pids.first().expect("one");
    assert!(
        wait_ended(pid),
        "the idle server did not stop:\n{}",
        server_log(&dir)
    );
    let log = server_log(&dir);
    assert!(
        log.contains("stopping: no client for the idle time"),
        "{log}"
    );
    assert!(!socket(&dir).exists(), "it took its socket away");
    // The store is free again: this process opens it.
    common::close(common::open_store(&dir));
}

#[test]
fn a_restore_over_the_store_is_refused_while_its_server_runs() {
    let tmp = common::temp("on-demand-restore");
    let dir = store(&tmp);
    let backup = tmp.path().join("b.clb");
    let backup_arg = backup.to_str().expect("a path");
    run(&dir, LINGER, &["backup", backup_arg]).expect(0);
    let pid = the_server(&dir);

    let r = run(&dir, LINGER, &["restore", "--force", backup_arg]).expect(1);
    assert!(
        r.stderr.contains("a caseline server is running for"),
        "{}",
        r.stderr
    );
    assert!(!dir.join("db.restore").exists(), "nothing was unpacked");
    assert_eq!(the_server(&dir), pid, "the server serves on");

    // Once it has stopped, the restore works on the files, starting no server.
    stop(pid, &dir);
    run(&dir, LINGER, &["restore", "--force", backup_arg]).expect(0);
    assert!(!socket(&dir).exists(), "a restore starts no server");
}

#[test]
fn an_idle_time_that_is_not_seconds_is_a_usage_error() {
    let tmp = common::temp("on-demand-bad-idle");
    let dir = store(&tmp);
    let r = run(&dir, "soon", &["stats"]).expect(2);
    assert!(r.stderr.contains("CASELINE_IDLE_EXIT"), "{}", r.stderr);
    assert!(!socket(&dir).exists(), "no server was started");
}
