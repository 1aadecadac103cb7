//! Search index benchmark for `docs/benchmarks.md`: build time, memory, snapshot size
//! and load time, and the latency of queries typed keystroke by keystroke, on
//! `caseline demo` data; with `--features rusqlite`, SQLite FTS5 holding the same texts
//! answers the same queries side by side.
//!
//! ```sh
//! cargo run --release --example bench_search -- --cases 100000
//! cargo run --release --example bench_search --features rusqlite -- --cases 100000
//! # Without the feature: write the texts and queries for the sqlite3 command line.
//! cargo run --release --example bench_search -- --cases 100000 --sql-out /tmp/fts.sql
//! ```
//!
//! The snapshot is loaded and queried again in a fresh child process, so that its
//! resident memory is the index's and not the generator's.

use std::time::{Duration, Instant};

use caseline::domain::{Role, User, UserId};
use caseline::search::records::{Records, documents};
use caseline::search::{Doc, DocKind, DocRef, Field, Query, SearchIndex};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(path) = arg::<String>(&args, "--load") {
        let queries = arg::<String>(&args, "--queries").expect("--queries FILE");
        return load_child(&path, &queries);
    }
    let cases: usize = arg(&args, "--cases").unwrap_or(100_000);
    let seed: u64 = arg(&args, "--seed").unwrap_or(5);
    let t = Instant::now();
    let doc = caseline::demo::generate(cases, seed, &admin(), chrono::Utc::now());
    let records = Records {
        people: &doc.people,
        incidents: &doc.incidents,
        cases: &doc.cases,
        timeline: &doc.timeline,
        organisations: &doc.organisations,
    };
    let docs: Vec<Doc> = documents(&records).collect();
    println!(
        "# {cases} demo cases: {} documents ({} people, {} cases, {} incidents, {} timeline entries, {} organisations), generated in {:.1} s",
        docs.len(),
        doc.people.len(),
        doc.cases.len(),
        doc.incidents.len(),
        doc.timeline.len(),
        doc.organisations.len(),
        t.elapsed().as_secs_f64()
    );
    let queries = keystrokes(&doc.people, seed);
    let rss_before = rss_kib("VmRSS");
    let t = Instant::now();
    let mut index = SearchIndex::build(docs.iter().cloned());
    let build = t.elapsed();
    let stats = index.stats();
    let t = Instant::now();
    let bytes = index.to_bytes();
    let write = t.elapsed();
    let loads: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let loaded = SearchIndex::from_bytes(&bytes).expect("snapshot loads");
            let d = t.elapsed();
            assert_eq!(loaded.len(), index.len());
            d
        })
        .collect();
    println!();
    println!("| What | Measured |");
    println!("| --- | --- |");
    row(
        "Full build from records (cutting terms, FST, postings)",
        format!("{:.2} s", build.as_secs_f64()),
    );
    row(
        "Documents / frozen terms",
        format!("{} / {}", stats.documents, stats.frozen_terms),
    );
    row(
        "Heap of the index (approx.)",
        format!(
            "{:.1} MiB: table {:.1}, dictionary + postings {:.1}, facets {:.1}",
            mib(stats.heap_bytes()),
            mib(stats.table_bytes),
            mib(stats.frozen_bytes),
            mib(stats.facet_bytes)
        ),
    );
    row(
        "RSS growth of the building process",
        format!(
            "{:.1} MiB (before build {:.1} MiB)",
            kib_mib(rss_kib("VmRSS") - rss_before),
            kib_mib(rss_before)
        ),
    );
    row(
        "Snapshot size",
        format!(
            "{:.1} MiB ({:.0} bytes a case)",
            mib(bytes.len()),
            bytes.len() as f64 / cases as f64
        ),
    );
    row("Snapshot write (to_bytes)", format!("{:.1} ms", ms(write)));
    row(
        "Snapshot load (from_bytes, checks included), median of 5",
        format!("{:.1} ms", ms(median(loads))),
    );
    let times = run_queries(&index, &queries);
    report_latency("caseline index", &queries, &times);
    let written = written_keystrokes(&doc.people, seed);
    let written_times = run_queries(&index, &written);
    report_latency("Han names typed as written", &written, &written_times);
    updates(&mut index, &queries);
    let dir = tempfile::tempdir().expect("temp dir");
    let snap = dir.path().join("index.snapshot");
    let qfile = dir.path().join("queries.txt");
    std::fs::write(&snap, &*bytes).expect("write snapshot");
    std::fs::write(&qfile, queries.join("\n")).expect("write queries");
    drop(bytes);
    child(&snap, &qfile);
    if let Some(out) = arg::<String>(&args, "--sql-out") {
        write_sql(&docs, &queries, &out);
    }
    fts5(&docs, &queries, &times);
}

