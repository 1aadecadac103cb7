//! The directory screen's cost per keystroke, for `docs/benchmarks.md`: 5,000
//! organisations loaded from a spreadsheet (`directory import`, one commit), then the
//! filter typed in the directory screen at 80x24, each key timed from the key to the
//! frame drawn (the filter run over every row, the list laid out). Opening the screen
//! is reported on its own: the engine keeps the directory as rows once read (read
//! beside the screen after signing in), so the figures are the first read in the
//! service (every organisation decrypted and made a row), the same read again, and
//! the screen opened after signing in and again from home.
//!
//! ```sh
//! cargo run --release --example bench_directory -- [--orgs 5000] [--rounds 20]
//! ```

use caseline::service::KeyCost;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use caseline::service::Caseline;
use caseline::ui::msg::Msg;
use caseline::ui::testing::{Harness, parse_keys};

mod support;

use support::timing::{ms, spread};
use support::{PASS, flag, init_request};

const PLACES: [&str; 16] = [
    "Kingston",
    "Surbiton",
    "New Malden",
    "Tolworth",
    "Chessington",
    "Norbiton",
    "Worcester Park",
    "Wimbledon",
    "Morden",
    "Sutton",
    "Twickenham",
    "Croydon",
    "Hook",
    "Berrylands",
    "Coombe",
    "Canbury",
];
/// `(name pattern, kind, language, community, services)`.
const GROUPS: [(&str, &str, &str, &str, &str); 10] = [
    (
        "{} Somali Community Association",
        "Community group",
        "Somali",
        "Somali",
        "advice; classes",
    ),
    (
        "{} Chinese Community Centre",
        "Community group",
        "Cantonese",
        "Chinese",
        "advice; social activities",
    ),
    (
        "{} Polish Saturday School",
        "Community group",
        "Polish",
        "Polish",
        "classes",
    ),
    (
        "{} Tamil Welfare Association",
        "Community group",
        "Tamil",
        "Tamil",
        "advice; translation help",
    ),
    (
        "{} Mosque",
        "Faith group",
        "Arabic",
        "Muslim",
        "food bank; pastoral support",
    ),
    (
        "{} Gurdwara",
        "Faith group",
        "Punjabi",
        "Sikh",
        "food bank; hall hire",
    ),
    (
        "Citizens Advice {}",
        "Citizens Advice",
        "Polish",
        "residents",
        "benefits; debt; employment",
    ),
    (
        "{} Law Centre",
        "Legal adviser",
        "English",
        "residents",
        "legal advice; discrimination",
    ),
    (
        "{} Women's Aid",
        "Voluntary sector",
        "Urdu",
        "women",
        "advocacy; emotional support",
    ),
    (
        "{} Youth Centre",
        "Third-party reporting centre",
        "English",
        "young people",
        "hate crime reporting",
    ),
];
const MEETS: [&str; 6] = [
    "Sun 14:00-17:00",
    "Sat 10:00-13:00",
    "Wed 19:00-21:00; Sun 14:00-16:00",
    "Fri 14:30-16:30",
    "Mon 09:00-17:00; Tue 09:00-17:00; Wed 09:00-17:00",
    "Tue 18:00-20:00",
];

/// A spreadsheet of `n` groups, each name different.
fn spreadsheet(n: usize) -> String {
    let mut csv =
        String::from("name,kind,communities,services,languages,meets,contact_person,phone\n");
    for i in 0..n {
        let (pattern, kind, lang, community, services) = GROUPS[i % GROUPS.len()];
        let place = PLACES[(i / GROUPS.len()) % PLACES.len()];
        let name = format!(
            "{} {}",
            pattern.replace("{}", place),
            i / (GROUPS.len() * PLACES.len()) + 1
        );
        let meets = MEETS[(i / 3) % MEETS.len()];
        let _ = writeln!(
            csv,
            "{name},{kind},{community},{services},English; {lang},{meets},Contact {i},020 8546 {:04}",
            i % 10_000
        );
    }
    csv
}

/// The CPU time this thread has used: wall-clock time less what the machine's other
/// work took from it while it waited for a core.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for clock_gettime to write.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let orgs: usize = flag(&args, "--orgs").unwrap_or(5_000);
    let rounds: usize = flag(&args, "--rounds").unwrap_or(20);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    let (svc, _) = Caseline::init(&dir, init_request(KeyCost::CheapForTests)).expect("init");
    let csv = spreadsheet(orgs);
    let t = Instant::now();
    let added = svc.import_directory_csv(csv.as_bytes()).expect("import");
    println!(
        "directory import of {added} groups ({} KiB of CSV), one commit: {:.0} ms",
        csv.len() / 1024,
        ms(t.elapsed())
    );
    let t = Instant::now();
    let rows = svc.directory(&Default::default()).expect("directory").len();
    println!(
        "the directory read as rows ({rows}), in the service, first read: {:.1} ms",
        ms(t.elapsed())
    );
    let t = Instant::now();
    svc.directory(&Default::default()).expect("directory");
    println!(
        "  read again, from the copy the engine keeps: {:.1} ms",
        ms(t.elapsed())
    );
    svc.close().expect("close");

    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
    // Signing in reads the directory beside the screen (after the search index): give
    // it the moment a worker takes to reach for the key.
    std::thread::sleep(Duration::from_secs(3));
    let open = parse_keys("d").remove(0);
    let t = Instant::now();
    h.send(Msg::Key(open));
    h.draw();
    println!(
        "opening the directory screen, 3 s after signing in, to frame: {:.1} ms",
        ms(t.elapsed())
    );
    h.keys("<C-g>");
    let t = Instant::now();
    h.send(Msg::Key(open));
    h.draw();
    println!(
        "  opening it again from home, to frame: {:.1} ms",
        ms(t.elapsed())
    );
    assert!(
        h.screen().contains(&format!("{orgs} of {orgs}")),
        "{}",
        h.screen()
    );

    let backspace = parse_keys("<backspace>").remove(0);
    let texts = [
        "day:sun lang:cantonese",
        "kingston somali",
        "for:women does:advocacy",
        "polish",
    ];
    let (mut times, mut cpu) = (Vec::new(), Vec::new());
    let mut key = |h: &mut Harness, k| {
        let (t, c) = (Instant::now(), thread_cpu());
        h.send(Msg::Key(k));
        h.draw();
        times.push(t.elapsed());
        cpu.push(thread_cpu().saturating_sub(c));
    };
    for _ in 0..rounds {
        for text in texts {
            for k in parse_keys(text) {
                key(&mut h, k);
            }
            for _ in 0..text.chars().count() {
                key(&mut h, backspace);
            }
        }
    }
    println!(
        "directory filter, keystroke to frame at 80x24, {orgs} organisations: {}",
        spread(&times)
    );
    println!(
        "  the same keys in this thread's CPU time: {}",
        spread(&cpu)
    );
    h.shut_down();
}
