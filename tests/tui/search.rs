//! The search screen driven by keys against a real store: one key from home, the
//! case list and the intake form; results grouped and marked as the words are typed;
//! a faulty query said in the bar; Enter opening a case or a person's card; esc going
//! back. Snapshots at 80x24 as plain text. The harness clock is Sunday 22 November 2026.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::AuditAction;
use caseline::domain::Role;
use caseline::service::KeyCost;
use caseline::service::{
    AuditQuery, LinkTo, NewOrganisation, NewUser, OrganisationRef, PersonRef, UpdateCase,
};
use caseline::ui::testing::Harness;
use ratatui::style::Modifier;

/// Amina Hassan's and Mohammed Khan's cases, and a community group in the directory
/// that Mr Khan was referred to.
fn with_directory() -> (tempfile::TempDir, std::path::PathBuf, Harness) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    amina(&svc);
    let case = khan(&svc);
    let group = svc
        .add_organisation(NewOrganisation {
            name: "Khanum Women's Group".into(),
            kind: "community_group".into(),
            communities: vec!["women from South Asian communities".into()],
            meets: caseline::domain::MeetingTime::parse_list("Sun 14:00-17:00").unwrap(),
            ..NewOrganisation::default()
        })
        .expect("an organisation");
    svc.link_to_case(
        case,
        LinkTo::Organisation(OrganisationRef::Existing(group)),
        "referred_to",
    )
    .expect("a link");
    close_service(svc);
    let h = unlock_free(&dir);
    (tmp, dir, h)
}

/// The row of the screen holding `text`.
fn line_with(h: &mut Harness, text: &str) -> String {
    let screen = h.screen();
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("`{text}` is on screen:\n{screen}"))
        .to_string()
}

#[test]
fn results_are_grouped_and_marked() {
    let (_tmp, _dir, mut h) = with_directory();
    h.keys("<C-f>");
    assert_eq!(h.app.top_title(), "Search");
    h.keys("khan");
    let screen = h.screen();
    assert!(screen.contains(" People · 1"), "{screen}");
    assert!(screen.contains(" Cases · 1"), "{screen}");
    assert!(screen.contains(" Organisations · 1"), "{screen}");
    // People first, then cases, then organisations; the match in brackets.
    let at = |s: &str| screen.find(s).unwrap_or_else(|| panic!("{s}:\n{screen}"));
    assert!(at("Mohammed [Khan]") < at("C-2026-0002"));
    assert!(at("C-2026-0002") < at("[Khanum] Women's Group"));
    // A person's row: a part of the phone number and how many cases; a case's row:
    // kind, status and worker.
    assert!(line_with(&mut h, "Mohammed [Khan]").contains("…0456"));
    assert!(line_with(&mut h, "Mohammed [Khan]").contains("1 case"));
    let case = line_with(&mut h, "C-2026-0002");
    for part in ["Employment", "open", "Asha Patel"] {
        assert!(case.contains(part), "{case}");
    }
    assert!(line_with(&mut h, "[Khanum]").contains("Community group"));
    snap!("search_results", screen);
}

#[test]
fn results_follow_every_keystroke() {
    let (_tmp, _dir, mut h) = with_directory();
    h.keys("<C-f>a");
    let screen = h.screen();
    assert!(screen.contains("[Amina] Hassan"), "{screen}");
    h.keys("mina");
    assert!(h.screen().contains("[Amina] Hassan"), "{}", h.screen());
    assert!(!h.screen().contains("Mohammed"), "{}", h.screen());
    h.keys("<backspace><backspace><backspace><backspace><backspace>");
    let screen = h.screen();
    assert!(
        !screen.contains("People ·"),
        "an empty bar shows no results:\n{screen}"
    );
    assert!(screen.contains("Filters: kind:"), "{screen}");
    // Two words must both match: the employment case is the one about shifts.
    h.keys("khan shifts");
    let screen = h.screen();
    assert!(screen.contains("C-2026-0002"), "{screen}");
    assert!(!screen.contains("C-2026-0001"), "{screen}");
}

