//! `caseline keymap check|show`, and what the interface does with a bad user keymap.

use std::process::Command;

use caseline::keymap::Keymap;
use caseline::ui::app::{App, Start};
use caseline::ui::theme::Theme;

fn caseline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caseline"))
        .args(args)
        .env_remove("CASELINE_KEYMAP")
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

#[test]
fn shipped_keymaps_pass_the_command_line_check() {
    for file in ["keymaps/default.toml", "keymaps/vi.toml"] {
        let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
        let out = caseline(&["keymap", "check", &path]);
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn a_bad_keymap_is_reported_with_file_and_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.toml");
    std::fs::write(
        &path,
        "[list]\n\"x\" = \"down\"\n\"z\" = \"explode\"\n[form]\n\"q\" = \"save\"\n",
    )
    .unwrap();
    let out = caseline(&["keymap", "check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("{}:3: unknown action `explode`", path.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}:5: `q` types text", path.display())),
        "{text}"
    );
    let missing = caseline(&["keymap", "check", "/nonexistent/keymap.toml"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn show_lists_every_section_and_binding() {
    let out = caseline(&["keymap", "show"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for section in ["[global]", "[list]", "[form]", "[dialog]"] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    assert!(text.contains("C-s") && text.contains("save"), "{text}");
}

#[test]
fn the_interface_says_when_it_falls_back_to_the_default_keymap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.toml");
    std::fs::write(&path, "[form]\n\"C-s\" = \"explode\"\n").unwrap();
    let (keymap, problems) = Keymap::load(Some(&path));
    assert_eq!(keymap, Keymap::builtin());
    let warnings: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let app = App::new(keymap, Theme { colour: false }, Start::Setup, warnings);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    term.draw(|f| app.view(f, now)).unwrap();
    let screen: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains("Keymap: 1 problem(s), default keys in use"),
        "{screen}"
    );
    assert!(screen.contains("caseline keymap check"), "{screen}");
}
