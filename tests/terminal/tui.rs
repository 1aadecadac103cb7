//! The interface in a real terminal: the debug binary runs in a tmux pane of the test's
//! own, keys go in through `send-keys`, and the screen comes back through
//! `capture-pane`. These check what the in-memory harness cannot: raw mode, the
//! alternate screen and bracketed paste are undone on exit; signals and hang-ups keep
//! the draft; a vanished or idle terminal does not make the process spin; resizing.
//!
//! They need tmux (`.ci/run` installs it) and fail, saying so, without it.

use std::time::{Duration, Instant};

use crate::terminal_support::{
    PASS, Term, cli, clock_ticks, exit_status, is_gone, proc_stat, recovery_key, signal,
    uses_colour, wait_gone,
};

/// The standard phone report, as in `tests/tui/standard_report.rs`.
const STANDARD_REPORT: &str = "<C-n>Amina<tab>Hassan<tab>07700 900123<tab>KT1 2AB<pagedown>\
yn<tab>weekday evenings<tab>eng<enter>som<pagedown>\
A man she did not know shouted racist and anti-Muslim abuse at her and spat at her.<tab>\
yesterday about 9pm<tab>bus stop on Clarence Street<pagedown>\
race<enter>rel<pagedown>a man she did not know<pagedown>\
cctv<tab>there may be CCTV on the bus<pagedown>n\
yn<pagedown>in 3 days<C-s>";

/// How long a signalled process may take to stop.
const STOP: Duration = Duration::from_secs(3);

/// What must never be left on the terminal once caseline has gone.
const CASE_DATA: [&str; 7] = [
    "Kingston REC",
    "Asha Patel",
    "Amina",
    "Hassan",
    "shouted",
    "What do you want to do?",
    "caseline ·",
];

/// The text after `label` on the line that has it, without the cursor mark.
fn field(screen: &str, label: &str) -> Option<String> {
    screen.lines().find_map(|l| {
        let at = l.find(label)?;
        let rest = l[at + label.len()..].replace('▏', "");
        Some(
            rest.trim_matches(|c: char| c.is_whitespace() || c == '│')
                .to_string(),
        )
    })
}

/// Checks the terminal is back to normal after caseline has exited: the main screen,
/// a visible cursor, no mouse reporting, and nothing from the store on it.
fn assert_restored(t: &Term) {
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "still on the alternate screen"
    );
    assert_eq!(
        t.format("#{cursor_flag}"),
        "1",
        "the cursor is still hidden"
    );
    assert_eq!(
        t.format("#{mouse_any_flag}"),
        "0",
        "mouse reporting is still on"
    );
    let all = t.screen_and_history();
    for data in CASE_DATA {
        assert!(
            !all.contains(data),
            "{data:?} is still on the terminal after exit:\n{all}"
        );
    }
}

/// Where the terminal cursor should be after typing `text` into the field `label`:
/// just after the text, on the field's line (column and row from 0).
fn insertion_point(screen: &str, label: &str, text: &str) -> (usize, usize) {
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(label))
        .unwrap_or_else(|| panic!("no {label:?} on the screen:\n{screen}"));
    let at = line.find(label).expect("the label") + label.len();
    let start = at
        + line[at..]
            .find(text)
            .unwrap_or_else(|| panic!("no {text:?} after {label:?}:\n{screen}"));
    // Columns, not bytes: box drawing characters are one column and several bytes.
    (line[..start].chars().count() + text.chars().count(), row)
}

/// The terminal cursor is shown, just after `text` in the field `label`.
fn assert_cursor_after(t: &Term, screen: &str, label: &str, text: &str) {
    let (x, y) = insertion_point(screen, label, text);
    let shown = t.format("#{cursor_flag} #{cursor_x} #{cursor_y}");
    assert_eq!(
        shown,
        format!("1 {x} {y}"),
        "the cursor (shown x y) should be just after {text:?} in {label:?}:\n{screen}"
    );
}

/// The "HH:MM" in "Unfinished intake from HH:MM, resume?".
fn resume_time(screen: &str) -> Option<chrono::NaiveTime> {
    let after = screen.split("Unfinished intake from ").nth(1)?;
    chrono::NaiveTime::parse_from_str(after.get(..5)?, "%H:%M").ok()
}