#[test]
fn a_faulty_query_says_what_and_where() {
    let (_tmp, _dir, mut h) = with_directory();
    h.keys("<C-f>khan colour:red");
    let screen = h.screen();
    assert!(screen.contains("unknown filter"), "{screen}");
    assert!(screen.contains("(at character 6)"), "{screen}");
    // The carets stand under `colour:`.
    let bar = line_with(&mut h, "Find: khan colour:red");
    let carets = line_with(&mut h, "^^^");
    assert_eq!(bar.find("colour"), carets.find('^'), "{screen}");
    assert_eq!(carets.matches('^').count(), "colour:".len(), "{screen}");
    assert!(
        !screen.contains("People ·"),
        "no results under an error:\n{screen}"
    );
    snap!("search_error", screen);
    // Mending it brings the results back.
    h.keys(&"<backspace>".repeat(11));
    assert!(h.screen().contains("Mohammed [Khan]"), "{}", h.screen());
}

#[test]
fn enter_on_a_case_opens_it_and_esc_comes_back() {
    let (_tmp, _dir, mut h) = with_directory();
    h.keys("<C-f>hassan");
    let screen = h.screen();
    assert!(
        screen.contains("> [Amina] [Hassan]") || screen.contains("> Amina [Hassan]"),
        "{screen}"
    );
    h.keys("<down><enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001", "{}", h.screen());
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Search");
    assert!(h.screen().contains("Find: hassan"), "{}", h.screen());
    // Still on the case that was open.
    assert!(
        line_with(&mut h, "C-2026-0001").starts_with("│> "),
        "{}",
        h.screen()
    );
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Home");
}

#[test]
fn page_keys_jump_between_groups() {
    let (_tmp, _dir, mut h) = with_directory();
    h.keys("<C-f>khan<pagedown><pagedown>");
    assert!(
        line_with(&mut h, "[Khanum]").starts_with("│> "),
        "{}",
        h.screen()
    );
    h.keys("<pageup>");
    assert!(
        line_with(&mut h, "C-2026-0002").starts_with("│> "),
        "{}",
        h.screen()
    );
    h.keys("<up>");
    assert!(
        line_with(&mut h, "Mohammed").starts_with("│> "),
        "{}",
        h.screen()
    );
    // An organisation opens its card, with the cases it is on.
    h.keys("<pagedown><pagedown><enter>");
    assert_eq!(h.app.top_title(), "Organisation");
    let screen = h.screen();
    for part in [
        "Khanum Women's Group",
        "Community group",
        "Sun 14:00–17:00",
        "Cases · 1",
        "C-2026-0002",
        "Referred to",
    ] {
        assert!(screen.contains(part), "{part}:\n{screen}");
    }
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0002");
    h.keys("<esc><esc>");
    assert_eq!(h.app.top_title(), "Search");
}

#[test]
fn enter_on_a_person_shows_their_card() {
    let (_tmp, dir, mut h) = with_directory();
    h.keys("<C-f>amina<enter>");
    assert_eq!(h.app.top_title(), "Person");
    let screen = h.screen();
    for part in [
        "Amina Hassan",
        "07700 900123",
        "Cases · 1",
        "C-2026-0001",
        "Hate crime",
    ] {
        assert!(screen.contains(part), "{part}:\n{screen}");
    }
    snap!("person_card", screen);
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Person");
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Search");
    close(h);
    // Reading the card is a view of the person, in the audit log.
    let svc = service_free(&dir);
    let log = svc
        .audit_log(&AuditQuery {
            limit: 50,
            ..AuditQuery::default()
        })
        .expect("the audit log");
    assert!(
        log.iter().any(|r| r.action == AuditAction::ViewPerson),
        "{log:?}"
    );
}

#[test]
fn the_search_key_works_from_home_the_case_list_and_the_intake_form() {
    let (_tmp, _dir, mut h) = with_directory();
    // Home.
    h.keys("<C-f>");
    assert_eq!(h.app.top_title(), "Search");
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Home");
    // The case list, by the global key and by `/` (a list takes no typing).
    for key in ["<C-f>", "/"] {
        h.keys("<C-e>");
        assert_eq!(h.app.top_title(), "Cases");
        h.keys(key);
        assert_eq!(h.app.top_title(), "Search", "{key}");
        h.keys("<esc>");
        assert_eq!(h.app.top_title(), "Cases", "{key}");
    }
    // The intake form: `/` is typed, the search key opens search, esc comes back to
    // the form with what was typed.
    h.keys("<C-n>Fatima/");
    assert_ne!(h.app.top_title(), "Search");
    h.keys("<C-f>");
    assert_eq!(h.app.top_title(), "Search");
    h.keys("khan<esc>");
    let screen = h.screen();
    assert!(screen.contains("Fatima/"), "{screen}");
    assert!(!screen.contains("khan"), "{screen}");
}

