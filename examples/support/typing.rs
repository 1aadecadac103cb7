//! Typing in the search bar, as the server sees it: the search screen's request for
//! each prefix of a few names and words, typed and deleted letter by letter, from one
//! client or from several at once, at a typist's pace or flat out.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use caseline::service::Client;

use super::PASS;
use super::server::ServerChild;
use super::timing::{p99_ms, spread};

/// What the search screen is asked as a name or words are typed, a letter at a time.
pub const TYPED: &[&str] = &["khan", "mohammed", "hassan", "bus stop", "clarence"];

/// Search keystrokes timed, and the slowest with its text.
#[derive(Default)]
pub struct Typed {
    pub times: Vec<Duration>,
    pub slowest: (Duration, String),
}

impl Typed {
    pub fn add(&mut self, other: Typed) {
        self.times.extend(other.times);
        if other.slowest.0 > self.slowest.0 {
            self.slowest = other.slowest;
        }
    }
}

/// The search screen's request for each prefix of each typed text, typed and then
/// deleted letter by letter: five times over as fast as answers come, or once with
/// a key every `pace` (a typist's speed) if given.
pub fn type_searches(client: &Client, pace: Option<Duration>) -> Typed {
    let mut typed = Typed::default();
    let mut turn = Instant::now();
    let rounds = if pace.is_some() { 1 } else { 5 };
    for _ in 0..rounds {
        for text in TYPED {
            let letters: Vec<char> = text.chars().collect();
            let lengths = (1..=letters.len()).chain((1..letters.len()).rev());
            for n in lengths {
                if let Some(p) = pace {
                    std::thread::sleep(turn.saturating_duration_since(Instant::now()));
                    turn += p;
                }
                let prefix: String = letters[..n].iter().collect();
                let t = Instant::now();
                client.search_view(&prefix).expect("search");
                let took = t.elapsed();
                if took > typed.slowest.0 {
                    typed.slowest = (took, prefix);
                }
                typed.times.push(took);
            }
        }
    }
    typed
}

pub fn search_keystrokes(client: &Client, how: &str) {
    report_typed(how, &type_searches(client, None));
}

pub fn report_typed(how: &str, typed: &Typed) {
    let verdict = if p99_ms(&typed.times) < 16.0 {
        "met"
    } else {
        "not met"
    };
    println!(
        "search keystrokes {how} (CaseRequest::Search, {} texts typed and deleted): {}; slowest \"{}\" (target p99 < 16 ms: {verdict})",
        TYPED.len(),
        spread(&typed.times),
        typed.slowest.1
    );
}

/// `n` people typing in the search bar at the same moment, each on a connection of
/// their own: a key every `pace` (someone typing), or flat out (what the server can
/// take).
pub fn searches_at_once(server: &ServerChild, n: usize, pace: Option<Duration>) {
    let start = Arc::new(Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let client = server.client("admin", PASS);
            let start = Arc::clone(&start);
            // Typists start out of step, as people do.
            let offset = pace.map_or(Duration::ZERO, |p| p * i as u32 / n as u32);
            std::thread::spawn(move || {
                start.wait();
                std::thread::sleep(offset);
                let typed = type_searches(&client, pace);
                client.close().expect("sign out");
                typed
            })
        })
        .collect();
    let mut all = Typed::default();
    for th in threads {
        all.add(th.join().expect("searching thread"));
    }
    let how = match pace {
        Some(p) => format!(
            "over the socket, {n} clients at once, a key every {} ms each",
            p.as_millis()
        ),
        None => format!("over the socket, {n} clients at once, flat out"),
    };
    report_typed(&how, &all);
}
