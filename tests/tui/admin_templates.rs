//! The letter templates on screen (`T` from an administrator's home): the list of
//! built-in and added templates, one read in full, one added, one changed in the
//! dialog's editor and in the worker's own; a template that does not render is
//! refused with its name and line and nothing is saved; not offered to others.

use crate::tui_admin_util::*;
use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::Role;
use caseline::service::TemplateOrigin;
use caseline::ui::testing::Harness;

fn on_templates() -> (tempfile::TempDir, std::path::PathBuf, Harness) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let mut h = unlock_free(&dir);
    assert!(h.screen().contains("Letter templates"), "{}", h.screen());
    h.keys("T");
    assert_eq!(h.app.top_title(), "Letter templates");
    (tmp, dir, h)
}

#[test]
fn t_lists_the_templates_and_enter_reads_one() {
    let (_tmp, _dir, mut h) = on_templates();
    let screen = h.screen();
    assert!(screen.contains("> housing-complaint"), "{screen}");
    assert!(screen.contains("employer-grievance"), "{screen}");
    assert!(screen.contains("built in"), "{screen}");
    snap!("templates_list", screen);
    h.keys("<down><enter>");
    assert_eq!(h.app.top_title(), "Letter template");
    let screen = h.screen();
    assert!(
        screen.contains("(employer-grievance) · built in"),
        "{screen}"
    );
    assert!(screen.contains("{{ recipient.greeting }}"), "{screen}");
    h.keys("<esc><esc>");
    assert_eq!(h.app.top_title(), "Home");
}

#[test]
fn a_template_is_added_and_a_broken_change_is_refused_by_line() {
    let (_tmp, dir, mut h) = on_templates();
    h.keys("a");
    assert_eq!(h.app.top_title(), "Add a letter template");
    h.keys("chaser<tab>A reminder<tab>");
    h.keys("<C-end>We wrote about case {{ case.reference }}.<C-s>");
    assert_eq!(status_text(&h), "Template chaser added");
    assert_eq!(h.app.top_title(), "Letter templates");
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("chaser")).unwrap_or("");
    assert!(
        row.contains("A reminder") && row.contains("added"),
        "{screen}"
    );
    // Changed: a field no letter has, on its third line.
    h.keys("<end>e");
    assert_eq!(h.app.top_title(), "Change the template chaser");
    h.keys("<tab><C-end><enter>{{ recipient.nmae }}<C-s>");
    assert_eq!(h.app.top_title(), "Change the template chaser");
    let screen = h.screen();
    assert!(screen.contains("template \"chaser\", line 4"), "{screen}");
    assert!(screen.contains("recipient.nmae"), "{screen}");
    snap!("template_refused", screen);
    h.keys("<esc>");
    close(h);
    let svc = service_free(&dir);
    let kept = svc.template("chaser").unwrap();
    assert_eq!(kept.origin, TemplateOrigin::Added);
    assert_eq!(kept.title, "A reminder");
    assert_eq!(
        kept.body,
        "Dear {{ recipient.greeting }},\n\nWe wrote about case {{ case.reference }}."
    );
    close_service(svc);
}

#[test]
fn a_built_in_template_is_changed_in_the_workers_own_editor() {
    let (tmp, dir, mut h) = on_templates();
    let seen = tmp.path().join("seen");
    h.editor = Some(format!(
        "sh -c 'stat -c %a \"$1\" > {0}; echo \"$1\" >> {0}; echo With our thanks. >> \"$1\"' x",
        seen.display()
    ));
    h.keys("e");
    assert_eq!(h.app.top_title(), "Change the template housing-complaint");
    assert!(h.screen().contains("C-x editor"), "{}", h.screen());
    h.keys("<C-x>");
    assert_eq!(status_text(&h), "The template is as your editor left it");
    let noted = std::fs::read_to_string(&seen).unwrap();
    let mut lines = noted.lines();
    assert_eq!(lines.next(), Some("600"), "the file was private");
    let file = lines.next().unwrap();
    assert!(!std::path::Path::new(file).exists(), "{file} left behind");
    h.keys("<C-s>");
    assert_eq!(status_text(&h), "Template housing-complaint changed");
    assert!(h.screen().contains("edited"), "{}", h.screen());
    close(h);
    let svc = service_free(&dir);
    let kept = svc.template("housing-complaint").unwrap();
    assert_eq!(kept.origin, TemplateOrigin::Edited);
    assert!(kept.body.ends_with("With our thanks."), "{}", kept.body);
    close_service(svc);
}

#[test]
fn templates_are_not_offered_to_a_caseworker() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    add(&dir, "sam", "Sam Okafor", Role::Caseworker);
    let mut h = sign_in_as(&dir, "sam");
    assert!(!h.screen().contains("Letter templates"), "{}", h.screen());
    h.keys("T");
    assert_eq!(h.app.top_title(), "Home");
    assert_eq!(status_text(&h), "That is for administrators");
}