#[test]
fn marks_read_without_colour() {
    let (_tmp, dir, h) = with_directory();
    close(h);
    wait_for_lock(&dir);
    let mut h = Harness::with(
        &dir,
        caseline::keymap::Keymap::builtin(),
        caseline::ui::theme::Theme { colour: false },
        80,
        24,
    );
    h.keys(&format!("{PASS}<enter><C-f>khan"));
    let screen = h.screen();
    assert!(screen.contains("Mohammed [Khan]"), "{screen}");
    let buf = h.backend().buffer().clone();
    let row = screen
        .lines()
        .position(|l| l.contains("Mohammed [Khan]"))
        .expect("the row") as u16;
    let line = screen.lines().nth(row as usize).expect("the row");
    let x = line.chars().position(|c| c == '[').expect("a bracket") as u16 + 1;
    let cell = &buf[(x, row)];
    assert_eq!(cell.symbol(), "K");
    assert!(
        cell.modifier
            .contains(Modifier::BOLD | Modifier::UNDERLINED)
    );
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, ratatui::style::Color::Reset, "no colour at {x},{y}");
        }
    }
}

#[test]
fn counts_and_cards_follow_a_link_made_since() {
    let (_tmp, _dir, mut h) = with_directory();
    h.keys("<C-f>amina");
    assert!(line_with(&mut h, "[Amina] Hassan").contains("1 case"));
    // From the search to the case, a new person linked, and back.
    h.keys("<down><enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
    h.keys("l<enter><tab>Jon Smithers<tab>alleged<enter>");
    assert!(status_text(&h).contains("linked"), "{}", status_text(&h));
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Search");
    h.keys(&"<backspace>".repeat(5));
    h.keys("smithers");
    assert!(
        line_with(&mut h, "Jon [Smithers]").contains("1 case"),
        "{}",
        h.screen()
    );
    h.keys("<enter>");
    let screen = h.screen();
    assert!(screen.contains("C-2026-0001"), "{screen}");
    assert!(screen.contains("Alleged perpetrator"), "{screen}");
}

#[test]
fn under_the_vi_preset_slash_searches_from_lists_and_f5_from_forms() {
    let (_tmp, dir, h) = with_directory();
    close(h);
    wait_for_lock(&dir);
    let vi = caseline::keymap::Keymap::preset("vi").expect("the vi preset");
    let mut h = Harness::with(
        &dir,
        vi,
        caseline::ui::theme::Theme { colour: true },
        80,
        24,
    );
    h.keys(&format!("{PASS}<enter><C-e>"));
    assert_eq!(h.app.top_title(), "Cases");
    h.keys("<C-f>");
    assert_eq!(h.app.top_title(), "Cases", "C-f pages in a vi list");
    h.keys("/");
    assert_eq!(h.app.top_title(), "Search");
    h.keys("<esc><C-n><F5>");
    assert_eq!(h.app.top_title(), "Search");
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "New intake");
}

#[test]
fn a_long_query_scrolls_in_the_bar_and_an_error_points_into_it() {
    let (_tmp, _dir, mut h) = with_directory();
    let long = "mohammed khan employment shifts manager workplace remarks \
                racist cut hours tribunal acas ";
    assert!(long.len() > 80, "longer than the bar");
    h.keys(&format!("<C-f>{long}colour:x"));
    let screen = h.screen();
    // The end of the text is in sight, and the carets stand under the bad filter.
    let bar = line_with(&mut h, "Find:");
    assert!(bar.contains("colour:x"), "{screen}");
    let carets = line_with(&mut h, "^^^");
    let col = |l: &str, i: usize| l[..i].chars().count();
    assert_eq!(
        col(&carets, carets.find('^').unwrap()),
        col(&bar, bar.find("colour").unwrap()),
        "{screen}"
    );
    let at = format!("(at character {})", long.chars().count() + 1);
    assert!(screen.contains(&at), "{screen}");
    assert!(
        !bar.contains("mohammed"),
        "the start is scrolled away:\n{screen}"
    );
}

#[test]
fn stored_text_is_shown_inert() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    // A right-to-left override passes as one line of text, and would make the row
    // read differently from what is stored.
    record(
        &svc,
        caller("Amina", "Hassan\u{202E}Evil", "07700 900123"),
        "bus stop",
        "Shouted at.",
    );
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("<C-f>amina");
    let screen = h.screen();
    assert!(!screen.contains('\u{202E}'), "{screen}");
    assert!(screen.contains("[Amina] Hassan\u{FFFD}Evil"), "{screen}");
}

