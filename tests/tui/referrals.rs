//! Referrals from the keyboard: a referral out from a case (the form, the case's
//! referrals, the summary read before sending, sending it), the consent gate as the
//! screen meets it, signposting in one key, and the referrals screen from home with
//! its filters. Key sequences checked against what the service then holds, and
//! snapshots at 80x24.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::{Direction, ReferralStatus};
use caseline::ui::testing::Harness;

/// Amina's case with Citizens Advice Kingston in the directory, open on its screen.
pub(crate) fn with_directory() -> (tempfile::TempDir, std::path::PathBuf, Harness, Fixture) {
    amina_with_organisation("Citizens Advice Kingston", "citizens_advice")
}

/// R on the case, the organisation from the directory by typing, the kind, the
/// reason, what is shared, and (when `consent`) the client's verbal consent.
pub(crate) fn draft_a_referral(h: &mut Harness, consent: bool) {
    h.keys("R");
    assert_eq!(h.app.top_title(), "Start a referral", "{}", h.screen());
    h.keys("<tab>citizens<enter><tab>citizens<enter>");
    h.keys("Debt advice after the move<tab>Name and safe contact<tab>");
    if consent {
        h.keys("verbal<enter><tab>Her address");
    }
    h.keys("<C-s>");
    assert_eq!(
        status_text(h),
        "Referral drafted: v lists the case's referrals, m sends it",
        "{}",
        h.screen()
    );
}

#[test]
fn a_referral_out_from_a_case_is_drafted_read_and_sent() {
    let (_tmp, dir, mut h, fx) = with_directory();
    h.keys("R<tab>citizens<enter><tab>citizens<enter>");
    h.keys("Debt advice after the move<tab>Name and safe contact<tab>verbal<enter>");
    snap!("referral_form", h.screen());
    h.keys("<tab>Her address<C-s>");
    assert!(
        status_text(&h).starts_with("Referral drafted"),
        "{}",
        h.screen()
    );
    // The case's referrals, then the summary that is sent.
    h.keys("v");
    assert_eq!(h.app.top_title(), "Referrals of the case");
    let screen = h.screen();
    assert!(
        screen.contains("> Draft      out  Citizens Advice Kingston"),
        "{screen}"
    );
    snap!("case_referrals", screen);
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Referral summary");
    let screen = h.screen();
    assert!(
        screen.contains("Client            Amina Hassan"),
        "{screen}"
    );
    assert!(
        !screen.contains("spat at her"),
        "the narrative stays home: {screen}"
    );
    snap!("referral_summary", screen);
    h.keys("<pagedown>");
    let screen = h.screen();
    assert!(
        screen.contains("Withheld at the client's request:"),
        "{screen}"
    );
    assert!(screen.contains("Her address"), "{screen}");
    assert!(
        !screen.contains("spat at her"),
        "the narrative stays home: {screen}"
    );
    // Sending a draft shows the summary first; yes goes on to the status dialog.
    h.keys("<esc>m");
    assert_eq!(h.app.top_title(), "Before sending", "{}", h.screen());
    assert!(h.screen().contains("What is sent:"), "{}", h.screen());
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Change the referral's status");
    h.keys("sent<enter><C-s>");
    assert_eq!(
        status_text(&h),
        "The referral is now sent",
        "{}",
        h.screen()
    );
    assert!(
        h.screen()
            .contains("Sent       out  Citizens Advice Kingston · 0 day(s) waiting"),
        "{}",
        h.screen()
    );
    close(h);
    let svc = service_free(&dir);
    let r = svc.referrals().next().unwrap().unwrap();
    assert_eq!(r.case, fx.case);
    assert_eq!(r.direction, Direction::Outgoing);
    assert_eq!(r.status, ReferralStatus::Sent);
    assert_eq!(r.reason, "Debt advice after the move");
    let consent = r.consent.as_ref().expect("consent recorded");
    assert_eq!(consent.given_by, "the client");
    assert_eq!(consent.withheld, "Her address");
    assert_eq!(consent.recipients, ["citizens_advice"]);
    let chase = svc.follow_up(r.chase.expect("a chase")).unwrap();
    assert_eq!(chase.due, day(22) + chrono::Duration::days(14));
}

