//! Interface benchmarks for `docs/benchmarks.md`:
//!
//! - keystroke to finished frame (update, effects such as the draft write and caller
//!   matching, and a full draw) at 80x24 and 200x60, in wall-clock time and in the
//!   loop thread's CPU time, with the slowest keystrokes named;
//! - a pause in typing, when the draft is forced to disk: what the loop waited for
//!   when it synced the draft itself, and its share now that a thread does;
//! - first frame after unlock with a large store (key derivation excluded: the store is
//!   made with cheap parameters, Argon2 is measured by `bench_store`);
//! - CPU used by the real program sitting idle on its home screen (in tmux).
//!
//! ```sh
//! cargo run --release --example bench_ui -- --cases 100000 [--idle-seconds 60] [--keep DIR] [--busy-disk]
//! ```
//!
//! `--keep DIR` builds the store there once and reuses it on later runs (at 100k
//! cases the build takes minutes). `--busy-disk` has another thread write and sync
//! 1.5 GB over and over beside the keystrokes, as a backup or another program might.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use caseline::ui::msg::Msg;
use caseline::ui::testing::{Harness, parse_keys};
use ratatui::crossterm::event::KeyEvent;

mod support;

use support::PASS;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--first-frame") {
        first_frame_child(Path::new(&args[2]));
        return;
    }
    let cases: usize = support::flag(&args, "--cases").unwrap_or(100_000);
    let idle: u64 = support::flag(&args, "--idle-seconds").unwrap_or(60);
    let tmp = tempfile::tempdir().expect("temp dir");
    let (dir, build) = support::store_dir(&args, tmp.path());
    if build {
        let took = support::demo_store(&dir, cases, 11);
        println!(
            "# store with {cases} demo cases built in {:.1} s",
            took.as_secs_f64()
        );
    }
    first_frame(&dir, cases);
    let busy = args
        .iter()
        .any(|a| a == "--busy-disk")
        .then(|| busy_disk(&dir));
    for (w, h) in [(80, 24), (200, 60)] {
        keystrokes(&dir, w, h);
    }
    typing_pauses(&dir);
    if let Some((on, writer)) = busy {
        on.store(false, Ordering::SeqCst);
        let _ = writer.join();
    }
    if idle > 0 {
        idle_cpu(&dir, idle);
    }
}

/// Signed in, and when: the slowest keystrokes are placed in time after it.
fn unlocked(dir: &Path, w: u16, h: u16) -> (Harness, Instant) {
    let mut harness = Harness::new(dir, w, h);
    harness.keys(&format!("{PASS}<enter>"));
    (harness, Instant::now())
}

/// From pressing enter on the passphrase to the home screen drawn, each in a fresh
/// process as in real use (reopening in one process is slower: sled's workers from the
/// previous handle are still winding down).
fn first_frame(dir: &Path, cases: usize) {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let out = std::process::Command::new(std::env::current_exe().expect("exe"))
                .args(["--first-frame", dir.to_str().expect("utf-8 path")])
                .output()
                .expect("child");
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .expect("a time in ms")
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "first frame after unlock ({cases} cases, key derivation excluded, fresh process each): median {:.1} ms, worst {:.1} ms (5 runs)",
        times[2], times[4]
    );
}

/// The child side of [`first_frame`]: prints milliseconds.
fn first_frame_child(dir: &Path) {
    let mut h = Harness::new(dir, 80, 24);
    h.keys(PASS);
    let enter = parse_keys("<enter>").remove(0);
    let t = Instant::now();
    h.send(Msg::Key(enter));
    let screen = h.screen();
    let took = t.elapsed();
    assert!(screen.contains("What do you want to do?"), "{screen}");
    println!("{:.3}", ms(took));
    h.shut_down();
}

/// An intake typed as a caller gives it: names (caller matching runs), narrative,
/// tabs, lists.
const SCRIPT: &str = "<tab>Moh<tab>Kha<tab>07700 9<tab>KT1<pagedown>yn<tab>evenings<tab>eng<enter>som<enter><pagedown>\
he shouted at her at the bus stop and then followed her along the road until she reached the shop<tab>\
yesterday 9pm<tab>Clarence Street<pagedown>race<enter>rel<enter>";