#[test]
fn after_a_switch_of_user_counts_are_of_what_the_new_user_sees() {
    const VOL_PASS: &str = "volunteer passphrase here";
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let theirs = amina(&svc).case;
    let other = khan(&svc);
    let vol = svc
        .add_user(
            NewUser {
                login: "vol".into(),
                display_name: "Val Unteer".into(),
                role: Role::Volunteer,
                centre: None,
            },
            VOL_PASS,
            KeyCost::CheapForTests,
        )
        .expect("a volunteer");
    svc.update_case(
        theirs,
        UpdateCase {
            assigned_to: Some(vol),
            ..UpdateCase::default()
        },
    )
    .expect("the case is the volunteer's");
    // Amina is also a witness on Mr Khan's case, which the volunteer may not see.
    let amina_id = svc
        .people()
        .filter_map(Result::ok)
        .find(|p| p.given_names == "Amina")
        .expect("Amina")
        .id;
    svc.link_to_case(
        other,
        LinkTo::Person(PersonRef::Existing(amina_id)),
        "witness",
    )
    .expect("a link");
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("<C-f>amina");
    assert!(line_with(&mut h, "[Amina] Hassan").contains("2 cases"));
    h.keys("<F12>");
    h.keys(&format!("<S-tab>vol<tab>{VOL_PASS}<enter>"));
    assert!(h.screen().contains("Val Unteer"), "{}", h.screen());
    h.keys("<C-f>amina");
    assert!(
        line_with(&mut h, "[Amina] Hassan").contains("1 case"),
        "{}",
        h.screen()
    );
    h.keys("<enter>");
    let screen = h.screen();
    assert!(screen.contains("Cases · 1"), "{screen}");
    assert!(!screen.contains("C-2026-0002"), "{screen}");
}

#[test]
fn many_results_say_how_many_and_scroll_with_the_cursor() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    for i in 0..25 {
        record(
            &svc,
            caller(&format!("Ann{i:02}"), "Smith", &format!("07700 9001{i:02}")),
            "market",
            "Shouted at.",
        );
    }
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("<C-f>smith");
    let screen = h.screen();
    assert!(screen.contains(" People · first 20 of 25"), "{screen}");
    assert!(screen.contains("25 people"), "{screen}");
    h.keys(&"<down>".repeat(19));
    let screen = h.screen();
    let focused = screen
        .lines()
        .find(|l| l.starts_with("│> "))
        .unwrap_or_else(|| panic!("the focused row is in sight:\n{screen}"));
    assert!(focused.contains("[Smith]"), "{screen}");
    // One further down stays on the last row shown.
    h.keys("<down>");
    assert_eq!(h.screen(), screen);
}

#[test]
fn filters_narrow_and_a_value_nothing_has_is_said() {
    let (_tmp, _dir, mut h) = with_directory();
    h.keys("<C-f>kind:employment");
    let screen = h.screen();
    assert!(screen.contains("C-2026-0002"), "{screen}");
    assert!(!screen.contains("C-2026-0001"), "{screen}");
    h.keys(&"<backspace>".repeat("employment".len()));
    h.keys("zzz");
    let screen = h.screen();
    assert!(screen.contains("kind: no such value"), "{screen}");
    assert!(screen.contains("(at character 6)"), "{screen}");
    let carets = line_with(&mut h, "^^^");
    assert_eq!(carets.matches('^').count(), 3, "under the value:\n{screen}");
}

#[test]
fn a_search_typed_while_the_index_is_built_says_how_far_and_runs_when_it_is_ready() {
    use caseline::ui::msg::{Msg, Reply};
    let (_tmp, _dir, mut h) = with_directory();
    h.keys("<C-f>");
    // What the warming thread tells the loop while it builds the index.
    h.send(Msg::Reply(Reply::SearchBuilding(35_000, 870_000)));
    h.keys("amina");
    h.send(Msg::Reply(Reply::SearchBuilding(35_000, 870_000)));
    let screen = h.screen();
    assert!(
        screen.contains("Building the search index from the records: 35000 of 870000 (4%)"),
        "{screen}"
    );
    h.send(Msg::Reply(Reply::SearchReady));
    let screen = h.screen();
    assert!(screen.contains("[Amina] Hassan"), "{screen}");
    assert!(!screen.contains("Building the search index"), "{screen}");
}
