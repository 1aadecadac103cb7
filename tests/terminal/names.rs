//! Clients' names in their own scripts, drawn by the real program in tmux: Bengali,
//! Gurmukhi and Tamil (vowel signs tmux gives a column that ratatui alone does not
//! count), Chinese (wide), Arabic (lam-alef), a name with combining accents and one with
//! an emoji joined by ZWJ. On every list and card each box keeps its right border in
//! column 80, and after a screen is left and come back to, it is as it was: nothing of
//! a name is left behind.
//!
//! Columns are counted as tmux counts them, code point by code point with the C
//! library's `wcwidth`, independently of the program's own measure.

use caseline::service::KeyCost;
use std::path::Path;

use caseline::Caseline;
use caseline::domain::{Clock, Consent, Consents, Contact, PartyRole, Priority};
use caseline::service::{
    InitRequest, IntakeRequest, NewFollowUp, NewOrganisation, NewParty, NewPerson, NewUser,
    OpenCase, PersonRef,
};

use crate::terminal_support::{CLOCK_START, PASS, Term, WAIT};

/// Given and family names, one client each.
const CLIENTS: [(&str, &str); 7] = [
    ("শাহানা", "ইসলাম"),
    ("ਗੁਰਪ੍ਰੀਤ", "ਸਿੰਘ"),
    ("கார்த்திக்", "செல்வம்"),
    ("伟", "王"),
    ("بلال", "الحسن"),
    ("Zoe\u{308}", "Nguye\u{302}\u{303}n"),
    ("Kofi 👨\u{200D}👩\u{200D}👧", "Boateng"),
];

/// The administrator's name, in the header on every screen.
const WORKER: &str = "রুমানা চৌধুরী";

/// A second worker, for the users list.
const VOLUNTEER: &str = "ਹਰਪ੍ਰੀਤ ਕੌਰ";

const ORGANISATION: &str = "বাংলা মহিলা সমিতি";

unsafe extern "C" {
    fn wcwidth(c: libc::wchar_t) -> libc::c_int;
}

/// Columns tmux gives `line`: each code point by `wcwidth` in a UTF-8 locale.
fn columns(line: &str) -> usize {
    static LOCALE: std::sync::Once = std::sync::Once::new();
    LOCALE.call_once(|| {
        // SAFETY: called once, before any other use of the locale in this process's tests.
        unsafe { libc::setlocale(libc::LC_CTYPE, c"C.UTF-8".as_ptr()) };
    });
    line.chars()
        // SAFETY: wcwidth reads no memory.
        .map(|c| unsafe { wcwidth(c as libc::wchar_t) }.max(0) as usize)
        .sum()
}

/// Every row of a box keeps its right-hand border in the last column it should be in:
/// a box across the screen ends in column 80, and no row is wider than the screen.
fn assert_square(screen: &str, what: &str) {
    for (row, line) in screen.lines().enumerate() {
        let cols = columns(line);
        assert!(cols <= 80, "{what}: row {row} is {cols} columns:\n{screen}");
        let across = line.starts_with(['│', '┌', '└', '├']);
        if across {
            assert!(
                line.ends_with(['│', '┐', '┘', '┤']) && cols == 80,
                "{what}: row {row} ends in column {cols}, not with its border in 80:\n{screen}"
            );
        }
    }
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.ends_with(WORKER),
        "{what}: the header ends with the worker's name:\n{screen}"
    );
}

/// A store with the clients, a case and a follow-up each, an organisation and two
/// workers, made through the service at [`CLOCK_START`], where the program's clock
/// starts too (its screens show dates).
fn store(dir: &Path) {
    let clock = Clock::set_at(CLOCK_START.parse().expect("a time"));
    let (svc, _key) = Caseline::init_with_clock(
        dir,
        InitRequest {
            organisation: "Kingston REC".into(),
            admin_login: "admin".into(),
            admin_name: WORKER.into(),
            passphrase: PASS.to_string().into(),
            key_cost: KeyCost::CheapForTests,
        },
        clock,
    )
    .expect("a new store");
    svc.add_user(
        NewUser {
            login: "harpreet".into(),
            display_name: VOLUNTEER.into(),
            role: caseline::domain::Role::Volunteer,
            centre: None,
        },
        "another long passphrase",
        KeyCost::CheapForTests,
    )
    .expect("a second worker");
    for (given, family) in CLIENTS {
        client(&svc, given, family);
    }
    svc.add_organisation(NewOrganisation {
        name: ORGANISATION.into(),
        kind: "community_group".into(),
        communities: vec!["বাংলাদেশি নারী".into()],
        contact_person: Some("নাসিমা রহমান".into()),
        ..NewOrganisation::default()
    })
    .expect("an organisation");
    svc.close().expect("the store closes");
}