fn admin() -> User {
    User {
        id: UserId::new(),
        login: "admin".into(),
        display_name: "Admin".into(),
        role: Role::Administrator,
        centre: None,
        active: true,
        recovery: false,
        created_at: chrono::Utc::now(),
    }
}

/// CPU time of this thread: unlike the wall clock, not inflated when other processes
/// share the machine.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn row(what: &str, value: String) {
    println!("| {what} | {value} |");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn kib_mib(kib: i64) -> f64 {
    kib as f64 / 1024.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    ms(sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)])
}

/// A line of /proc/self/status, in KiB.
fn rss_kib(field: &str) -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Queries as a worker types them: the brief's "moh kha" sequence, then for 60
/// clients picked at random the beginning of the given name letter by letter, the
/// family name, and for some a third word.
fn keystrokes(people: &[caseline::domain::Person], seed: u64) -> Vec<String> {
    let mut out: Vec<String> = ["m", "mo", "moh", "moh k", "moh kh", "moh kha"]
        .map(String::from)
        .to_vec();
    let mut rng = StdRng::seed_from_u64(seed);
    let thirds = ["bus", "hous", "neigh", "school", "work", "letter"];
    for _ in 0..60 {
        let Some(p) = people.choose(&mut rng) else {
            break;
        };
        let given: Vec<char> = p.given_names.to_lowercase().chars().take(4).collect();
        let family: Vec<char> = p
            .family_name
            .clone()
            .unwrap_or_default()
            .to_lowercase()
            .chars()
            .take(3)
            .collect();
        let mut typed = String::new();
        for c in &given {
            typed.push(*c);
            out.push(typed.clone());
        }
        if family.is_empty() {
            continue;
        }
        typed.push(' ');
        for c in &family {
            typed.push(*c);
            out.push(typed.clone());
        }
        if rng.random_range(0..3) == 0 {
            typed.push(' ');
            for c in thirds.choose(&mut rng).unwrap_or(&"bus").chars().take(3) {
                typed.push(c);
                out.push(typed.clone());
            }
        }
    }
    out
}

/// Chinese names typed as they are written, letter by letter with no space: for 40
/// people picked at random whose family name is in Han, the family name then the
/// given name ("王", "王伟"), and half of them given name first as well.
fn written_keystrokes(people: &[caseline::domain::Person], seed: u64) -> Vec<String> {
    let han: Vec<&caseline::domain::Person> = people
        .iter()
        .filter(|p| p.family_name.as_deref().is_some_and(|f| !f.is_ascii()))
        .filter(|p| p.family_name_first)
        .collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::new();
    for i in 0..40 {
        let Some(p) = han.choose(&mut rng) else {
            break;
        };
        let family = p.family_name.clone().unwrap_or_default();
        let mut orders = vec![format!("{family}{}", p.given_names)];
        if i % 2 == 0 {
            orders.push(format!("{}{family}", p.given_names));
        }
        for name in orders {
            let mut typed = String::new();
            for c in name.chars() {
                typed.push(c);
                out.push(typed.clone());
            }
        }
    }
    out
}

/// Wall-clock and CPU time of each query, after a warm-up pass.
fn run_queries(index: &SearchIndex, queries: &[String]) -> Vec<(Duration, Duration)> {
    for q in queries {
        let query = Query::parse(q).expect("query parses");
        let _ = index.search(&query, 10);
    }
    queries
        .iter()
        .map(|q| {
            let (t, c) = (Instant::now(), thread_cpu());
            let query = Query::parse(q).expect("query parses");
            let r = index.search(&query, 10).expect("search");
            let d = (t.elapsed(), thread_cpu() - c);
            std::hint::black_box(r);
            d
        })
        .collect()
}

fn words(q: &str) -> usize {
    q.split_whitespace().count().clamp(1, 3)
}

