//! Kill-at-a-random-moment testing, shared by `tests/store/crash.rs` and
//! `tests/store/lock.rs` (and usable from an example through `#[path]`): the current
//! test binary is re-run as a child whose only test opens a store and writes (or just
//! holds it open), and the parent kills it with SIGKILL.
//!
//! The child prints `ACK <n> <incident> <person> <follow-up>` on a line of its own after
//! each `record_intake` has returned, so every line the parent reads is a write that
//! caseline promised was durable.

#![allow(dead_code)]

use caseline::service::KeyCost;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

use caseline::Caseline;
use caseline::domain::{FollowUpId, IncidentId, PartyRole, PersonId, Priority};
use caseline::service::{InitRequest, IntakeRequest, NewFollowUp, NewParty, NewPerson, PersonRef};

/// The passphrase of every test store.
pub const PASSPHRASE: &str = "correct horse battery staple";
/// The data directory a child works on.
pub const DIR_ENV: &str = "CASELINE_TEST_CHILD_DIR";
/// `write` (loop recording intakes) or `hold` (keep the store open).
pub const MODE_ENV: &str = "CASELINE_TEST_CHILD_MODE";
/// The number of the child's first write.
pub const START_ENV: &str = "CASELINE_TEST_CHILD_START";
/// Seed for the parent's choice of moments; a fixed default keeps runs repeatable.
/// Cases in the import the "import" child writes.
pub const IMPORT_CASES: usize = 600;

pub const SEED_ENV: &str = "CASELINE_CRASH_SEED";

/// Whether an error is sled finding its own file still locked by this process (see
/// `tests/store/reopen_race.rs`: sled 0.34 lets go of the lock a little after a close).
pub fn is_sled_lock_race(message: &str) -> bool {
    message.contains("could not acquire lock")
}

