//! The search index on the real unlock path, for `docs/benchmarks.md`: how long the
//! first unlock of a store without a snapshot takes to build the index from the
//! records, how long later unlocks take to load it from the encrypted snapshot, the
//! resident memory with it loaded, and the snapshot written on close.
//!
//! ```sh
//! CASELINE_PASSPHRASE='...' caseline --data-dir /tmp/demo100k demo --cases 100000
//! CASELINE_PASSPHRASE='...' cargo run --release --example bench_search_unlock -- \
//!     --dir /tmp/demo100k --runs 5
//! ```
//!
//! Each later unlock runs in a fresh child process, so that its memory is its own.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use caseline::service::{Caseline, NewEntry};

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.parse().ok()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rss_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// CPU time of the whole process (every thread), user and system.
fn process_cpu() -> Duration {
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn open(dir: &Path) -> Caseline {
    let secret = std::env::var("CASELINE_PASSPHRASE").expect("CASELINE_PASSPHRASE");
    Caseline::open(dir, Some("admin"), &secret).expect("unlock")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir: String = arg(&args, "--dir").expect("--dir DIR (a `caseline demo` store)");
    let dir = Path::new(&dir);
    if args.iter().any(|a| a == "--child") {
        let clean = args.iter().any(|a| a == "--clean");
        return child(dir, args.iter().any(|a| a == "--write"), clean);
    }
    let runs: usize = arg(&args, "--runs").unwrap_or(5);
    let t = Instant::now();
    let svc = open(dir);
    let opened = t.elapsed();
    let t = Instant::now();
    let mut steps = 0;
    svc.warm_search(&mut |_, _| steps += 1).expect("index");
    let warmed = t.elapsed();
    let t = Instant::now();
    svc.close().expect("close");
    let closed = t.elapsed();
    println!(
        "# first unlock: open {:.0} ms; index {} in {:.1} s; close (snapshot written) {:.1} s",
        ms(opened),
        if steps > 0 {
            "built from the records"
        } else {
            "loaded from the snapshot"
        },
        warmed.as_secs_f64(),
        closed.as_secs_f64()
    );
    println!();
    println!(
        "| Run | Unlock (Argon2id, user, lists) | Index load (snapshot + journal); alone: read and decrypt, decode | RSS at start / unlocked | RSS index loaded (0.5 s after) | Peak RSS | First search |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let exe = std::env::current_exe().expect("this program");
    for run in 0..runs {
        let mut cmd = Command::new(&exe);
        cmd.args(["--dir", &dir.display().to_string(), "--child"]);
        if run + 1 == runs {
            cmd.arg("--write");
        }
        // Every other run without the parts timed alone first: its memory is the
        // unlock's own.
        if run % 2 == 1 {
            cmd.arg("--clean");
        }
        let out = cmd.output().expect("child");
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            if let Some(row) = line.strip_prefix("ROW ") {
                println!("| {} | {row} |", run + 1);
            } else {
                println!("{line}");
            }
        }
    }
}

/// Caller matching as the intake form asks, keystroke by keystroke: a name, a phone
/// number and a postcode typed one character at a time.
fn matching(svc: &Caseline) {
    let mut times = Vec::new();
    for (field, text) in [
        (0, "mohammed kh"),
        (0, "amina has"),
        (0, "łukasz"),
        (1, "07700 900"),
        (2, "KT1 2"),
    ] {
        for n in 1..=text.chars().count() {
            let typed: String = text.chars().take(n).collect();
            let mut q = caseline::service::PersonQuery::default();
            match field {
                0 => q.name = typed,
                1 => q.phone = typed,
                _ => q.postcode = typed,
            }
            let t = Instant::now();
            svc.find_people(&q, 8).expect("matching");
            times.push(t.elapsed());
        }
    }
    times.sort();
    let p = |f: f64| ms(times[((times.len() - 1) as f64 * f) as usize]);
    println!(
        "# caller matching, {} keystrokes, 8 matches asked: p50 {:.2} ms, p90 {:.2} ms, max {:.2} ms",
        times.len(),
        p(0.5),
        p(0.9),
        p(1.0)
    );
}

/// The parts of a load, timed on their own before the real unlock: reading and
/// decrypting the chunks, and decoding the bytes into an index.
fn parts(dir: &Path) -> (Duration, Duration) {
    let secret = std::env::var("CASELINE_PASSPHRASE").expect("CASELINE_PASSPHRASE");
    let store = caseline::store::Store::open(dir).expect("store");
    let (key, _) = store.find_key(Some("admin"), &secret).expect("key");
    let vault = store.unlock_with_key(key).expect("vault");
    let t = Instant::now();
    let snapshot = vault.snapshots().read().expect("read").expect("a snapshot");
    let read = t.elapsed();
    let t = Instant::now();
    let index = caseline::search::SearchIndex::from_bytes(&snapshot.bytes).expect("decode");
    let decode = t.elapsed();
    drop(index);
    drop(snapshot);
    drop(vault);
    std::thread::sleep(Duration::from_millis(200));
    // SAFETY: releases free memory only, so that the real unlock starts clean.
    unsafe {
        libc::malloc_trim(0);
    }
    (read, decode)
}

/// One unlock in a fresh process: open, load the index, search once; with `write`,
/// a change and the close that writes the snapshot again.
fn child(dir: &Path, write: bool, clean: bool) {
    let start = rss_mib("VmRSS");
    let (read, decode) = if clean {
        (Duration::ZERO, Duration::ZERO)
    } else {
        parts(dir)
    };
    let t = Instant::now();
    let svc = open(dir);
    let opened = t.elapsed();
    let before = rss_mib("VmRSS");
    let cpu = process_cpu();
    let t = Instant::now();
    let mut steps = 0;
    svc.warm_search(&mut |_, _| steps += 1).expect("index");
    let loaded = t.elapsed();
    let loaded_cpu = process_cpu() - cpu;
    assert_eq!(steps, 0, "the snapshot was loaded, not rebuilt");
    // Freed memory is handed back on a background thread just after the load.
    std::thread::sleep(Duration::from_millis(500));
    let after = rss_mib("VmRSS");
    let stats = svc.search_stats().expect("stats");
    let t = Instant::now();
    let found = svc.search("moh kha", 20).expect("search");
    let first = t.elapsed();
    assert!(found.people.total > 0);
    println!(
        "ROW {:.0} ms | {:.1} ms ({:.1} ms CPU; alone {:.1} read and decrypt, {:.1} decode) | {start:.1} / {before:.1} MiB | {after:.1} MiB | {:.1} MiB | {:.2} ms",
        ms(opened),
        ms(loaded),
        ms(loaded_cpu),
        ms(read),
        ms(decode),
        rss_mib("VmHWM"),
        ms(first)
    );
    if write {
        println!(
            "# index: {} documents, {} + {} terms, heap {:.1} MiB",
            stats.documents,
            stats.frozen_terms,
            stats.delta_terms,
            stats.heap_bytes() as f64 / (1 << 20) as f64
        );
        matching(&svc);
        let case = found.cases.hits[0].id;
        let t = Instant::now();
        svc.add_timeline_entry(NewEntry {
            case,
            at: None,
            kind: caseline::domain::EntryKind::Note,
            text: "Benchmark note.".into(),
            corrects: None,
        })
        .expect("entry");
        let saved = t.elapsed();
        let t = Instant::now();
        svc.close().expect("close");
        println!(
            "# a saved entry (index updated in the same call): {:.1} ms; close with the snapshot written again: {:.0} ms",
            ms(saved),
            ms(t.elapsed())
        );
    } else {
        svc.close().expect("close");
    }
}