/// Restarts caseline in a new session on the same data directory, unlocks, and checks
/// the offer to resume names the time the draft was last kept (by the program's clock,
/// some minute from its start to now); answers yes.
fn restart_and_resume(t: &mut Term, session: &str) {
    let cmd = t.standard("");
    t.start(session, &cmd);
    t.unlock();
    let screen = t.wait_for("resume?");
    let shown = resume_time(&screen)
        .unwrap_or_else(|| panic!("no 'Unfinished intake from HH:MM':\n{screen}"))
        .format("%H:%M")
        .to_string();
    let minutes = t.clock_minutes();
    assert!(
        minutes.contains(&shown),
        "the offer says {shown}, but the draft was typed at one of {minutes:?}:\n{screen}"
    );
    t.type_text("y");
}

/// Types the first-run setup (organisation, name, passphrase twice, the recovery key's
/// last four characters) and waits for the home screen; returns the recovery key.
/// The passphrase shows only as dots, and the login offered is `admin`.
fn type_setup_to_home(t: &Term) -> String {
    t.keys(&format!(
        "Kingston REC<enter><enter>Asha Patel<enter>{PASS}<enter>{PASS}"
    ));
    let screen = t.wait_until("both passphrases typed", |s| {
        s.lines()
            .filter(|l| l.contains(&"•".repeat(PASS.chars().count())))
            .count()
            == 2
    });
    assert!(!screen.contains("correct horse"), "{screen}");
    assert_eq!(
        field(&screen, "Your login").as_deref(),
        Some("admin"),
        "{screen}"
    );
    t.press(&["Enter"]);

    let screen = t.wait_for("type its last four characters");
    let key = recovery_key(&screen).unwrap_or_else(|| panic!("no recovery key:\n{screen}"));
    t.type_text(&key[key.len() - 4..]);
    t.press(&["Enter"]);
    let screen = t.wait_for("What do you want to do?");
    assert!(screen.contains("Kingston REC"), "{screen}");
    key
}

/// After caseline has exited, a paste arrives as plain text: bracketed paste is off.
/// The shell command must run `cat -v`, then turn bracketed paste on, echo `ARMED`
/// and run `cat -v` again (the control, proving the probe can see it).
fn assert_bracketed_paste_off(t: &Term) {
    // A paste now must arrive as plain text: bracketed paste is off.
    t.tmux(&["set-buffer", "-b", "probe", "paste-probe-one"]);
    t.tmux(&["paste-buffer", "-p", "-b", "probe", "-t", &t.target]);
    t.press(&["Enter"]);
    let screen = t.wait_until("cat -v to echo the first paste", |s| {
        s.matches("paste-probe-one").count() >= 2
    });
    assert!(
        !screen.contains("200~") && !screen.contains("201~"),
        "bracketed paste is still on after caseline exited:\n{screen}"
    );
    // The control: with bracketed paste on, the same probe shows the brackets.
    t.press(&["C-d"]);
    t.wait_for("ARMED");
    t.tmux(&["set-buffer", "-b", "probe", "paste-probe-two"]);
    t.tmux(&["paste-buffer", "-p", "-b", "probe", "-t", &t.target]);
    t.press(&["Enter"]);
    let screen = t.wait_until("cat -v to echo the second paste", |s| {
        s.matches("paste-probe-two").count() >= 2
    });
    assert!(
        screen.contains("^[[200~paste-probe-two^[[201~"),
        "the probe cannot see bracketed paste, so its 'off' above proves nothing:\n{screen}"
    );
}

