//! Random key sequences never break the interface: whatever is typed, pasted or
//! resized, `update` does not panic, every frame can be drawn at any size, and nothing
//! drawn holds a raw control character.

use std::path::Path;

use crate::tui_util::*;
use caseline::keymap::{Action, Context, Keymap};
use caseline::ui::msg::Msg;
use caseline::ui::testing::{Harness, event_for, parse_keys};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One thing that can happen to the interface.
#[derive(Debug, Clone)]
enum Input {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The program stops (keeping the draft) and is started again, signed in again.
    Restart,
}

/// Characters a worker (or a cat on the keyboard) might type: ASCII, accented Latin,
/// wide CJK, right-to-left Arabic, combining marks, emoji, joiners, and a few the
/// terminal should never send but might.
const CHARS: &[char] = &[
    'a', 'e', 'k', 'm', 'n', 'r', 'u', 'y', 'z', 'A', 'K', 'N', 'Y', '0', '1', '3', '9', ' ', ' ',
    ' ', '/', ':', '?', '<', '>', '-', '.', ',', '\'', '"', '[', ']', '~', 'é', 'ß', 'ł', 'ğ',
    '王', '秀', '英', '한', 'م', 'ح', 'د', 'ש', '\u{301}', '\u{308}', '\u{200D}', '\u{200F}',
    '\u{202E}', '👍', '🏽', '\u{FE0F}', '\t', '\u{1b}', '\u{7}', '\u{0}', '\u{7f}', '\u{9b}',
];

/// Named keys, whatever they are bound to.
const NAMED: &[&str] = &[
    "<tab>",
    "<S-tab>",
    "<enter>",
    "<esc>",
    "<up>",
    "<down>",
    "<pageup>",
    "<pagedown>",
    "<backspace>",
    "<del>",
    "<left>",
    "<right>",
    "<home>",
    "<end>",
    "<F1>",
    "<ins>",
    "<C-u>",
    "<A-b>",
    "<C-a>",
    "<C-e>",
];

/// Sizes to resize to: the minimum, one short either way, tiny, and big.
const SIZES: &[(u16, u16)] = &[
    (80, 24),
    (80, 24),
    (79, 24),
    (80, 23),
    (1, 1),
    (10, 3),
    (0, 0),
    (200, 60),
    (120, 40),
    (81, 25),
];

/// Every key the built-in keymap binds, in any section, but the ones that quit: those
/// come rarely, so that runs spend their keys on the screens rather than on starting
/// again. (`q` is left out of the typed characters for the same reason: on a list
/// screen it quits.)
fn bound_keys() -> Vec<KeyEvent> {
    let keymap = Keymap::builtin();
    let mut keys: Vec<KeyEvent> = Context::ALL
        .iter()
        .flat_map(|c| keymap.section(*c))
        .filter(|(_, a)| *a != Action::Quit)
        .map(|(k, _)| event_for(k))
        .collect();
    keys.dedup();
    keys
}

/// The keys that quit somewhere.
fn quit_keys() -> Vec<KeyEvent> {
    let keymap = Keymap::builtin();
    Context::ALL
        .iter()
        .flat_map(|c| keymap.section(*c))
        .filter(|(_, a)| *a == Action::Quit)
        .map(|(k, _)| event_for(k))
        .collect()
}

fn named_keys() -> Vec<KeyEvent> {
    NAMED.iter().flat_map(|n| parse_keys(n)).collect()
}

fn input(restarts: bool) -> impl Strategy<Value = Input> {
    let bound = bound_keys();
    let quit = quit_keys();
    let named = named_keys();
    let typed = proptest::sample::select(CHARS).prop_map(|c| {
        let shift = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        Input::Key(KeyEvent::new(KeyCode::Char(c), shift))
    });
    let paste = proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(CHARS).prop_map(String::from),
            1 => Just("\n".to_string()),
            1 => Just("\r\n".to_string()),
            1 => Just("Mohammed Khan ".to_string()),
            1 => Just("31/02 ".to_string()),
        ],
        0..20,
    )
    .prop_map(|parts| Input::Paste(parts.concat()));
    prop_oneof![
        120 => typed,
        60 => proptest::sample::select(named).prop_map(Input::Key),
        60 => proptest::sample::select(bound).prop_map(Input::Key),
        10 => paste,
        10 => proptest::sample::select(SIZES).prop_map(|(w, h)| Input::Resize(w, h)),
        if restarts { 3 } else { 0 } => Just(Input::Restart),
        1 => proptest::sample::select(quit).prop_map(Input::Key),
    ]
}

/// Stops the program as quitting does (the draft is kept) and starts it again, signed in.
fn restart(h: &mut Harness, dir: &Path) {
    h.shut_down();
    *h = Harness::new(dir, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
}

fn apply(h: &mut Harness, i: &Input, dir: &Path) {
    match i {
        Input::Key(ev) => h.send(Msg::Key(*ev)),
        Input::Paste(text) => h.send(Msg::Paste(text.clone())),
        Input::Resize(w, hh) => h.resize(*w, *hh),
        Input::Restart => restart(h, dir),
    }
}

/// Draws, and checks the frame: one line per row, nothing that a terminal would act on.
fn check_frame(h: &mut Harness, height: u16) -> Result<(), TestCaseError> {
    let screen = h.screen();
    prop_assert_eq!(screen.lines().count(), height as usize, "{}", screen);
    prop_assert!(
        !screen.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached the screen: {:?}",
        screen
    );
    Ok(())
}

/// Feeds `inputs`, checking every frame. After quitting, the program is started again
/// when `signed_in` (so a run goes on past the Quit row of home), else the run ends.
fn run(
    h: &mut Harness,
    inputs: &[Input],
    dir: &Path,
    signed_in: bool,
) -> Result<(), TestCaseError> {
    let mut height = 24;
    for i in inputs {
        apply(h, i, dir);
        match i {
            Input::Resize(_, hh) => height = *hh,
            Input::Restart => height = 24,
            _ => {}
        }
        if h.app.quitting() {
            if !signed_in {
                break;
            }
            restart(h, dir);
            height = 24;
        }
        check_frame(h, height)?;
    }
    Ok(())
}

/// A fixed seed, so every run tries the same sequences; set `CASELINE_TUI_SEED` to a
/// number to explore others.
fn config(cases: u32) -> ProptestConfig {
    let seed = std::env::var("CASELINE_TUI_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x0ca5e11e);
    ProptestConfig {
        cases,
        max_shrink_iters: 200,
        rng_seed: RngSeed::Fixed(seed),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Signed in, with one person on file so that typed names find matches.
    #[test]
    fn signed_in_the_interface_survives_anything(
        inputs in proptest::collection::vec(input(true), 1..200)
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        init_store(&dir);
        let svc = service(&dir);
        record(&svc, caller("Mohammed", "Khan", "07700 900456"), "market", "Abuse.");
        close_service(svc);
        let mut h = unlock(&dir);
        let result = run(&mut h, &inputs, &dir, true);
        h.shut_down();
        result?;
    }
}

proptest! {
    #![proptest_config(config(16))]

    /// The first-run setup and the unlock screen, before anyone is signed in.
    #[test]
    fn before_signing_in_the_interface_survives_anything(
        store in any::<bool>(),
        inputs in proptest::collection::vec(input(false), 1..120)
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        if store {
            init_store(&dir);
        }
        let mut h = Harness::new(&dir, 80, 24);
        let result = run(&mut h, &inputs, &dir, false);
        h.shut_down();
        result?;
    }
}