fn client(svc: &Caseline, given: &str, family: &str) {
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date");
    let person = NewPerson {
        given_names: given.into(),
        family_name: Some(family.into()),
        contact: Contact {
            phone: Some("07700 900123".into()),
            ..Contact::default()
        },
        consents: Consents {
            store: Consent::Given { on },
            ..Consents::default()
        },
        ..NewPerson::default()
    };
    let saved = svc
        .record_intake(IntakeRequest {
            parties: vec![NewParty {
                role: PartyRole::Victim,
                person: Some(PersonRef::New(person)),
                description: String::new(),
            }],
            location: format!("outside {given}'s home"),
            narrative: format!("{given} {family} was abused by a neighbour."),
            strands: vec!["race_or_ethnicity".into()],
            ..IntakeRequest::default()
        })
        .expect("an intake");
    let opened = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![saved.incident],
            summary: format!("Harassment of {given} {family} by a neighbour"),
            opened_on: Some(on),
            ..OpenCase::default()
        })
        .expect("a case");
    svc.add_follow_up(
        caseline::domain::Subject::Case(opened.id),
        NewFollowUp {
            due: on,
            due_time: None,
            assignee: None,
            priority: Priority::High,
            action: format!("Call {given} {family} back"),
        },
    )
    .expect("a follow-up");
}

/// Waits until `ok` holds for the screen and the screen has stopped changing (a capture
/// can catch a frame half drawn); returns it.
fn settled(t: &Term, what: &str, ok: impl Fn(&str) -> bool) -> String {
    loop {
        let first = t.wait_until(what, &ok);
        std::thread::sleep(std::time::Duration::from_millis(60));
        if t.screen() == first {
            return first;
        }
    }
}

/// Leaves a screen with `keys` and waits until `back` is on the screen again, as it was
/// (and stays so: not a frame half drawn); if it never is, says which rows differ.
fn back_to(t: &Term, keys: &str, back: &str, what: &str) {
    t.keys(keys);
    let start = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(60));
        let now = t.screen();
        if now == back && t.screen() == back {
            return;
        }
        if start.elapsed() > WAIT {
            let rows: Vec<String> = back
                .lines()
                .zip(now.lines())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(i, (a, b))| format!("row {i} was:\n{a}\nis now:\n{b}"))
                .collect();
            panic!(
                "{what} is not as it was before:\n{}\nthe screen:\n{now}",
                rows.join("\n")
            );
        }
    }
}

#[test]
fn names_in_many_scripts_keep_every_border_and_leave_nothing_behind() {
    let mut t = Term::new("names");
    store(&t.data);
    let cmd = t.standard("");
    t.start("names", &cmd);
    t.wait_for("Unlock caseline");
    t.keys(&format!("admin<tab>{PASS}<enter>"));
    let home = settled(&t, "home", |s| s.contains("What do you want to do?"));
    assert_square(&home, "home");

    for (given, family) in CLIENTS {
        t.keys("/");
        t.wait_for("Find:");
        t.type_text(family);
        let typed = format!("Find: {family}");
        let results = settled(&t, &format!("{family} found"), |s| {
            s.contains(&typed) && s.contains("People · 1")
        });
        assert_square(&results, &format!("search results for {family}"));
        t.keys("<enter>");
        let card = settled(&t, &format!("{family}'s card"), |s| s.contains("│ Phone"));
        assert_square(&card, &format!("{family}'s card"));
        t.keys("<enter>");
        let case = settled(&t, &format!("{family}'s case"), |s| {
            s.contains("Hate crime") && s.contains("Call ")
        });
        assert_square(&case, &format!("{family}'s case"));
        back_to(&t, "<esc>", &card, &format!("{family}'s card"));
        back_to(&t, "<esc>", &results, &format!("results for {family}"));
        back_to(&t, "<esc>", &home, &format!("home, after {given}"));
    }

    for (key, what, ready) in [
        ("c", "the case list", "Client"),
        ("f", "the follow-ups", "Client · action"),
        ("r", "recent intakes", "outside"),
        ("U", "the users", "Can sign in"),
    ] {
        t.keys(key);
        let screen = settled(&t, what, |s| s.contains(ready));
        assert_square(&screen, what);
        back_to(&t, "<esc>", &home, &format!("home, after {what}"));
    }

    t.keys("/");
    t.wait_for("Find:");
    t.type_text("মহিলা");
    t.wait_for("Organisations · 1");
    t.keys("<enter>");
    let card = settled(&t, "the organisation's card", |s| s.contains("নাসিমা"));
    assert_square(&card, "the organisation's card");
}