/// 1. First run in a fresh directory, setup to the home screen, quit: status 0 and a
///    terminal as it was (main screen, same tty modes, no case data, no bracketed paste).
#[test]
fn first_run_setup_then_quit_restores_the_terminal() {
    let began = Instant::now();
    let mut t = Term::new("first-run");
    // After caseline: its status, whether the tty modes are as before, then two
    // `cat -v`s to show what a paste sends: one as caseline left the terminal, one
    // after bracketed paste is turned on by hand (proving the probe can see it).
    let cmd = format!(
        "S0=$(stty -g); {}; echo EXIT=$?; \
         if [ \"$(stty -g)\" = \"$S0\" ]; then echo TTY=RESTORED; else echo TTY=CHANGED; fi; \
         cat -v; printf '\\033[?2004h'; echo ARMED; cat -v; exec sleep 120",
        t.caseline("TERM=xterm-256color")
    );
    t.start("main", &cmd);

    let screen = t.wait_for("Set up caseline");
    assert!(screen.contains("First-time setup"), "{screen}");
    assert_eq!(
        t.format("#{alternate_on}"),
        "1",
        "caseline uses the alternate screen"
    );
    let escaped = t.screen_with_escapes();
    assert!(
        uses_colour(&escaped),
        "with colours allowed the setup screen has some:\n{escaped}"
    );

    let key = type_setup_to_home(&t);

    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    let screen = t.wait_until("the tty check", |s| s.contains("TTY="));
    assert!(
        screen.contains("TTY=RESTORED"),
        "the terminal modes differ from before caseline ran (stty -g):\n{screen}"
    );
    assert_restored(&t);
    assert!(
        !t.screen_and_history().contains(&key),
        "the recovery key is left on the terminal"
    );

    assert_bracketed_paste_off(&t);
    eprintln!("first run: {:?}", began.elapsed());
}

