//! Driving the real `caseline` binary in a real terminal: a tmux server of the test's
//! own (its own socket, so tests run in parallel and never touch the user's tmux),
//! keys sent with `send-keys`, the screen read with `capture-pane`, and the process
//! watched through `/proc`.
//!
//! Every wait polls the pane with a timeout; nothing sleeps a fixed time and hopes.
//!
//! `tests/terminal` includes it as its module `terminal_support`, with `#[path]`; so
//! does `tests/tui`, for [`cli`].

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The passphrase every test store is made with.
pub const PASS: &str = "correct horse battery";

/// Where the program's clock starts (`CASELINE_CLOCK`) in every run here, then runs at
/// the system's pace: Sunday 22 November 2026, 10:15 in London, as in the harness.
pub const CLOCK_START: &str = "2026-11-22T10:15:00Z";

/// How long any one thing may take to show on the screen.
pub const WAIT: Duration = Duration::from_secs(10);

const POLL: Duration = Duration::from_millis(20);

/// Variables from the caller's environment that would change what caseline does.
const SCRUB: [&str; 8] = [
    "TMUX",
    "TMUX_PANE",
    "CASELINE_DATA_DIR",
    "CASELINE_USER",
    "CASELINE_KEYMAP",
    "CASELINE_PASSPHRASE",
    "NO_COLOR",
    "TMUX_TMPDIR",
];

static SERIAL: AtomicUsize = AtomicUsize::new(0);

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_caseline")
}

/// Quotes `s` for `sh`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Fails the test, clearly, when tmux is missing: a skipped terminal test is a lie.
fn require_tmux() {
    let ok = Command::new("tmux")
        .arg("-V")
        .stdin(Stdio::null())
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "tmux is not installed (or `tmux -V` fails), and the real-terminal tests in \
         tests/terminal/ drive caseline through it. `.ci/run` installs it; \
         locally: `sudo apt-get install tmux`."
    );
}

/// A tmux server of one test's own, the caseline data directory it works on, and the
/// session keys go to. The server is killed when this is dropped, test failed or not.
pub struct Term {
    socket: String,
    /// The socket file, once a server has made it (tmux leaves it behind).
    socket_path: Option<PathBuf>,
    /// The session keys are sent to and the screen is read from.
    pub target: String,
    tmp: tempfile::TempDir,
    /// The caseline data directory (not created: caseline makes it).
    pub data: PathBuf,
    config: PathBuf,
    /// Before any program of this test started: bounds what its clock can show.
    began: Instant,
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.tmux_output(&["kill-server"]);
        if let Some(p) = &self.socket_path {
            let _ = std::fs::remove_file(p);
        }
    }
}

impl Term {
    /// A fresh temporary directory and an unused tmux socket name; no server yet.
    pub fn new(test: &str) -> Term {
        require_tmux();
        let tmp = tempfile::Builder::new()
            .prefix(&format!("caseline-tty-{test}-"))
            .tempdir()
            .expect("a temporary directory");
        let config = tmp.path().join("config");
        std::fs::create_dir_all(&config).expect("a config directory");
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let socket = format!(
            "caseline-test-{}-{}-{nanos}-{test}",
            std::process::id(),
            SERIAL.fetch_add(1, Ordering::SeqCst)
        );
        Term {
            socket,
            socket_path: None,
            target: String::new(),
            data: tmp.path().join("data"),
            tmp,
            config,
            began: Instant::now(),
        }
    }

    /// Every minute (`HH:MM`, London) the program's clock can have reached so far in
    /// this test: each run starts at [`CLOCK_START`], none started before this `Term`.
    pub fn clock_minutes(&self) -> Vec<String> {
        let start = clock_start();
        let end = start + self.began.elapsed() + Duration::from_secs(60);
        let mut at = start;
        let mut minutes = Vec::new();
        while at <= end {
            minutes.push(
                caseline::domain::clock::local(at)
                    .format("%H:%M")
                    .to_string(),
            );
            at += chrono::Duration::seconds(60);
        }
        minutes
    }

