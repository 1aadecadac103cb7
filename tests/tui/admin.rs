//! The audit screen: reached from home by administrators only, newest entries first a
//! page at a time, filtered by case, user and date, with the chain's state said in
//! words and a symbol. Other roles neither see nor reach it, and the service refuses
//! them anyway. Snapshots at 80x24 as plain text, the terminal filtered out.

use crate::tui_admin_util::*;
use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::Caseline;
use caseline::domain::{AuditAction, Role};
use caseline::keymap::Keymap;
use caseline::service::AuditQuery;
use caseline::ui::testing::Harness;
use caseline::ui::theme::Theme;

/// Rows of the audit table on screen (those with a date in the first column).
fn table_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.len() > 20 && l.chars().nth(3).is_some_and(|c| c.is_ascii_digit()))
        .filter(|l| l.starts_with("│> 2") || l.starts_with("│  2"))
        .map(str::to_string)
        .collect()
}

#[test]
fn home_offers_the_audit_log_to_an_administrator_and_it_opens_with_one_key() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    let home = h.screen();
    assert!(
        home.contains("Audit log") && home.contains("Users"),
        "{home}"
    );
    open_amina(&mut h);
    h.keys("<C-g>A");
    assert_eq!(h.app.top_title(), "Audit log");
    let screen = h.screen();
    // Small enough to check at once: the chain is verified without being asked.
    assert!(
        screen.contains("✓ Chain verified: entries 1 to"),
        "{screen}"
    );
    let rows = table_rows(&screen);
    assert!(
        rows[0].starts_with("│> "),
        "the newest is selected:\n{screen}"
    );
    assert!(
        rows[0].contains("view_case") && rows[0].contains("C-2026-0001"),
        "the case just opened is the newest entry:\n{screen}"
    );
    assert!(rows[0].contains("admin"), "{screen}");
    admin_snap!("audit_screen", screen);
}