/// 2. The standard report typed through a real terminal is saved; the command line's
///    export then holds the incident and the person.
#[test]
fn intake_typed_in_a_terminal_is_saved() {
    let began = Instant::now();
    let mut t = Term::new("intake");
    let cmd = t.standard("");
    t.start("main", &cmd);
    t.set_up_store();

    t.keys(STANDARD_REPORT);
    t.wait_for("Intake saved");
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    assert_restored(&t);

    let out = cli(&t.data, &["export"]);
    assert!(
        out.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("export is JSON");
    let incidents = doc["incidents"].as_array().expect("incidents");
    assert_eq!(incidents.len(), 1, "{:#}", doc["incidents"]);
    let i = &incidents[0];
    assert_eq!(i["location"], "bus stop on Clarence Street");
    assert_eq!(
        i["narrative"],
        "A man she did not know shouted racist and anti-Muslim abuse at her and spat at her."
    );
    assert_eq!(
        i["strands"],
        serde_json::json!(["race_or_ethnicity", "religion_or_belief"])
    );
    let people = doc["people"].as_array().expect("people");
    assert_eq!(people.len(), 1, "{:#}", doc["people"]);
    let p = &people[0];
    assert_eq!(p["given_names"], "Amina");
    assert_eq!(p["family_name"], "Hassan");
    assert_eq!(p["contact"]["postcode"], "KT1 2AB");
    assert_eq!(p["languages"], serde_json::json!(["english", "somali"]));
    let follow_ups = doc["follow_ups"].as_array().expect("follow_ups");
    assert_eq!(follow_ups.len(), 1, "{:#}", doc["follow_ups"]);
    eprintln!("intake: {:?}", began.elapsed());
}

/// Types the start of a report: the caller's name and a few words of what happened.
fn type_partial_intake(t: &Term) {
    t.keys("<C-n>Amina<tab>Hassan<pagedown><pagedown>A man shouted at her");
    t.wait_for("A man shouted at her");
}

/// After resuming: the narrative (where the focus was) and then the name are all there.
fn assert_partial_intake_resumed(t: &Term) {
    t.wait_for("A man shouted at her");
    t.keys("<pageup><pageup><pageup>");
    let screen = t.wait_until("the name fields", |s| {
        field(s, "Given name(s)").is_some_and(|v| !v.is_empty())
    });
    assert_eq!(
        field(&screen, "Given name(s)").as_deref(),
        Some("Amina"),
        "{screen}"
    );
    assert_eq!(
        field(&screen, "Family name").as_deref(),
        Some("Hassan"),
        "{screen}"
    );
}

/// 3. SIGHUP while an intake is half typed: caseline stops at once (status 129, the
///    terminal restored), and the next start offers the draft with everything typed.
#[test]
fn sighup_mid_intake_keeps_the_draft() {
    let began = Instant::now();
    let mut t = Term::new("sighup");
    let cmd = t.standard("");
    t.start("first", &cmd);
    t.set_up_store();
    type_partial_intake(&t);

    let pid = t.caseline_pid();
    signal(pid, libc::SIGHUP);
    let took = wait_gone(pid, STOP);
    assert!(
        took.is_some(),
        "caseline {pid} still runs {STOP:?} after SIGHUP"
    );
    assert_eq!(t.wait_exit(), 129, "{}", t.screen());
    let screen = t.screen();
    assert!(screen.contains("stopped by signal 1"), "{screen}");
    assert_restored(&t);

    restart_and_resume(&mut t, "second");
    assert_partial_intake_resumed(&t);
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    eprintln!(
        "sighup: stopped in {took:?}; whole test {:?}",
        began.elapsed()
    );
}

/// 3b. The terminal itself goes away (the tmux session is killed, which hangs up the
///     pty, as a dropped SSH connection does): caseline stops promptly instead of
///     spinning on a dead terminal, and the draft is there on the next start.
#[test]
fn terminal_hangup_mid_intake_keeps_the_draft() {
    let began = Instant::now();
    let mut t = Term::new("hangup");
    // A second session keeps the server up when the first is killed.
    t.start("keep", "exec sleep 120");
    let cmd = t.standard("");
    t.start("first", &cmd);
    t.set_up_store();
    type_partial_intake(&t);

    let pid = t.caseline_pid();
    t.tmux(&["kill-session", "-t", "first"]);
    let took = wait_gone(pid, STOP);
    assert!(
        took.is_some(),
        "caseline {pid} still runs {STOP:?} after its terminal was closed: {:?}",
        proc_stat(pid)
    );

    restart_and_resume(&mut t, "second");
    assert_partial_intake_resumed(&t);
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    eprintln!(
        "hangup: stopped in {took:?}; whole test {:?}",
        began.elapsed()
    );
}

/// 4. kill -9 in the middle of typing a name: the draft is kept up to the last key
///    the screen showed (drafts are written at once; only the fsync waits).
#[test]
fn sigkill_mid_typing_loses_nothing_shown() {
    let began = Instant::now();
    let mut t = Term::new("sigkill");
    let cmd = t.standard("");
    t.start("first", &cmd);
    t.set_up_store();
    t.keys("<C-n>Amina Hassa");
    t.wait_until("the name as typed", |s| {
        field(s, "Given name(s)").as_deref() == Some("Amina Hassa")
    });

    let pid = t.caseline_pid();
    signal(pid, libc::SIGKILL);
    assert!(
        wait_gone(pid, STOP).is_some(),
        "caseline {pid} survived SIGKILL"
    );
    assert_eq!(t.wait_exit(), 137, "{}", t.screen());

    restart_and_resume(&mut t, "second");
    let screen = t.wait_until("the resumed form", |s| s.contains("Given name(s)"));
    assert_eq!(
        field(&screen, "Given name(s)").as_deref(),
        Some("Amina Hassa"),
        "{screen}"
    );
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    eprintln!("sigkill: {:?}", began.elapsed());
}

/// 5. SIGTERM on the home screen: a prompt stop with a failure status that says why,
///    and the terminal restored.
#[test]
fn sigterm_on_home_stops_promptly_and_restores() {
    let began = Instant::now();
    let mut t = Term::new("sigterm");
    let cmd = t.standard("");
    t.start("main", &cmd);
    t.set_up_store();

    let pid = t.caseline_pid();
    signal(pid, libc::SIGTERM);
    let took = wait_gone(pid, STOP);
    assert!(
        took.is_some(),
        "caseline {pid} still runs {STOP:?} after SIGTERM"
    );
    let status = t.wait_exit();
    assert_eq!(status, 128 + libc::SIGTERM, "{}", t.screen());
    let screen = t.screen();
    assert!(screen.contains("stopped by signal 15"), "{screen}");
    assert_restored(&t);
    eprintln!(
        "sigterm: stopped in {took:?}; whole test {:?}",
        began.elapsed()
    );
}

/// 6. A terminal smaller than 80x24 gets a plain message instead of a broken screen;
///    growing it back brings the screen back as it was; C-q quits from the message.
#[test]
fn resize_below_minimum_and_back() {
    let began = Instant::now();
    let mut t = Term::new("resize");
    let cmd = t.standard("");
    t.start("main", &cmd);
    t.wait_for("Set up caseline");
    t.type_text("Kingston REC");
    let screen = t.wait_until("the organisation typed", |s| {
        field(s, "Organisation name").as_deref() == Some("Kingston REC")
    });
    assert_cursor_after(&t, &screen, "Organisation name", "Kingston REC");

    t.tmux(&["resize-window", "-t", "main", "-x", "70", "-y", "20"]);
    let screen = t.wait_for("caseline needs 80x24, this terminal is 70x20");
    assert!(screen.contains("press C-q to quit"), "{screen}");
    assert!(!screen.contains("Kingston REC"), "{screen}");

    t.tmux(&["resize-window", "-t", "main", "-x", "80", "-y", "24"]);
    let screen = t.wait_for("Set up caseline");
    assert!(!screen.contains("caseline needs"), "{screen}");
    assert_eq!(
        field(&screen, "Organisation name").as_deref(),
        Some("Kingston REC"),
        "{screen}"
    );
    assert_cursor_after(&t, &screen, "Organisation name", "Kingston REC");

    t.tmux(&["resize-window", "-t", "main", "-x", "79", "-y", "30"]);
    t.wait_for("caseline needs 80x24, this terminal is 79x30");
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    assert_restored(&t);
    eprintln!("resize: {:?}", began.elapsed());
}

/// 7. Idle on the home screen, caseline uses no CPU: no polling, no redrawing.
#[test]
fn idle_home_screen_uses_no_cpu() {
    let began = Instant::now();
    let mut t = Term::new("idle");
    let cmd = t.standard("");
    t.start("main", &cmd);
    t.set_up_store();
    let pid = t.caseline_pid();
    // Let the home screen's own start-up work (the draft check) finish.
    std::thread::sleep(Duration::from_millis(300));

    let before = proc_stat(pid).expect("caseline runs");
    let window = Duration::from_secs(3);
    std::thread::sleep(window);
    let after = proc_stat(pid).expect("caseline still runs");
    let used = (after.utime + after.stime) - (before.utime + before.stime);
    assert!(
        used <= 2,
        "idle caseline used {used} clock ticks of CPU in {window:?} \
         (utime {} -> {}, stime {} -> {}; {} ticks a second)",
        before.utime,
        after.utime,
        before.stime,
        after.stime,
        clock_ticks()
    );
    assert!(t.screen().contains("What do you want to do?"));
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    eprintln!(
        "idle: {used} ticks in {window:?} (utime {}->{}, stime {}->{}); whole test {:?}",
        before.utime,
        after.utime,
        before.stime,
        after.stime,
        began.elapsed()
    );
}

/// How many times the interface's own threads of `pid` (the loop, the terminal's
/// reader, the signals' watcher: those named plain `caseline`) have gone to sleep and
/// woken, so far. The store's own threads are not the interface's to keep still.
fn wake_ups(pid: u32) -> u64 {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).expect("caseline runs");
    tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("status")).ok())
        .filter(|status| status.lines().next() == Some("Name:\tcaseline"))
        .flat_map(|status| {
            status
                .lines()
                .filter_map(|l| l.strip_prefix("voluntary_ctxt_switches:"))
                .filter_map(|n| n.trim().parse::<u64>().ok())
                .collect::<Vec<_>>()
        })
        .sum()
}