#[test]
fn without_consent_the_referral_is_not_sent_and_the_dialog_says_why() {
    let (_tmp, dir, mut h, _fx) = with_directory();
    draft_a_referral(&mut h, false);
    h.keys("v");
    assert!(h.screen().contains("· no consent"), "{}", h.screen());
    h.keys("m<enter>sent<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("! No consent recorded for this kind of agency"),
        "{screen}"
    );
    h.keys("<C-s>");
    assert!(
        status_text(&h).contains("cannot be sent without the client's recorded consent"),
        "{}",
        status_text(&h)
    );
    assert_eq!(h.app.top_title(), "Change the referral's status");
    close(h);
    let svc = service_free(&dir);
    let r = svc.referrals().next().unwrap().unwrap();
    assert_eq!(r.status, ReferralStatus::Draft);
}

#[test]
fn signposting_is_one_key_and_tracks_nothing() {
    let (_tmp, dir, mut h, _fx) = with_directory();
    h.keys("P");
    assert_eq!(h.app.top_title(), "Signpost the client", "{}", h.screen());
    // The directory first, then a kind of agency: no organisation is named.
    h.keys("<tab><tab>acas<enter>Early conciliation before a claim<C-s>");
    assert_eq!(
        status_text(&h),
        "Signposting recorded on the timeline",
        "{}",
        h.screen()
    );
    assert!(h.screen().contains("Signposted to ACAS"), "{}", h.screen());
    close(h);
    let svc = service_free(&dir);
    let r = svc.referrals().next().unwrap().unwrap();
    assert_eq!(r.status, ReferralStatus::Signposted);
    assert_eq!(r.chase, None);
}

#[test]
fn the_referrals_screen_lists_by_status_filters_and_opens_the_case() {
    let (_tmp, _dir, mut h, _fx) = with_directory();
    draft_a_referral(&mut h, true);
    h.keys("vm<enter>sent<enter><C-s><esc>");
    draft_a_referral(&mut h, false);
    h.keys("<C-g>");
    assert!(h.screen().contains("Referrals"), "{}", h.screen());
    h.keys("x");
    assert_eq!(h.app.top_title(), "Referrals", "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains("2 referrals · open · in and out · every organisation"),
        "{screen}"
    );
    assert!(
        screen.contains("Open: 1 sent · 0 accepted · 1 draft"),
        "{screen}"
    );
    snap!("referrals_screen", screen);
    // Sent first (awaiting an answer), then the draft.
    let sent = screen.find("Sent").unwrap();
    let draft = screen.rfind("Draft").unwrap();
    assert!(sent < draft, "{screen}");
    // The draft (second): sending it from here shows its summary first too.
    h.keys("<down>m");
    assert_eq!(h.app.top_title(), "Before sending", "{}", h.screen());
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Change the referral's status");
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Referrals");
    h.keys("s");
    assert!(
        h.screen().contains("1 referral · sent only"),
        "{}",
        h.screen()
    );
    h.keys("ssd");
    assert!(
        h.screen().contains("1 referral · draft only · out only"),
        "{}",
        h.screen()
    );
    h.keys("d");
    assert!(h.screen().contains("0 referrals · draft only · in only"));
    h.keys("d<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001", "{}", h.screen());
}

#[test]
fn an_incoming_referral_opens_an_intake_with_its_source_filled_in() {
    let (_tmp, _dir, mut h, _fx) = with_directory();
    h.keys("<C-g>x");
    h.keys("i");
    assert_eq!(h.app.top_title(), "Incoming referral", "{}", h.screen());
    h.keys("Kingston Police<tab>police<enter>MPS-2026-118<C-s>");
    let screen = h.screen();
    assert_eq!(
        status_text(&h),
        "Intake started with where the referral came from",
        "{screen}"
    );
    assert_eq!(h.app.top_title(), "New intake");
    assert!(
        screen.contains("Caller                         An agency referring them"),
        "{screen}"
    );
    assert!(
        screen.contains("Referred by                    Police"),
        "{screen}"
    );
    snap!("incoming_referral_intake", screen);
    // The narrative opens with who referred, their reference and the day received.
    let mut found = false;
    for _ in 0..6 {
        h.keys("<pagedown>");
        if h.screen()
            .contains("Referred by Kingston Police (their reference MPS-2026-118)")
        {
            found = true;
            break;
        }
    }
    assert!(found, "{}", h.screen());
}
