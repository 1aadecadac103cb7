//! The search screen's cost per keystroke, for `docs/benchmarks.md`: from a key typed
//! in the search bar to the frame drawn at 80x24, with the query run, the rows read
//! and laid out. The first keystroke, 3 s after unlocking (while the index is loaded
//! and every case read once for people's case counts, beside the loop), is reported on
//! its own.
//!
//! ```sh
//! cargo run --release --example bench_search_ui -- --cases 10000 [--keep DIR] [--server]
//! ```
//!
//! `--server` types through a running `caseline serve` (the release binary beside the
//! examples: `cargo build --release --bin caseline` first), so each keystroke's search
//! crosses the socket as a terminal's does; the model and the frame are the same.

use std::path::Path;
use std::time::{Duration, Instant};

use caseline::service::Caseline;
use caseline::ui::msg::Msg;
use caseline::ui::testing::{Harness, parse_keys};

mod support;

use support::PASS;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases: usize = support::flag(&args, "--cases").unwrap_or(10_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let (dir, build) = support::store_dir(&args, tmp.path());
    if build {
        let took = support::demo_store(&dir, cases, 5);
        println!(
            "# {cases} demo cases imported in {:.0} s",
            took.as_secs_f64()
        );
    }
    let words = query_words(&dir);
    if args.iter().any(|a| a == "--server") {
        let Some(bin) = support::server::caseline_binary() else {
            eprintln!("build the server first: cargo build --release --bin caseline");
            std::process::exit(2);
        };
        let server = support::server::ServerChild::start(&bin, &dir);
        println!("# through the server at {}", server.socket.display());
        let h = Harness::through_socket(&dir, &server.socket, 80, 24);
        keystrokes(h, &words);
        server.stop();
    } else {
        keystrokes(Harness::new(&dir, 80, 24), &words);
    }
}

/// Queries a worker would type: a family name on file, and its first letters.
fn query_words(dir: &Path) -> Vec<String> {
    let svc = Caseline::open(dir, None, PASS).expect("open");
    let family = svc
        .people()
        .filter_map(Result::ok)
        .find_map(|p| p.family_name.filter(|f| f.chars().count() >= 5))
        .expect("a person with a family name");
    // What the first search adds for people's case counts: every case read once.
    let t = Instant::now();
    let n = svc.cases().filter_map(Result::ok).count();
    println!(
        "reading every case once ({n}), for people's case counts: {:.1} ms",
        ms(t.elapsed())
    );
    let words = vec![family.to_lowercase(), "hous".into(), "bus stop".into()];
    // The service's part alone (query, ranking, the rows' records read), for the
    // same texts as typed: every prefix of each word.
    let mut times = Vec::new();
    for _ in 0..10 {
        for w in &words {
            for end in w.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let t = Instant::now();
                let _ = svc.search(&w[..end], 20);
                times.push(t.elapsed());
            }
        }
    }
    let (p50, p90, p99) = percentiles(times);
    println!(
        "Caseline::search alone, 20 a group, same texts: p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms"
    );
    svc.close().expect("close");
    words
}

fn keystrokes(mut h: Harness, words: &[String]) {
    h.keys(&format!("{PASS}<enter>"));
    // A worker takes a moment before the first key: the index and each person's cases
    // are made beside the loop straight after unlocking.
    std::thread::sleep(Duration::from_secs(3));
    let backspace = parse_keys("<backspace>").remove(0);
    let mut first = None;
    let mut times = Vec::new();
    for _ in 0..10 {
        for word in words {
            h.keys("<C-f>");
            for key in parse_keys(word) {
                let t = Instant::now();
                h.send(Msg::Key(key));
                h.draw();
                let took = t.elapsed();
                match first {
                    None => first = Some(took),
                    Some(_) => times.push(took),
                }
            }
            let screen = h.screen();
            assert!(screen.contains(" · "), "results are shown:\n{screen}");
            for _ in 0..word.chars().count() {
                let t = Instant::now();
                h.send(Msg::Key(backspace));
                h.draw();
                times.push(t.elapsed());
            }
            h.keys("<esc>");
        }
    }
    let first = first.unwrap_or_default();
    println!(
        "search screen, first keystroke 3 s after unlock to frame at 80x24: {:.1} ms",
        ms(first)
    );
    let n = times.len();
    let (p50, p90, p99) = percentiles(times);
    println!(
        "search screen, keystroke to frame at 80x24 ({n} keys): p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms"
    );
    h.shut_down();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q) as usize]);
    (at(0.5), at(0.9), at(0.99))
}
