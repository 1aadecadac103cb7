//! A referral's summary written to a text file from the preview before sending: the
//! file named by the worker, private to them, never replacing another unless they say.

use std::os::unix::fs::PermissionsExt;

use crate::referrals::{draft_a_referral, with_directory};
use crate::tui_case_util::*;
use crate::tui_util::*;

#[test]
fn the_summary_before_sending_is_written_to_a_file_the_worker_names() {
    let (tmp, _dir, mut h, _fx) = with_directory();
    draft_a_referral(&mut h, true);
    h.keys("vm");
    assert_eq!(h.app.top_title(), "Before sending", "{}", h.screen());
    h.keys("w");
    assert_eq!(h.app.top_title(), "Write the summary to a file");
    let file = tmp.path().join("summary.txt");
    h.keys(&file.display().to_string());
    // The temporary directory differs from run to run.
    let mut filters = filters();
    filters.push((
        regex_escape(&tmp.path().display().to_string()),
        "TMP".into(),
    ));
    insta::with_settings!({filters => as_pairs(&filters)}, {
        insta::assert_snapshot!("referral_summary_file_dialog", h.screen());
    });
    h.keys("<C-s>");
    assert_eq!(h.app.top_title(), "Before sending", "{}", h.screen());
    assert!(
        status_text(&h).starts_with("Summary written to"),
        "{}",
        h.screen()
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Client            Amina Hassan"), "{text}");
    assert!(
        !text.contains("spat at her"),
        "the narrative stays home: {text}"
    );
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    // Again to the same name: refused at the field until the worker says to replace it.
    std::fs::write(&file, "kept").unwrap();
    h.keys("w");
    h.keys(&file.display().to_string());
    h.keys("<C-s>");
    assert_eq!(h.app.top_title(), "Write the summary to a file");
    assert!(h.screen().contains("is there already"), "{}", h.screen());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
    h.keys("<tab>yes<enter><C-s>");
    assert_eq!(h.app.top_title(), "Before sending", "{}", h.screen());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Amina Hassan")
    );
    // Still before sending: yes goes on to the status dialog as before.
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Change the referral's status");
    close(h);
}

/// `text` matched literally in a snapshot filter.
fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '.' | '+' | '(' | ')' | '[' | ']' | '*' | '?' | '\\' | '$' | '^' => {
                format!("\\{c}")
            }
            c => c.to_string(),
        })
        .collect()
}