/// An idle home screen's interface does not wake at all: no thread reads the
/// terminal in spells (it did, five times a second), nothing is redrawn.
#[test]
fn idle_home_screen_does_not_wake() {
    let mut t = Term::new("idle-wakes");
    let cmd = t.standard("");
    t.start("main", &cmd);
    t.set_up_store();
    let pid = t.caseline_pid();
    // Let the home screen's own start-up work (the draft check) finish.
    std::thread::sleep(Duration::from_millis(500));
    let before = wake_ups(pid);
    std::thread::sleep(Duration::from_secs(3));
    let woke = wake_ups(pid) - before;
    assert!(woke <= 3, "idle caseline woke {woke} times in 3 s");
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
}

/// 8. A plain Linux console without colour: the setup screen is there, readable, with
///    no colour codes at all; typing works; it quits cleanly.
#[test]
fn linux_console_without_colour() {
    let began = Instant::now();
    let mut t = Term::new("nocolour");
    let cmd = format!(
        "{}; echo EXIT=$?; exec sleep 120",
        t.caseline("TERM=linux NO_COLOR=1")
    );
    t.start("main", &cmd);
    let screen = t.wait_until("the whole setup screen", |s| {
        s.contains("Set up caseline") && s.contains("Passphrase again") && s.contains("C-q quit")
    });
    assert!(
        screen.contains("Welcome. This creates the encrypted store"),
        "{screen}"
    );
    let escaped = t.screen_with_escapes();
    assert!(
        !uses_colour(&escaped),
        "NO_COLOR is set, yet the screen has colours:\n{}",
        escaped.replace('\u{1b}', "^[")
    );
    t.type_text("Kingston REC");
    t.wait_until("the organisation typed", |s| {
        field(s, "Organisation name").as_deref() == Some("Kingston REC")
    });
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    assert_restored(&t);
    eprintln!("linux console: {:?}", began.elapsed());
}