/// Typing into the intake form, ten times over.
fn keystrokes(dir: &Path, w: u16, h: u16) {
    let (mut harness, since) = unlocked(dir, w, h);
    // As in the program: caller matching runs beside the loop, not in the keystroke.
    harness.defer_matching = true;
    harness.keys("<esc><C-n>");
    let keys = parse_keys(SCRIPT);
    let mut times = Vec::with_capacity(keys.len() * 10);
    // CPU time too: on a shared machine the wall-clock tail is mostly waiting for a core.
    let mut cpu = Vec::with_capacity(keys.len() * 10);
    // The slowest keystrokes and where they fell, to find what blocks the loop.
    let mut slow: Vec<Slow> = Vec::new();
    let watch = support::stall::Watch::start();
    let mut matching = Vec::new();
    for round in 0..10 {
        if round > 0 {
            harness.keys("<C-d>y<C-n>");
        }
        for (key, k) in keys.iter().enumerate() {
            let c = thread_cpu();
            let t = Instant::now();
            watch.begin();
            harness.send(Msg::Key(*k));
            harness.draw();
            let waited = watch.end();
            let took = t.elapsed();
            times.push(took);
            cpu.push(thread_cpu() - c);
            slow.push(Slow {
                took,
                after: t - since,
                round,
                key,
                waited,
            });
            let t = Instant::now();
            harness.run_matching();
            matching.push(t.elapsed());
        }
    }
    harness.keys("<C-d>y");
    harness.shut_down();
    name_slowest(&mut slow, &keys, (w, h));
    times.sort();
    matching.retain(|d| *d > Duration::from_micros(20));
    matching.sort();
    if let (Some(mid), Some(worst)) = (matching.get(matching.len() / 2), matching.last()) {
        println!(
            "caller matching beside the loop at {w}x{h} (n={}): median {:.1} ms, worst {:.1} ms (the first waits for the search index to load)",
            matching.len(),
            ms(*mid),
            ms(*worst)
        );
    }
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "keystroke to finished frame at {w}x{h} (n={}): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        ms(pct(0.5)),
        ms(pct(0.99)),
        ms(*times.last().expect("some"))
    );
    cpu.sort();
    let at = |p: f64| cpu[((cpu.len() as f64 * p) as usize).min(cpu.len() - 1)];
    println!(
        "  the loop thread's CPU time per keystroke: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(*cpu.last().expect("some"))
    );
}

/// The intake typed at 80x24 with a pause every 20 keys, where the program forces the
/// draft to disk: the sync itself (both copies, as the loop did when it synced them)
/// and the loop's share now that a thread beside it syncs.
fn typing_pauses(dir: &Path) {
    let (mut harness, _) = unlocked(dir, 80, 24);
    harness.defer_matching = true;
    harness.keys("<esc><C-n>");
    let keys = parse_keys(SCRIPT);
    let (mut synced, mut share) = (Vec::new(), Vec::new());
    for round in 0..5 {
        if round > 0 {
            harness.keys("<C-d>y<C-n>");
        }
        for chunk in keys.chunks(20) {
            for k in chunk {
                harness.send(Msg::Key(*k));
            }
            let t = Instant::now();
            for entry in std::fs::read_dir(dir.join("drafts"))
                .expect("drafts")
                .flatten()
            {
                if let Ok(f) = std::fs::OpenOptions::new().write(true).open(entry.path()) {
                    let _ = f.sync_data();
                }
            }
            synced.push(t.elapsed());
            let t = Instant::now();
            harness.sync_draft();
            share.push(t.elapsed());
        }
    }
    harness.keys("<C-d>y");
    harness.shut_down();
    let spread = |mut v: Vec<Duration>| {
        v.sort();
        let at = |p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
        format!(
            "p50 {:.2} ms, p90 {:.2} ms, max {:.1} ms",
            ms(at(0.5)),
            ms(at(0.9)),
            ms(*v.last().expect("some"))
        )
    };
    println!(
        "a pause in typing at 80x24 (n={}): forcing the draft to disk {}; the loop's share now {}",
        synced.len(),
        spread(synced),
        spread(share)
    );
}