fn report_latency(who: &str, queries: &[String], times: &[(Duration, Duration)]) {
    let line = |mut wall: Vec<Duration>, mut cpu: Vec<Duration>| {
        wall.sort();
        cpu.sort();
        format!(
            "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (CPU p50 {:.2} ms, p99 {:.2} ms)",
            percentile(&wall, 0.5),
            percentile(&wall, 0.99),
            percentile(&wall, 1.0),
            percentile(&cpu, 0.5),
            percentile(&cpu, 0.99)
        )
    };
    for n in 1..=3 {
        let (wall, cpu): (Vec<Duration>, Vec<Duration>) = queries
            .iter()
            .zip(times)
            .filter(|(q, _)| words(q) == n)
            .map(|(_, t)| *t)
            .unzip();
        if !wall.is_empty() {
            row(
                &format!("{who}: {n}-word queries (n = {})", wall.len()),
                line(wall, cpu),
            );
        }
    }
    let (wall, cpu) = times.iter().copied().unzip();
    row(
        &format!("{who}: every keystroke (n = {})", times.len()),
        line(wall, cpu),
    );
}

/// Saving documents one by one, searching with them in the delta, and compacting.
fn updates(index: &mut SearchIndex, queries: &[String]) {
    let mut times = Vec::new();
    for i in 0..2000u32 {
        let mut id = [0xEE; 16];
        id[12..].copy_from_slice(&i.to_be_bytes());
        let d = Doc::new(DocRef::new(DocKind::Person, id))
            .field(Field::Name, format!("Benchmark Person{i}"))
            .field(Field::Phone, format!("07700 91{i:04}"))
            .field(Field::Postcode, "KT1 2AB");
        let t = Instant::now();
        index.upsert(&d);
        times.push(t.elapsed());
    }
    times.sort();
    row(
        "Save one document (upsert of a new person, 2,000 times)",
        format!(
            "p50 {:.3} ms, p99 {:.3} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        ),
    );
    let with_delta = run_queries(index, queries);
    report_latency("with 2,000 documents in the delta", queries, &with_delta);
    let t = Instant::now();
    index.compact();
    row(
        "Compaction (delta folded into the frozen part)",
        format!("{:.2} s", t.elapsed().as_secs_f64()),
    );
}

/// Runs this program again to load the snapshot alone and query it.
fn child(snapshot: &std::path::Path, queries: &std::path::Path) {
    let exe = std::env::current_exe().expect("own path");
    let out = std::process::Command::new(exe)
        .args([
            "--load",
            &snapshot.to_string_lossy(),
            "--queries",
            &queries.to_string_lossy(),
        ])
        .output()
        .expect("child runs");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
}

fn load_child(path: &str, queries: &str) {
    let rss0 = rss_kib("VmRSS");
    let t = Instant::now();
    let bytes = std::fs::read(path).expect("snapshot");
    let read = t.elapsed();
    let t = Instant::now();
    let index = SearchIndex::from_bytes(&bytes).expect("loads");
    let load = t.elapsed();
    drop(bytes);
    let queries: Vec<String> = std::fs::read_to_string(queries)
        .expect("queries")
        .lines()
        .map(String::from)
        .collect();
    let times = run_queries(&index, &queries);
    row(
        "Fresh process: read file + load snapshot",
        format!("{:.1} ms + {:.1} ms", ms(read), ms(load)),
    );
    row(
        "Fresh process: RSS with the index loaded and queried",
        format!(
            "{:.1} MiB (VmRSS; {:.1} MiB before loading; peak VmHWM {:.1} MiB)",
            kib_mib(rss_kib("VmRSS")),
            kib_mib(rss0),
            kib_mib(rss_kib("VmHWM"))
        ),
    );
    report_latency("fresh process", &queries, &times);
}

/// The FTS5 table: contentless (it keeps only its index, as ours does), the
/// document's kind in the rowid's high digits.
const FTS_TABLE: &str = "CREATE VIRTUAL TABLE t USING fts5(body, content = '', tokenize = 'unicode61 remove_diacritics 2');";
/// Totals by kind, and the 30 best by rank (BM25), for a match.
const FTS_COUNTS: &str = "SELECT rowid / 10000000, count(*) FROM t WHERE t MATCH ?1 GROUP BY 1";
const FTS_BEST: &str = "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT 30";

fn rowid(d: &Doc, i: usize) -> i64 {
    i64::from(d.doc.kind.code()) * 10_000_000 + i as i64
}

/// The text of a document as one string, for FTS5.
fn body(d: &Doc) -> String {
    d.fields
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A typed query as an FTS5 query: every word a quoted prefix.
fn fts_query(q: &str) -> String {
    q.split_whitespace()
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_sql(docs: &[Doc], queries: &[String], out: &str) {
    use std::fmt::Write;
    let mut sql = format!("{FTS_TABLE}\nBEGIN;\n");
    for (i, d) in docs.iter().enumerate() {
        let _ = writeln!(
            sql,
            "INSERT INTO t(rowid, body) VALUES ({}, '{}');",
            rowid(d, i),
            body(d).replace('\'', "''")
        );
    }
    sql.push_str("COMMIT;\n.timer on\n");
    for q in queries {
        let m = fts_query(q).replace('\'', "''");
        let _ = writeln!(sql, "{};", FTS_COUNTS.replace("?1", &format!("'{m}'")));
        let _ = writeln!(sql, "{};", FTS_BEST.replace("?1", &format!("'{m}'")));
    }
    std::fs::write(out, sql).expect("write SQL");
    println!(
        "\nSQL for the sqlite3 command line written to {out}: `sqlite3 :memory: < {out} | grep 'Run Time'`"
    );
}

#[cfg(not(feature = "rusqlite"))]
fn fts5(_docs: &[Doc], _queries: &[String], _ours: &[(Duration, Duration)]) {
    println!(
        "\nSQLite FTS5 side by side: run with `--features rusqlite` (compiles SQLite), or write \
         the same texts and queries with `--sql-out FILE` and time them with \
         `sqlite3 :memory: < FILE | grep 'Run Time'` (each query's count by kind plus its 30 best by rank)."
    );
}

#[cfg(feature = "rusqlite")]
fn fts5(docs: &[Doc], queries: &[String], ours: &[(Duration, Duration)]) {
    let db = rusqlite::Connection::open_in_memory().expect("sqlite");
    let t = Instant::now();
    db.execute_batch(&format!("{FTS_TABLE} BEGIN;"))
        .expect("table");
    {
        let mut insert = db
            .prepare("INSERT INTO t(rowid, body) VALUES (?1, ?2)")
            .expect("insert");
        for (i, d) in docs.iter().enumerate() {
            insert
                .execute(rusqlite::params![rowid(d, i), body(d)])
                .expect("row");
        }
    }
    db.execute_batch("COMMIT; INSERT INTO t(t) VALUES('optimize');")
        .expect("commit");
    let build = t.elapsed();
    let pages: i64 = db
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("pages");
    let size: i64 = db
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("size");
    let mut counts = db.prepare(FTS_COUNTS).expect("q");
    let mut best = db.prepare(FTS_BEST).expect("q");
    let mut run = |q: &str| {
        let m = fts_query(q);
        let n: Vec<(i64, i64)> = counts
            .query_map([&m], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("counts")
            .filter_map(Result::ok)
            .collect();
        let b: Vec<i64> = best
            .query_map([&m], |r| r.get(0))
            .expect("best")
            .filter_map(Result::ok)
            .collect();
        std::hint::black_box((n, b));
    };
    for q in queries {
        run(q);
    }
    let times: Vec<(Duration, Duration)> = queries
        .iter()
        .map(|q| {
            let (t, c) = (Instant::now(), thread_cpu());
            run(q);
            (t.elapsed(), thread_cpu() - c)
        })
        .collect();
    println!();
    println!(
        "SQLite {} FTS5 (in memory, contentless, unicode61 remove_diacritics 2), same texts:",
        rusqlite::version()
    );
    println!();
    println!("| What | Measured |");
    println!("| --- | --- |");
    row(
        "FTS5 build (insert + optimize)",
        format!("{:.2} s", build.as_secs_f64()),
    );
    row(
        "FTS5 database size",
        format!("{:.1} MiB", mib((pages * size) as usize)),
    );
    report_latency("FTS5 (counts by kind + 30 best by rank)", queries, &times);
    let mut a: Vec<Duration> = ours.iter().map(|t| t.0).collect();
    let mut b: Vec<Duration> = times.iter().map(|t| t.0).collect();
    a.sort();
    b.sort();
    row(
        "Ratio FTS5 / caseline, every keystroke",
        format!(
            "p50 {:.1}x, p99 {:.1}x",
            percentile(&b, 0.5) / percentile(&a, 0.5),
            percentile(&b, 0.99) / percentile(&a, 0.99)
        ),
    );
}