/// Waits until nothing in this process holds sled's lock on the store in `dir` any
/// more, so that another process (or a reopen) does not trip over the lingering lock
/// described in `tests/store/reopen_race.rs`. Returns at once when there is no
/// database.
pub fn wait_released(dir: &Path) {
    let file = dir.join("db").join("db");
    for _ in 0..3000 {
        let Ok(f) = std::fs::File::open(&file) else {
            return;
        };
        match f.try_lock() {
            // Unlocked explicitly rather than by closing: a test in another thread of
            // this process may be starting a child at this moment, and the child's copy
            // of the open file would keep a lock that is only closed held until it runs
            // its own program (the store's own lock does the same, `src/store/lock.rs`).
            Ok(()) => {
                let _ = f.unlock();
                return;
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            Err(std::fs::TryLockError::Error(e)) => panic!("locking {}: {e}", file.display()),
        }
    }
    panic!("sled never released {}", file.display());
}

/// Closes a store and waits until it can be opened again by anyone.
pub fn close(svc: Caseline) {
    let dir = svc.dir().to_path_buf();
    svc.close().expect("close");
    wait_released(&dir);
}

/// Creates a store with cheap key derivation; returns it unlocked as `admin`.
///
/// `Caseline::init` reopens the database it has just built; when that trips over the
/// sled lock race (an ignored test in `tests/store/reopen_race.rs` shows it), the store
/// is complete on disk, so it is opened again once sled has let go.
pub fn init_store(dir: &Path) -> Caseline {
    init_store_at(dir, clock())
}

/// As [`init_store`], on `clock` (which the store keeps: move it through
/// `svc.clock()`).
pub fn init_store_at(dir: &Path, clock: caseline::domain::Clock) -> Caseline {
    let made = Caseline::init_with_clock(
        dir,
        InitRequest {
            organisation: "Kingston Race Equality Council".into(),
            admin_login: "admin".into(),
            admin_name: "Administrator".into(),
            passphrase: zeroize::Zeroizing::new(PASSPHRASE.to_string()),
            key_cost: KeyCost::CheapForTests,
        },
        clock.clone(),
    );
    match made {
        Ok((svc, _recovery)) => svc,
        Err(e) if is_sled_lock_race(&e.to_string()) => {
            wait_released(dir);
            Caseline::open_with_clock(dir, None, PASSPHRASE, clock).expect("open")
        }
        Err(e) => panic!("init: {e:?}"),
    }
}

/// Opens a test store with its passphrase, on a clock of its own at [`clock`]'s start.
pub fn open_store(dir: &Path) -> Caseline {
    Caseline::open_with_clock(dir, None, PASSPHRASE, clock()).expect("open")
}

/// The clock tests run by unless they set another: Sunday 22 November 2026, 10:15 in
/// London, the interface tests' moment too. Each call is a new clock, so a test that
/// moves its store's clock (`svc.clock()`) moves no one else's.
pub fn clock() -> caseline::domain::Clock {
    caseline::ui::testing::test_clock()
}

/// [`clock`]'s start as `CASELINE_CLOCK` gives it to the program (GMT in November).
pub const CLOCK_START: &str = "2026-11-22T10:15:00Z";

/// What write `n` stores.
pub fn narrative(n: u64) -> String {
    format!("Crash write {n}: spat at near Clarence Street, 王秀英 saw it.")
}

/// The victim's given names in write `n`.
pub fn given_names(n: u64) -> String {
    format!("Łukasz {n}")
}

pub fn action(n: u64) -> String {
    format!("Call back about write {n}")
}

/// The request of write `n`: a person, an incident and a follow-up in one transaction.
pub fn request(n: u64) -> IntakeRequest {
    let person = NewPerson {
        given_names: given_names(n),
        family_name: Some("Wójcik".into()),
        ..NewPerson::default()
    };
    IntakeRequest {
        parties: vec![NewParty {
            role: PartyRole::Victim,
            person: Some(PersonRef::New(person)),
            description: String::new(),
        }],
        narrative: narrative(n),
        follow_up: Some(NewFollowUp {
            due: chrono::NaiveDate::from_ymd_opt(2030, 1, 1).expect("a date"),
            due_time: None,
            assignee: None,
            priority: Priority::Normal,
            action: action(n),
        }),
        ..IntakeRequest::default()
    }
}

/// The body of the child test: does nothing unless the parent set [`DIR_ENV`].
pub fn child_main() {
    let Some(dir) = std::env::var_os(DIR_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let mode = std::env::var(MODE_ENV).unwrap_or_else(|_| "write".into());
    let start: u64 = std::env::var(START_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let svc = open_store(&dir);
    let mut out = std::io::stdout().lock();
    match mode.as_str() {
        "import" => {
            let svc = svc;
            let doc =
                caseline::demo::generate(IMPORT_CASES, start, &svc.actor(), svc.clock().now());
            writeln!(out, "\nIMPORTING").expect("stdout");
            out.flush().expect("stdout");
            svc.import(doc).expect("import");
            writeln!(out, "\nIMPORTED").expect("stdout");
            out.flush().expect("stdout");
            return;
        }
        "hold" => {
            writeln!(out, "\nHOLDING {}", std::process::id()).expect("stdout");
            out.flush().expect("stdout");
            // Wait to be killed; give up after ten minutes so nothing is left behind.
            for _ in 0..6000 {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
        _ => {
            for n in start..start + 100_000 {
                let saved = svc.record_intake(request(n)).expect("record_intake");
                writeln!(
                    out,
                    "\nACK {n} {} {} {}",
                    saved.incident,
                    saved.new_people[0],
                    saved.follow_up.expect("a follow-up")
                )
                .expect("stdout");
                out.flush().expect("stdout");
            }
        }
    }
    drop(svc);
}

/// What the test harness calls the test `name` defined in the module `module` (its
/// `module_path!()`): the module path without the test crate's own name, then `name`.
/// A child started with `--exact` and this name runs that one test, wherever its file
/// sits in the test crate.
pub fn test_name(module: &str, name: &str) -> String {
    match module.split_once("::") {
        Some((_krate, path)) => format!("{path}::{name}"),
        None => name.to_string(),
    }
}

/// Starts the current test binary running only `test_name`, as a child on `dir`.
pub fn spawn_child(test_name: &str, dir: &Path, mode: &str, start: u64) -> Child {
    let exe = std::env::current_exe().expect("the test binary");
    Command::new(exe)
        .args([
            "--exact",
            test_name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_ENV, dir)
        .env(MODE_ENV, mode)
        .env(START_ENV, start.to_string())
        .env("CASELINE_INSECURE_FAST_KDF", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the test binary starts again as a child")
}

/// A write the child acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ack {
    pub n: u64,
    pub incident: IncidentId,
    pub person: PersonId,
    pub follow_up: FollowUpId,
}

fn parse_ack(line: &str) -> Option<Ack> {
    let rest = &line[line.find("ACK ")? + 4..];
    let mut parts = rest.split_whitespace();
    let ack = Ack {
        n: parts.next()?.parse().ok()?,
        incident: parts.next()?.parse().ok()?,
        person: parts.next()?.parse().ok()?,
        follow_up: parts.next()?.parse().ok()?,
    };
    parts.next().is_none().then_some(ack)
}

/// Reads the child's acknowledgements line by line.
pub struct AckReader {
    lines: BufReader<ChildStdout>,
}

impl AckReader {
    pub fn new(child: &mut Child) -> AckReader {
        AckReader {
            lines: BufReader::new(child.stdout.take().expect("piped stdout")),
        }
    }

    /// The next whole line holding `word`, or `None` at the end of output.
    pub fn next_line_with(&mut self, word: &str) -> Option<String> {
        loop {
            let mut line = String::new();
            let n = self.lines.read_line(&mut line).expect("child stdout");
            if n == 0 {
                return None;
            }
            // A line cut off by the kill is not a whole acknowledgement.
            if line.ends_with('\n') && line.contains(word) {
                return Some(line);
            }
        }
    }

    pub fn next_ack(&mut self) -> Option<Ack> {
        loop {
            let line = self.next_line_with("ACK ")?;
            if let Some(ack) = parse_ack(&line) {
                return Some(ack);
            }
        }
    }
}

/// A small, seedable generator (splitmix64), so a failing round can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn from_env(default: u64) -> Rng {
        let seed = std::env::var(SEED_ENV)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default);
        eprintln!("crash test seed: {seed} (set {SEED_ENV} to replay)");
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// Sends SIGKILL and reaps the child.
pub fn kill(child: &mut Child) {
    // `Child::kill` sends SIGKILL on unix.
    child.kill().expect("kill the child");
    let status = child.wait().expect("reap the child");
    assert!(!status.success(), "the child was killed, not finished");
}

/// One round: start a writer on `dir`, let it acknowledge a random number of writes
/// (and sometimes run on a little longer), kill it, and return every write it
/// acknowledged, the ones still in the pipe included.
pub fn crash_round(test_name: &str, dir: &Path, start: u64, rng: &mut Rng) -> Vec<Ack> {
    let mut child = spawn_child(test_name, dir, "write", start);
    let mut reader = AckReader::new(&mut child);
    let target = rng.range(5, 60);
    let mut acks = Vec::new();
    while acks.len() < target as usize {
        match reader.next_ack() {
            Some(a) => acks.push(a),
            None => {
                let status = child.wait().expect("reap the child");
                panic!(
                    "the writer stopped after {} writes ({status}); see its output above",
                    acks.len()
                );
            }
        }
    }
    if rng.next().is_multiple_of(2) {
        std::thread::sleep(std::time::Duration::from_millis(rng.range(0, 25)));
    }
    kill(&mut child);
    while let Some(a) = reader.next_ack() {
        acks.push(a);
    }
    acks
}

/// Opens the store after a crash and checks every acknowledged write is there, whole,
/// and that each intake landed entirely or not at all. Returns the number of intakes
/// in the store.
pub fn verify_after_crash(dir: &Path, acked: &[Ack]) -> usize {
    let svc = open_store(dir);
    for a in acked {
        let incident = svc
            .incident(a.incident)
            .unwrap_or_else(|e| panic!("acknowledged write {} lost: {e}", a.n));
        assert_eq!(incident.narrative, narrative(a.n), "write {}", a.n);
        assert_eq!(incident.parties.len(), 1);
        assert_eq!(incident.parties[0].person, Some(a.person));
        let person = svc
            .person(a.person)
            .unwrap_or_else(|e| panic!("person of acknowledged write {} lost: {e}", a.n));
        assert_eq!(person.given_names, given_names(a.n));
        assert_eq!(person.family_name.as_deref(), Some("Wójcik"));
        let f = svc
            .follow_up(a.follow_up)
            .unwrap_or_else(|e| panic!("follow-up of acknowledged write {} lost: {e}", a.n));
        assert_eq!(f.action, action(a.n));
    }
    let incidents = svc.incidents().count();
    let people = svc.people().count();
    let follow_ups = svc.follow_ups().count();
    assert!(
        incidents == people && people == follow_ups,
        "an intake landed in part: {incidents} incidents, {people} people, {follow_ups} follow-ups"
    );
    let report = svc.check().expect("check runs");
    assert!(
        report.is_clean(),
        "check after a crash: {:?}",
        report.faults
    );
    close(svc);
    incidents
}