/// The terminal cursor in the intake form's one-line fields sits where the next
/// character goes, as it does on the setup screen (checked in the resize test).
#[test]
fn intake_field_cursor_sits_after_the_typed_text() {
    let mut t = Term::new("cursor");
    let cmd = t.standard("");
    t.start("main", &cmd);
    t.set_up_store();
    t.keys("<C-n>Amina");
    let screen = t.wait_until("the given name typed", |s| {
        field(s, "Given name(s)").as_deref() == Some("Amina")
    });
    assert_cursor_after(&t, &screen, "Given name(s)", "Amina");
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
}

/// The helpers read `/proc` correctly (so a "gone" above is not a parsing failure).
#[test]
fn proc_helpers_see_this_process() {
    let me = std::process::id();
    let s = proc_stat(me).expect("this process is in /proc");
    assert!(!is_gone(me));
    assert!(s.ppid > 0);
    assert_eq!(exit_status("x\nEXIT=0\n"), Some(0));
    assert_eq!(exit_status("EXIT=129"), Some(129));
}

/// 11. The lock key in a real terminal, mid-intake: nothing of the intake, the caller,
///     the worker or the organisation is left on the screen or in the scrollback; a
///     locked caseline uses no CPU; unlocking brings the intake back as it was.
#[test]
fn lock_key_leaves_no_case_data_on_the_terminal() {
    let mut t = Term::new("lock");
    let cmd = t.standard("");
    t.start("main", &cmd);
    t.set_up_store();
    type_partial_intake(&t);

    t.keys("<F12>");
    let screen = t.wait_for("caseline is locked");
    let all = t.screen_and_history();
    // The header stays ("caseline · Locked"), without the organisation or the worker.
    let personal = CASE_DATA.iter().filter(|d| **d != "caseline ·");
    for data in personal.chain(&["A man shouted at her"]) {
        assert!(
            !all.contains(data),
            "{data:?} is still on the terminal after locking:\n{all}"
        );
    }
    assert!(screen.contains("Passphrase"), "{screen}");
    // Drawn whole on the wiped terminal, not as a difference from the screen before
    // it (which left out every cell the two screens shared).
    for part in ["caseline · Locked", "enter choose  tab next"] {
        t.wait_for(part);
    }

    // Locked, nothing is due: the loop sleeps without a deadline.
    let pid = t.caseline_pid();
    std::thread::sleep(Duration::from_millis(300));
    let before = proc_stat(pid).expect("caseline runs");
    std::thread::sleep(Duration::from_secs(2));
    let after = proc_stat(pid).expect("caseline still runs");
    let used = (after.utime + after.stime) - (before.utime + before.stime);
    assert!(
        used <= 2,
        "a locked caseline used {used} clock ticks in 2 s"
    );

    t.keys(&format!("{PASS}<enter>"));
    let screen = t.wait_for("A man shouted at her");
    assert!(screen.contains("New intake"), "{screen}");
    t.press(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    assert_restored(&t);
}
