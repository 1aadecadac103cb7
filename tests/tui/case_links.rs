//! Linking people and organisations to a case with `l`: from the intake, a new name,
//! the directory or a new organisation, each in a role; removing a link; and the case
//! header saying who is linked, in one line cut to the screen. Key sequences checked
//! against what the service then holds, and snapshots at 80x24.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::CaseId;
use caseline::ui::testing::Harness;

/// The roles linked to the case, people first, as (name, role code).
fn links(dir: &std::path::Path, case: CaseId) -> Vec<(String, String)> {
    let svc = service_free(dir);
    let c = svc.case(case).unwrap();
    let mut out: Vec<(String, String)> = c
        .people
        .iter()
        .map(|cp| {
            (
                svc.person(cp.person).unwrap().display_name(),
                cp.role.clone(),
            )
        })
        .collect();
    out.extend(c.organisations.iter().map(|co| {
        (
            svc.organisation(co.organisation).unwrap().name,
            co.role.clone(),
        )
    }));
    out
}

/// Amina's case with the Metropolitan Police in the directory, open on its screen.
fn with_directory() -> (tempfile::TempDir, std::path::PathBuf, Harness, Fixture) {
    amina_with_organisation("Metropolitan Police", "police")
}

#[test]
fn a_new_person_is_linked_in_a_role_with_four_keys_and_a_name() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    h.keys("l");
    assert_eq!(h.app.top_title(), "Link to the case");
    let screen = h.screen();
    assert!(screen.contains("(•) A person"), "{screen}");
    assert!(
        screen.contains("! SAFEGUARDING: Forced marriage"),
        "{screen}"
    );
    // A person; past the people of the intake to a new name; the role, which saves.
    h.keys("<enter><tab>J. Smith<tab>alleged");
    snap!("link_dialog", h.screen());
    h.keys("<enter>");
    assert_eq!(
        status_text(&h),
        "J. Smith linked as alleged perpetrator",
        "{}",
        h.screen()
    );
    assert!(
        h.screen().contains(
            "People: Amina Hassan (complainant or victim), J. Smith (alleged perpetrator)"
        ),
        "{}",
        h.screen()
    );
    close(h);
    assert_eq!(
        links(&dir, fx.case),
        [
            ("Amina Hassan".into(), "complainant_or_victim".into()),
            ("J. Smith".into(), "alleged_perpetrator".into())
        ]
    );
}

#[test]
fn someone_from_the_intake_is_linked_in_a_second_role() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    h.keys("l<enter>");
    assert!(h.screen().contains("( ) Amina Hassan"), "{}", h.screen());
    h.keys("<enter><tab>witness<enter>");
    assert_eq!(status_text(&h), "Amina Hassan linked as witness");
    close(h);
    assert_eq!(
        links(&dir, fx.case)[1],
        ("Amina Hassan".into(), "witness".into())
    );
}

#[test]
fn an_organisation_from_the_directory_and_a_new_one() {
    let (_tmp, dir, mut h, fx) = with_directory();
    // From the directory: typing narrows it.
    h.keys("lorg<enter>met<enter><tab>police<enter>");
    assert_eq!(
        status_text(&h),
        "Metropolitan Police linked as police force",
        "{}",
        h.screen()
    );
    // Too long for one line with the people: a line of its own.
    let screen = h.screen();
    assert!(
        screen.contains("│ Orgs: Metropolitan Police (police force)  "),
        "{screen}"
    );
    // A new one: its kind starts from its role, and Enter keeps it.
    h.keys("lorg<enter><tab>Tiffin Girls' School<tab>school<enter>");
    let screen = h.screen();
    assert!(screen.contains("(•) School"), "{screen}");
    snap!("link_new_organisation", screen);
    h.keys("<enter>");
    assert_eq!(
        status_text(&h),
        "Tiffin Girls' School linked as school",
        "{}",
        h.screen()
    );
    close(h);
    let linked = links(&dir, fx.case);
    assert_eq!(
        linked[1..],
        [
            ("Metropolitan Police".into(), "police_force".into()),
            ("Tiffin Girls' School".into(), "school".into())
        ]
    );
    let svc = service_free(&dir);
    let school = svc
        .organisations()
        .map(|o| o.unwrap())
        .find(|o| o.name == "Tiffin Girls' School")
        .expect("in the directory now");
    assert_eq!(school.kind, "school");
}

#[test]
fn a_link_is_removed_from_the_same_dialog() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    h.keys("l<enter><tab>J. Smith<tab>alleged<enter>");
    h.keys("lremove<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("( ) J. Smith (alleged perpetrator)"),
        "{screen}"
    );
    h.keys("smith<enter>");
    assert_eq!(
        status_text(&h),
        "J. Smith no longer linked as alleged perpetrator",
        "{}",
        h.screen()
    );
    let screen = h.screen();
    assert!(
        screen.contains("People: Amina Hassan (complainant or victim)  "),
        "{screen}"
    );
    close(h);
    assert_eq!(links(&dir, fx.case).len(), 1);
}

#[test]
fn saying_nothing_is_marked_on_the_fields() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    h.keys("l<C-s>");
    let screen = h.screen();
    assert!(
        screen.contains("! choose someone or type a name"),
        "{screen}"
    );
    assert!(
        screen.contains("! choose their part in the case"),
        "{screen}"
    );
    assert_eq!(h.app.top_title(), "Link to the case");
    // Linking the client again in the role she has is refused on the role.
    h.keys("<S-tab><enter><tab>complainant<enter>");
    assert!(
        h.screen().contains("! is already theirs on this case"),
        "{}",
        h.screen()
    );
    h.keys("<esc>");
    close(h);
    assert_eq!(links(&dir, fx.case).len(), 1);
}

#[test]
fn the_header_keeps_to_one_line_however_many_are_linked() {
    let (_tmp, _dir, mut h, _fx) = with_directory();
    for (name, role) in [
        ("J. Smith", "alleged"),
        ("Farah Hassan", "family"),
        ("Mr Okonkwo", "witness"),
    ] {
        h.keys(&format!("l<enter><tab>{name}<tab>{role}<enter>"));
    }
    h.keys("lorg<enter>met<enter><tab>police<enter>");
    let screen = h.screen();
    let people = screen
        .lines()
        .find(|l| l.contains("People: "))
        .unwrap_or_else(|| panic!("the people line:\n{screen}"));
    assert!(people.ends_with("…│"), "cut to the box:\n{screen}");
    assert!(
        screen.contains("│ Orgs: Metropolitan Police (police force)"),
        "the organisations keep a line:\n{screen}"
    );
    assert!(
        screen.contains("Timeline: 8 entries"),
        "the timeline keeps its place:\n{screen}"
    );
    snap!("case_screen_with_links", screen);
}
