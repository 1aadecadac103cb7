//! Another worker's changes reaching more screens (see `notices.rs`): the referrals
//! screen and a case's referrals over its screen, and the users an administrator
//! manages.

use caseline::domain::{Direction, Role};
use caseline::service::api::wire::Notice;
use caseline::service::{Client, NewReferral, NewUser, OrganisationRef};
use caseline::ui::msg::{Msg, Reply};
use caseline::ui::testing::Harness;

use crate::referrals::{draft_a_referral, with_directory};
use crate::tui_case_util::*;

fn notice(h: &mut Harness, notices: &[Notice]) {
    for n in notices {
        h.send(Msg::Reply(Reply::Changed(n.clone())));
    }
}

/// A referral to a law centre drafted on Amina's case by another worker, with what
/// the server tells the others after it.
fn law_centre(h: &mut Harness, client: &Client, fx: &Fixture) {
    let referral = NewReferral {
        case: fx.case,
        direction: Direction::Outgoing,
        organisation: Some(OrganisationRef::New {
            name: "Kingston Law Centre".into(),
            kind: "citizens_advice".into(),
        }),
        agency_kind: "citizens_advice".into(),
        on: day(22),
        reason: "Advice on a claim".into(),
        shared: "Name and safe contact".into(),
        their_reference: None,
        consent: None,
        signpost: false,
    };
    client.start_referral(referral).unwrap();
    notice(
        h,
        &[Notice::Case(fx.case), Notice::FollowUps, Notice::Directory],
    );
}

#[test]
fn a_cases_referrals_and_the_referrals_screen_follow_another_workers_referral() {
    let (_tmp, _dir, mut h, fx) = with_directory();
    draft_a_referral(&mut h, true);
    let client = h.client();
    // The case's referrals, over the case.
    h.keys("v");
    assert_eq!(h.app.top_title(), "Referrals of the case", "{}", h.screen());
    assert!(!h.screen().contains("Kingston Law Centre"));
    law_centre(&mut h, &client, &fx);
    assert!(h.screen().contains("Kingston Law Centre"), "{}", h.screen());
    // The referrals screen, with the help over it.
    h.keys("<esc><C-g>x");
    assert_eq!(h.app.top_title(), "Referrals", "{}", h.screen());
    assert!(h.screen().contains("2 referrals"), "{}", h.screen());
    h.keys("<F1>");
    law_centre(&mut h, &client, &fx);
    h.keys("<esc>");
    let screen = h.screen();
    assert!(screen.contains("3 referrals"), "{screen}");
}

#[test]
fn the_users_screen_follows_another_administrators_change() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    h.keys("U");
    assert_eq!(h.app.top_title(), "Users", "{}", h.screen());
    let ben = NewUser {
        login: "ben".into(),
        display_name: "Ben Adeyemi".into(),
        role: Role::Caseworker,
        centre: None,
    };
    h.client().add_user(ben, "another long passphrase").unwrap();
    assert!(!h.screen().contains("Ben Adeyemi"));
    h.keys("<F1>");
    notice(&mut h, &[Notice::Setup]);
    h.keys("<esc>");
    let screen = h.screen();
    assert!(screen.contains("Ben Adeyemi"), "{screen}");
}