#[test]
fn the_audit_screen_is_newest_first_and_pages_back_through_a_long_log() {
    let (_tmp, dir, h, fx) = with_case();
    close(h);
    let svc = service_free(&dir);
    for _ in 0..450 {
        svc.view_case(fx.case).expect("a view");
    }
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("A");
    let screen = h.screen();
    assert!(
        screen.contains("200 entries loaded; older ones load as you page down"),
        "only the first page is read:\n{screen}"
    );
    let seqs = |h: &mut Harness| -> Vec<u64> {
        let s = h.screen();
        s.lines()
            .filter_map(|l| l.split("Entry ").nth(1))
            .filter_map(|r| {
                let digits: String = r.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .collect()
    };
    let newest = seqs(&mut h)[0];
    h.keys("<down>");
    let next = seqs(&mut h)[0];
    assert_eq!(next + 1, newest, "one entry older, newest first");
    // The next page is read only when the cursor comes near the end of the first.
    let presses = (1..40)
        .find(|_| {
            h.keys("<pagedown>");
            h.screen().contains("400 entries loaded")
        })
        .unwrap_or_else(|| panic!("paging down loads older pages:\n{}", h.screen()));
    assert!(presses > 10, "loaded after {presses} pages");
    h.keys("<end>");
    for _ in 0..40 {
        h.keys("<pagedown>");
    }
    let screen = h.screen();
    assert!(
        !screen.contains("older ones load"),
        "the whole log is loaded in the end:\n{screen}"
    );
    assert_eq!(seqs(&mut h)[0], 1, "the oldest entry is the last one");
}

#[test]
fn the_filter_narrows_to_a_case_a_user_and_a_date() {
    let (_tmp, dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    h.keys("<C-g>");
    close(h);
    add(&dir, "sam", "Sam Okafor", Role::Caseworker);
    let mut h = unlock_free(&dir);
    h.keys("A/");
    assert_eq!(h.app.top_title(), "Audit log");
    let dialog = h.screen();
    assert!(dialog.contains("Filter the audit log"), "{dialog}");
    admin_snap!("audit_filter", dialog);
    h.keys("c-2026-0001<tab>ADMIN<tab>today<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("Filter: case C-2026-0001 · user admin · since Sun 22 Nov 2026"),
        "{screen}"
    );
    let rows = table_rows(&screen);
    assert!(!rows.is_empty(), "{screen}");
    assert!(
        rows.iter()
            .all(|r| r.contains("C-2026-0001") && r.contains("admin")),
        "only the case's entries by admin:\n{screen}"
    );
    // sam was added after the case was opened, by admin, about a user: not shown.
    assert!(!screen.contains("user_change"), "{screen}");
    // Back to everything: the fields are offered again as they were, and emptied.
    h.keys("/");
    assert!(h.screen().contains("C-2026-0001"), "{}", h.screen());
    h.keys(&format!(
        "{}<tab>{}<tab>{}<enter>",
        "<backspace>".repeat(11),
        "<backspace>".repeat(5),
        "<backspace>".repeat(5)
    ));
    let screen = h.screen();
    assert!(screen.contains("Filter: none"), "{screen}");
    assert!(screen.contains("user_change"), "{screen}");
}

#[test]
fn a_filter_that_cannot_be_understood_is_marked_and_not_run() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    h.keys("A/C-1<tab><tab>the day after<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("Filter the audit log"),
        "still open:\n{screen}"
    );
    assert_eq!(screen.matches("    ! ").count(), 2, "{screen}");
    // A user who does not exist: the service says so, and nothing is listed.
    h.keys(&format!(
        "{}<tab>nobody<tab>{}<enter>",
        "<backspace>".repeat(3),
        "<backspace>".repeat(13)
    ));
    let screen = h.screen();
    assert!(!screen.contains("Filter the audit log"), "{screen}");
    assert!(
        status_text(&h).starts_with("Not shown:"),
        "{}",
        status_text(&h)
    );
    assert!(table_rows(&screen).is_empty(), "{screen}");
}

#[test]
fn a_broken_chain_is_said_with_its_entry_and_a_symbol() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    wait_for_lock(&dir);
    {
        let db = sled::Config::new()
            .path(dir.join("db"))
            .open()
            .expect("sled opens");
        db.open_tree("audit")
            .expect("the audit tree")
            .remove(3u64.to_be_bytes())
            .expect("an entry is removed");
        db.flush().expect("flush");
    }
    let mut h = unlock_free(&dir);
    h.keys("A");
    let screen = h.screen();
    assert!(screen.contains("✗ Chain BROKEN at entry 3"), "{screen}");
    assert!(
        status_text(&h).contains("broken at entry 3"),
        "{}",
        status_text(&h)
    );
}

#[test]
fn verify_checks_the_chain_when_asked() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    h.keys("A");
    let before = h.screen();
    let head = |s: &str| -> u64 {
        s.split("entries 1 to ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("the chain line:\n{s}"))
    };
    let first = head(&before);
    // Going to a case and back records more; v checks again, up to the new head.
    h.keys("<C-e><enter><C-g>A");
    h.keys("v");
    let after = h.screen();
    assert!(head(&after) > first, "{before}\n{after}");
}

#[test]
fn markers_do_not_depend_on_colour() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    wait_for_lock(&dir);
    let mut h = Harness::with(&dir, Keymap::builtin(), Theme { colour: false }, 80, 24);
    h.keys(&format!("{PASS}<enter>A"));
    let screen = h.screen();
    assert!(screen.contains("✓ Chain verified"), "{screen}");
    assert!(table_rows(&screen)[0].starts_with("│> "), "{screen}");
    let buf = h.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset),
        "no colours without colour"
    );
}

#[test]
fn other_roles_neither_see_nor_reach_the_administrators_screens() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    add(&dir, "sam", "Sam Okafor", Role::Caseworker);
    add(&dir, "vic", "Vic Ward", Role::Volunteer);
    for login in ["sam", "vic"] {
        let mut h = sign_in_as(&dir, login);
        let home = h.screen();
        assert!(
            !home.contains("Audit log") && !home.contains("Users"),
            "{login}:\n{home}"
        );
        for key in ["A", "U", "<end><enter>"] {
            h.keys(key);
            assert_eq!(h.app.top_title(), "Home", "{login} pressed {key}");
        }
        h.keys("A");
        assert_eq!(status_text(&h), "That is for administrators");
        close(h);
        // The service refuses them whatever the screens do.
        wait_for_lock(&dir);
        let svc = Caseline::open_with_clock(
            &dir,
            Some(login),
            WORKER_PASS,
            caseline::ui::testing::test_clock(),
        )
        .expect("they sign in");
        let refused = |r: Result<(), caseline::service::Error>, what: &str| match r {
            Err(caseline::service::Error::NotPermitted(_)) => {}
            other => panic!("{login} {what}: {other:?}"),
        };
        refused(
            svc.audit_log(&AuditQuery {
                limit: 10,
                ..AuditQuery::default()
            })
            .map(drop),
            "read the log",
        );
        refused(svc.verify_audit(None).map(drop), "verified the log");
        refused(svc.user_list().map(drop), "listed users");
        close_service(svc);
    }
    // Views by sam and vic are not audited as the administrator's.
    let rows = audit(&dir, AuditQuery::default());
    assert!(
        rows.iter()
            .filter(|r| r.action == AuditAction::SignIn)
            .any(|r| r.user.as_deref() == Some("sam")),
        "sam's sign-in is in the log"
    );
}