/// Another writer on the same disk: 1.5 GB written and synced, over and over, until
/// the flag is cleared; the thread then removes its file.
fn busy_disk(dir: &Path) -> (Arc<AtomicBool>, std::thread::JoinHandle<()>) {
    let on = Arc::new(AtomicBool::new(true));
    let flag = Arc::clone(&on);
    let path = dir.with_extension("busy");
    let writer = std::thread::spawn(move || {
        let block = vec![0u8; 1 << 20];
        while flag.load(Ordering::SeqCst) {
            let Ok(mut f) = std::fs::File::create(&path) else {
                return;
            };
            for _ in 0..1500 {
                if !flag.load(Ordering::SeqCst) || f.write_all(&block).is_err() {
                    break;
                }
            }
            let _ = f.sync_all();
        }
        let _ = std::fs::remove_file(&path);
    });
    (on, writer)
}

/// Prints the three slowest keystrokes, when they came and where the loop waited.
fn name_slowest(slow: &mut [Slow], keys: &[KeyEvent], (w, h): (u16, u16)) {
    slow.sort_by_key(|s| std::cmp::Reverse(s.took));
    for s in slow.iter().take(3) {
        println!(
            "  slow at {w}x{h}: {:.1} ms, round {} key {} ({:?}), {:.2} s after unlock",
            ms(s.took),
            s.round,
            s.key,
            keys[s.key].code,
            s.after.as_secs_f64()
        );
        for waited in &s.waited {
            println!("    {waited}");
        }
    }
}

/// One timed keystroke: how long, how long after unlock, and which.
struct Slow {
    took: Duration,
    after: Duration,
    round: usize,
    key: usize,
    /// Where the loop's thread was seen waiting, when it took long.
    waited: Vec<String>,
}

/// CPU time used by the calling thread so far.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill in.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Runs the real binary in tmux on its home screen and reads its CPU time from /proc.
fn idle_cpu(dir: &Path, seconds: u64) {
    let bin = std::env::current_exe()
        .expect("exe")
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join("caseline"))
        .expect("target dir");
    if !bin.exists() {
        println!("idle CPU: build the binary first (cargo build --release)");
        return;
    }
    let sock = format!("bench-ui-{}", std::process::id());
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .arg("-L")
            .arg(&sock)
            .args(args)
            .output()
            .expect("tmux")
    };
    let cmd = format!("{} --data-dir {}", bin.display(), dir.display());
    tmux(&["new-session", "-d", "-x", "80", "-y", "24", &cmd]);
    std::thread::sleep(Duration::from_secs(1));
    tmux(&["send-keys", "-l", PASS]);
    tmux(&["send-keys", "Enter"]);
    std::thread::sleep(Duration::from_secs(3));
    let pane = tmux(&["list-panes", "-F", "#{pane_pid}"]);
    let pid = String::from_utf8_lossy(&pane.stdout).trim().to_string();
    let ticks = || -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let after = stat.rsplit(')').next().unwrap_or("");
        let f: Vec<&str> = after.split_whitespace().collect();
        f.get(11).and_then(|u| u.parse::<u64>().ok()).unwrap_or(0)
            + f.get(12).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0)
    };
    // Wait until work after unlock (warming the caller-matching cache) has finished.
    let mut last = ticks();
    for _ in 0..60 {
        std::thread::sleep(Duration::from_secs(1));
        let now = ticks();
        if now == last {
            break;
        }
        last = now;
    }
    let before = ticks();
    std::thread::sleep(Duration::from_secs(seconds));
    let after = ticks();
    tmux(&["kill-server"]);
    let hz = 100.0;
    let cpu = (after - before) as f64 / hz;
    println!(
        "idle on the home screen for {seconds} s: {} clock ticks = {:.2} s CPU = {:.4}% of a core",
        after - before,
        cpu,
        cpu / seconds as f64 * 100.0
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