    /// The temporary directory the test owns.
    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    /// The shell command that runs caseline on this data directory, its clock started
    /// at [`CLOCK_START`], with `env` assignments such as `TERM=xterm-256color` before
    /// the program (a `CASELINE_CLOCK` among them starts it elsewhere).
    pub fn caseline(&self, env: &str) -> String {
        format!(
            "env CASELINE_INSECURE_FAST_KDF=1 CASELINE_CLOCK={CLOCK_START} {env} {} --data-dir {}",
            sh_quote(bin()),
            sh_quote(&self.data.to_string_lossy())
        )
    }

    /// The usual pane: caseline, then its exit status, then a shell that waits, so the
    /// screen after exit can be read.
    pub fn standard(&self, env: &str) -> String {
        format!(
            "{}; echo EXIT=$?; exec sleep 120",
            self.caseline(&format!("TERM=xterm-256color {env}"))
        )
    }

    fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-u", "-L", &self.socket, "-f", "/dev/null"])
            .stdin(Stdio::null())
            .env("SHELL", "/bin/sh")
            .env("XDG_CONFIG_HOME", &self.config);
        for v in SCRUB {
            c.env_remove(v);
        }
        c
    }

    fn tmux_output(&self, args: &[&str]) -> std::io::Result<Output> {
        self.command().args(args).output()
    }

    /// Runs a tmux command; panics (with tmux's words) if it fails.
    pub fn tmux(&self, args: &[&str]) -> String {
        let out = self
            .tmux_output(args)
            .unwrap_or_else(|e| panic!("running tmux {args:?}: {e}"));
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `shell_command` in a new detached session `name` of `cols`x`rows`, which
    /// becomes the target.
    pub fn start_sized(&mut self, name: &str, cols: u16, rows: u16, shell_command: &str) {
        let (x, y) = (cols.to_string(), rows.to_string());
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            &x,
            "-y",
            &y,
            shell_command,
        ]);
        self.target = name.to_string();
        if self.socket_path.is_none() {
            self.socket_path = Some(PathBuf::from(self.format("#{socket_path}")));
        }
    }

    /// Starts `shell_command` in a new 80x24 session `name`.
    pub fn start(&mut self, name: &str, shell_command: &str) {
        self.start_sized(name, 80, 24, shell_command);
    }

    /// Types `text` as it is.
    pub fn type_text(&self, text: &str) {
        assert!(
            !text.ends_with(';'),
            "tmux would read a trailing ; as a command separator"
        );
        self.tmux(&["send-keys", "-t", &self.target, "-l", text]);
    }

    /// Presses keys by their tmux names (`Enter`, `Tab`, `C-q`, `PageDown` ...).
    pub fn press(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.target];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Types keymap notation as the in-process harness takes it (`<C-n>`, `<tab>`,
    /// `<pagedown>`, `<enter>`, `<C-s>`; everything else is text), in one tmux call.
    pub fn keys(&self, notation: &str) {
        let mut args: Vec<String> = Vec::new();
        let send = |a: &mut Vec<String>, literal: bool, what: String| {
            if !a.is_empty() {
                a.push(";".into());
            }
            a.extend(["send-keys".into(), "-t".into(), self.target.clone()]);
            if literal {
                assert!(
                    !what.ends_with(';'),
                    "tmux would read a trailing ; as a command separator"
                );
                a.push("-l".into());
            }
            a.push(what);
        };
        let mut rest = notation;
        while !rest.is_empty() {
            if let Some(inner) = rest.strip_prefix('<')
                && let Some(end) = inner.find('>')
            {
                send(&mut args, false, tmux_key_name(&inner[..end]));
                rest = &inner[end + 1..];
                continue;
            }
            let end = rest[1..].find('<').map_or(rest.len(), |i| i + 1);
            send(&mut args, true, rest[..end].to_string());
            rest = &rest[end..];
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.tmux(&args);
    }

    /// The visible screen, as text.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.target])
    }

    /// The visible screen with its colours and attributes as escape sequences.
    pub fn screen_with_escapes(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", &self.target])
    }

    /// The screen and all the scrollback above it.
    pub fn screen_and_history(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-S", "-", "-t", &self.target])
    }

    /// A tmux format expanded for the target pane, such as `#{alternate_on}`.
    pub fn format(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", &self.target, format])
            .trim()
            .to_string()
    }

    /// Waits until `ok` holds for the screen; returns that screen. Panics after
    /// [`WAIT`], showing the screen it last saw.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!(
                    "waited {WAIT:?} for {what}; the screen ({}) is:\n{screen}",
                    self.target
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// The pid of the process tmux started in the pane (the shell).
    pub fn pane_pid(&self) -> u32 {
        let pid = self.format("#{pane_pid}");
        pid.parse()
            .unwrap_or_else(|_| panic!("tmux gave no pane pid: {pid:?}"))
    }

    /// The pid of the caseline process running under the pane's shell.
    pub fn caseline_pid(&self) -> u32 {
        let shell = self.pane_pid();
        let start = Instant::now();
        loop {
            if let Some(pid) = children(shell)
                .into_iter()
                .find(|&p| proc_stat(p).is_some_and(|s| s.comm == "caseline"))
            {
                return pid;
            }
            assert!(
                start.elapsed() < WAIT,
                "no caseline process under the pane's shell {shell}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// Sets up a fresh store through the first-run screens, as an administrator would,
    /// and waits for the home screen. Returns the recovery key shown.
    pub fn set_up_store(&self) -> String {
        self.wait_for("Set up caseline");
        self.keys(&format!(
            "Kingston REC<enter><enter>Asha Patel<enter>{PASS}<enter>{PASS}<enter>"
        ));
        let screen = self.wait_for("type its last four characters");
        let key = recovery_key(&screen)
            .unwrap_or_else(|| panic!("no recovery key on the screen:\n{screen}"));
        self.keys(&format!("{}<enter>", &key[key.len() - 4..]));
        self.wait_for("What do you want to do?");
        key
    }

    /// Unlocks the store on the unlock screen (the passphrase has the focus).
    pub fn unlock(&self) {
        self.wait_for("Unlock caseline");
        self.keys(&format!("{PASS}<enter>"));
    }

    /// Waits for the pane's shell to print caseline's exit status; returns it.
    pub fn wait_exit(&self) -> i32 {
        let screen = self.wait_until("caseline to exit (EXIT=)", |s| exit_status(s).is_some());
        exit_status(&screen).expect("an exit status")
    }
}

/// The exit status the pane's shell printed, if it has.
pub fn exit_status(screen: &str) -> Option<i32> {
    // The shell may print it mid-line, after a killed program's last output.
    screen.lines().find_map(|l| {
        let digits: String = l
            .split("EXIT=")
            .nth(1)?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    })
}

/// The recovery key on the screen: eight groups of four joined by dashes.
pub fn recovery_key(screen: &str) -> Option<String> {
    screen
        .split_whitespace()
        .find(|w| w.len() == 39 && w.matches('-').count() == 7)
        .map(str::to_string)
}

/// tmux's name for a key in keymap notation.
pub fn tmux_key_name(name: &str) -> String {
    match name {
        "tab" => "Tab".into(),
        "S-tab" => "BTab".into(),
        "enter" => "Enter".into(),
        "esc" => "Escape".into(),
        "backspace" => "BSpace".into(),
        "pagedown" => "PageDown".into(),
        "pageup" => "PageUp".into(),
        "up" => "Up".into(),
        "down" => "Down".into(),
        "left" => "Left".into(),
        "right" => "Right".into(),
        "home" => "Home".into(),
        "end" => "End".into(),
        "space" => "Space".into(),
        "lt" => "<".into(),
        // C-n, C-s, F1 ... are spelt the same.
        other => other.into(),
    }
}

/// What `/proc/PID/stat` says about a process.
#[derive(Debug, Clone)]
pub struct ProcStat {
    pub comm: String,
    pub state: char,
    pub ppid: u32,
    /// User and system CPU time, in clock ticks.
    pub utime: u64,
    pub stime: u64,
}

/// Reads `/proc/PID/stat`; `None` once the process is gone.
pub fn proc_stat(pid: u32) -> Option<ProcStat> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text[open + 1..close].to_string();
    // Fields after the name, from field 3 (state) on.
    let rest: Vec<&str> = text[close + 1..].split_whitespace().collect();
    Some(ProcStat {
        comm,
        state: rest.first()?.chars().next()?,
        ppid: rest.get(1)?.parse().ok()?,
        utime: rest.get(11)?.parse().ok()?,
        stime: rest.get(12)?.parse().ok()?,
    })
}

/// Whether the process has stopped (gone, or a zombie waiting for its parent).
pub fn is_gone(pid: u32) -> bool {
    proc_stat(pid).is_none_or(|s| s.state == 'Z' || s.state == 'X')
}

/// Waits up to `limit` for the process to stop; returns how long it took, or `None`.
pub fn wait_gone(pid: u32, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() <= limit {
        if is_gone(pid) {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

/// The children of `parent`.
pub fn children(parent: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| proc_stat(pid).is_some_and(|s| s.ppid == parent))
        .collect()
}

/// Sends `signal` to `pid`.
pub fn signal(pid: u32, signal: i32) {
    // SAFETY: kill(2) with a pid we found under our own tmux pane; no memory involved.
    let r = unsafe { libc::kill(pid as libc::pid_t, signal) };
    assert_eq!(
        r,
        0,
        "kill({pid}, {signal}): {}",
        std::io::Error::last_os_error()
    );
}

/// Clock ticks per second, the unit of `utime` and `stime`.
pub fn clock_ticks() -> i64 {
    // SAFETY: sysconf has no memory effects.
    unsafe { libc::sysconf(libc::_SC_CLK_TCK) }
}

/// Whether a captured screen (with `-e`) sets any foreground or background colour.
pub fn uses_colour(escaped: &str) -> bool {
    let mut rest = escaped;
    while let Some(i) = rest.find("\u{1b}[") {
        rest = &rest[i + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(rest.len());
        let (params, after) = rest.split_at(end);
        if after.starts_with('m')
            && params.split([';', ':']).any(|p| {
                p.parse::<u32>()
                    .is_ok_and(|n| matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107))
            })
        {
            return true;
        }
    }
    false
}

/// [`CLOCK_START`] as an instant.
pub fn clock_start() -> chrono::DateTime<chrono::Utc> {
    CLOCK_START.parse().expect("an RFC 3339 time")
}

/// Runs the caseline command line (not the interface) on `data` with the passphrase in
/// the environment and the clock started at [`CLOCK_START`].
pub fn cli(data: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(bin());
    c.arg("--data-dir")
        .arg(data)
        .args(args)
        .env("CASELINE_INSECURE_FAST_KDF", "1")
        .env("CASELINE_CLOCK", CLOCK_START)
        .env("CASELINE_PASSPHRASE", PASS)
        // A running terminal's server is used; with none, the command leaves no server
        // behind to hold the store from the in-process harness that follows it.
        .env("CASELINE_IN_PROCESS", "1")
        .stdin(Stdio::null());
    for v in [
        "CASELINE_USER",
        "CASELINE_KEYMAP",
        "CASELINE_DATA_DIR",
        "CASELINE_IDLE_EXIT",
    ] {
        c.env_remove(v);
    }
    c.output().expect("caseline runs")
}
