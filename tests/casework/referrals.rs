//! Referrals through the service: every status move the table allows and none it does
//! not, each a timeline entry and an audit entry; the consent gate on sending as each
//! role, with an administrator's override in the audit log; the chase follow-up made
//! on sending and cancelled by the answer; the summary that travels; the referrals
//! view; what an incoming referral brings to an intake.

use caseline::Error;
use caseline::domain::referral::MOVES;
use caseline::domain::{Direction, FollowUpState, ReferralStatus, Subject};
use caseline::service::ReferralMove;
use caseline::service::views::ReferralQuery;
use chrono::Duration;

use crate::casework_support::assert_conflict;
use crate::common;
use crate::referrals_support::{audit_details, desk, entries_of, out, to};

/// The moves from a draft that reach `status` (every status but signposting has one).
fn path_to(status: ReferralStatus) -> Vec<ReferralStatus> {
    use ReferralStatus::*;
    match status {
        Draft => vec![],
        Sent => vec![Sent],
        Accepted => vec![Sent, Accepted],
        Declined => vec![Sent, Declined],
        Completed => vec![Sent, Accepted, Completed],
        Withdrawn => vec![Withdrawn],
        Expired => vec![Sent, Expired],
        Signposted => unreachable!("signposting is recorded as it is"),
    }
}

#[test]
fn every_move_in_the_table_works_and_every_other_is_refused() {
    let d = desk();
    for from in ReferralStatus::ALL {
        for target in ReferralStatus::ALL {
            let id = if from == ReferralStatus::Signposted {
                let mut req = out(d.case, false);
                req.signpost = true;
                d.cas.start_referral(req).unwrap()
            } else {
                let id = d.cas.start_referral(out(d.case, true)).unwrap();
                for step in path_to(from) {
                    d.cas.move_referral(id, to(step)).unwrap();
                }
                id
            };
            assert_eq!(d.cas.referral(id).unwrap().status, from);
            let before = entries_of(&d.cas, d.case, id).len();
            let result = d.cas.move_referral(id, to(target));
            let after = d.cas.referral(id).unwrap();
            if MOVES.contains(&(from, target)) {
                result.unwrap_or_else(|e| panic!("{from:?} -> {target:?}: {e}"));
                assert_eq!(after.status, target);
                let texts = entries_of(&d.cas, d.case, id);
                assert_eq!(texts.len(), before + 1, "{from:?} -> {target:?}");
                assert!(
                    texts[before].contains(&target.label().to_lowercase()),
                    "{}",
                    texts[before]
                );
                let (who, detail) = &audit_details(&d.admin, 1)[0];
                assert_eq!(who.as_deref(), Some("cas"));
                assert_eq!(
                    detail,
                    &format!("referral {} -> {}", from.name(), target.name())
                );
            } else {
                assert_conflict(result.unwrap_err());
                assert_eq!(after.status, from, "{from:?} -> {target:?} left it alone");
                assert_eq!(entries_of(&d.cas, d.case, id).len(), before);
            }
        }
    }
}

#[test]
fn declining_needs_the_reason_and_completing_the_outcome() {
    let d = desk();
    let bare = |status| ReferralMove {
        note: "  ".into(),
        ..to(status)
    };
    let declined = d.cas.start_referral(out(d.case, true)).unwrap();
    let completed = d.cas.start_referral(out(d.case, true)).unwrap();
    for id in [declined, completed] {
        d.cas.move_referral(id, to(ReferralStatus::Sent)).unwrap();
    }
    d.cas
        .move_referral(completed, to(ReferralStatus::Accepted))
        .unwrap();
    for (id, status) in [
        (declined, ReferralStatus::Declined),
        (completed, ReferralStatus::Completed),
    ] {
        let e = d.cas.move_referral(id, bare(status)).unwrap_err();
        crate::casework_support::assert_invalid(e, "outcome");
        assert_ne!(d.cas.referral(id).unwrap().status, status);
        d.cas.move_referral(id, to(status)).unwrap();
        assert_eq!(
            d.cas.referral(id).unwrap().outcome,
            "Their list is full until March."
        );
    }
    let texts = entries_of(&d.cas, d.case, declined);
    assert!(
        texts
            .last()
            .unwrap()
            .ends_with("declined: Their list is full until March.")
    );
}

#[test]
fn a_volunteer_neither_starts_nor_moves_referrals_and_sees_only_their_reach() {
    let d = desk();
    let e = d.vic.start_referral(out(d.vic_case, true)).unwrap_err();
    assert!(matches!(e, Error::NotPermitted(_)), "{e:?}");
    // A caseworker refers from the volunteer's case and from their own.
    let theirs = d.cas.start_referral(out(d.vic_case, true)).unwrap();
    let other = d.cas.start_referral(out(d.case, true)).unwrap();
    let e = d
        .vic
        .move_referral(theirs, to(ReferralStatus::Sent))
        .unwrap_err();
    assert!(matches!(e, Error::NotPermitted(_)), "{e:?}");
    assert_eq!(
        d.cas.referral(theirs).unwrap().status,
        ReferralStatus::Draft
    );
    // The volunteer sees the referral on their case, and not the other.
    let seen: Vec<_> = d
        .vic
        .referrals_view(&ReferralQuery::default())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(seen, vec![theirs]);
    assert!(matches!(d.vic.referral(other), Err(Error::NotPermitted(_))));
    assert!(d.vic.referral_summary(other).is_err());
}

#[test]
fn a_caseworker_cannot_send_without_consent_for_that_kind_of_agency() {
    let d = desk();
    let id = d.cas.start_referral(out(d.case, false)).unwrap();
    let e = d
        .cas
        .move_referral(id, to(ReferralStatus::Sent))
        .unwrap_err();
    assert_conflict(e);
    // Asking to override is an administrator's decision.
    let forced = ReferralMove {
        override_reason: Some("Risk to life: police must know.".into()),
        ..to(ReferralStatus::Sent)
    };
    let e = d.cas.move_referral(id, forced).unwrap_err();
    assert!(matches!(e, Error::NotPermitted(_)), "{e:?}");
    // Consent to share with the police does not cover Citizens Advice.
    d.cas
        .record_referral_consent(id, common::consent_to("police"))
        .unwrap();
    assert_conflict(
        d.cas
            .move_referral(id, to(ReferralStatus::Sent))
            .unwrap_err(),
    );
    assert_eq!(d.cas.referral(id).unwrap().status, ReferralStatus::Draft);
    // With consent for its kind it goes.
    d.cas
        .record_referral_consent(id, common::consent_to("citizens_advice"))
        .unwrap();
    d.cas.move_referral(id, to(ReferralStatus::Sent)).unwrap();
    let r = d.cas.referral(id).unwrap();
    assert_eq!(r.status, ReferralStatus::Sent);
    assert_eq!(r.consent_override, None);
    // Once sent, the consent it went with stays as it was.
    let later = d
        .cas
        .record_referral_consent(id, common::consent_to("police"))
        .unwrap_err();
    assert_conflict(later);
    assert_eq!(d.cas.referral(id).unwrap().consent, r.consent);
}

#[test]
fn an_administrator_overrides_the_gate_only_with_a_reason_and_the_audit_log_keeps_it() {
    let d = desk();
    let id = d.admin.start_referral(out(d.case, false)).unwrap();
    // Without a reason, even an administrator is refused.
    assert_conflict(
        d.admin
            .move_referral(id, to(ReferralStatus::Sent))
            .unwrap_err(),
    );
    let blank = ReferralMove {
        override_reason: Some("   ".into()),
        ..to(ReferralStatus::Sent)
    };
    assert_conflict(d.admin.move_referral(id, blank).unwrap_err());
    let forced = ReferralMove {
        override_reason: Some("Risk to life: the client cannot be reached.".into()),
        ..to(ReferralStatus::Sent)
    };
    d.admin.move_referral(id, forced).unwrap();
    let r = d.admin.referral(id).unwrap();
    assert_eq!(r.status, ReferralStatus::Sent);
    let o = r.consent_override.expect("the override is on the referral");
    assert_eq!(o.by, d.admin.actor().id);
    assert_eq!(o.reason, "Risk to life: the client cannot be reached.");
    let (who, detail) = &audit_details(&d.admin, 1)[0];
    assert_eq!(who.as_deref(), Some("admin"));
    assert_eq!(
        detail,
        "referral draft -> sent; consent gate overridden: Risk to life: the client cannot be reached."
    );
    let texts = entries_of(&d.admin, d.case, id);
    assert!(texts.last().unwrap().contains("without recorded consent"));
    assert!(
        d.admin
            .referral_summary(id)
            .unwrap()
            .consent
            .contains("administrator's decision")
    );
}

#[test]
fn an_incoming_referral_is_awaiting_our_answer_and_needs_no_consent() {
    let d = desk();
    let mut req = out(d.case, false);
    req.direction = Direction::Incoming;
    req.agency_kind = "police".into();
    req.their_reference = Some("MPS-2026-118".into());
    let id = d.cas.start_referral(req).unwrap();
    let r = d.cas.referral(id).unwrap();
    assert_eq!(r.status, ReferralStatus::Sent);
    assert_eq!(r.sent_on, Some(common::today()));
    assert_eq!(r.chase, None, "we owe the answer: nothing to chase");
    d.cas
        .move_referral(id, to(ReferralStatus::Accepted))
        .unwrap();
    let src = d
        .cas
        .incoming_source(
            None,
            "Kingston Police",
            "police",
            Some("MPS-2026-118"),
            common::today(),
        )
        .unwrap();
    assert_eq!(src.referral_source, "police");
    assert_eq!(
        src.said,
        "Referred by Kingston Police (their reference MPS-2026-118), received 22 November 2026."
    );
    let e = d
        .cas
        .incoming_source(
            None,
            " ",
            "police",
            None,
            common::today() + Duration::days(1),
        )
        .unwrap_err();
    let fields: Vec<_> = e
        .problems()
        .unwrap()
        .0
        .iter()
        .map(|p| p.field.as_str())
        .collect();
    assert_eq!(fields, ["organisation", "received_on"]);
}

#[test]
fn sending_makes_a_chase_due_after_the_wait_for_that_kind_and_the_answer_cancels_it() {
    let d = desk();
    d.admin
        .set_chase_days(Some("citizens_advice"), Some(7))
        .unwrap();
    assert!(matches!(
        d.cas.set_chase_days(None, Some(3)),
        Err(Error::NotPermitted(_))
    ));
    crate::casework_support::assert_invalid(
        d.admin.set_chase_days(None, Some(0)).unwrap_err(),
        "referral_chase",
    );
    let id = d.cas.start_referral(out(d.case, true)).unwrap();
    d.cas.move_referral(id, to(ReferralStatus::Sent)).unwrap();
    let chase = d.cas.referral(id).unwrap().chase.expect("a chase");
    let f = d.cas.follow_up(chase).unwrap();
    assert_eq!(f.subject, Subject::Case(d.case));
    assert_eq!(f.due, common::today() + Duration::days(7));
    assert!(f.action.starts_with("Chase referral"), "{}", f.action);
    assert!(f.is_open());
    d.cas
        .move_referral(id, to(ReferralStatus::Accepted))
        .unwrap();
    assert_eq!(d.cas.referral(id).unwrap().chase, None);
    let f = d.cas.follow_up(chase).unwrap();
    assert!(matches!(f.state, FollowUpState::Cancelled { .. }), "{f:?}");
    // Another kind of agency waits the default fortnight.
    let mut police = out(d.case, false);
    police.agency_kind = "police".into();
    police.consent = Some(common::consent_to("police"));
    let id = d.cas.start_referral(police).unwrap();
    d.cas.move_referral(id, to(ReferralStatus::Sent)).unwrap();
    let chase = d.cas.referral(id).unwrap().chase.unwrap();
    assert_eq!(
        d.cas.follow_up(chase).unwrap().due,
        common::today() + Duration::days(14)
    );
    crate::casework_support::assert_clean(&d.admin);
}

#[test]
fn the_summary_holds_the_fields_a_recipient_needs_and_not_the_case() {
    let d = desk();
    let id = d.cas.start_referral(out(d.case, true)).unwrap();
    let s = d.cas.referral_summary(id).unwrap();
    assert_eq!(s.client, "Amina Hassan");
    assert_eq!(s.agency_kind, "Citizens Advice");
    assert_eq!(s.reason, "Debt advice after the move.");
    assert!(
        s.consent
            .starts_with("Given by the client on 22 November 2026 (verbal)")
    );
    let text = s.to_text();
    assert!(text.contains("Amina Hassan"));
    assert!(
        !text.contains("neighbour on the stairs"),
        "the narrative stays with the case"
    );
}

#[test]
fn the_view_puts_the_longest_wait_first_and_filters_by_direction_and_organisation() {
    let d = desk();
    let older = d.cas.start_referral(out(d.case, true)).unwrap();
    d.cas
        .move_referral(older, to(ReferralStatus::Sent))
        .unwrap();
    let draft = d.cas.start_referral(out(d.case, true)).unwrap();
    let mut req = out(d.case, false);
    req.direction = Direction::Incoming;
    req.on = common::today() - Duration::days(30);
    req.organisation = Some(caseline::service::OrganisationRef::New {
        name: "Kingston Police".into(),
        kind: "police".into(),
    });
    req.agency_kind = "police".into();
    let incoming = d.cas.start_referral(req).unwrap();
    let mut signposted = out(d.case, false);
    signposted.signpost = true;
    d.cas.start_referral(signposted).unwrap();

    let page = d.cas.referrals_view(&ReferralQuery::default()).unwrap();
    let ids: Vec<_> = page.rows.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [incoming, older, draft],
        "sent, longest waiting first; then drafts"
    );
    assert_eq!(page.rows[0].waiting_days, Some(30));
    assert_eq!(page.rows[0].with, "Kingston Police");
    assert_eq!(page.total, 3);
    let police = page.organisations[0].0;
    let only = |q: ReferralQuery| -> Vec<_> {
        let rows = d.cas.referrals_view(&q).unwrap().rows;
        rows.into_iter().map(|r| r.id).collect()
    };
    let outgoing = only(ReferralQuery {
        direction: Some(Direction::Outgoing),
        ..ReferralQuery::default()
    });
    assert_eq!(outgoing, [older, draft]);
    let theirs = only(ReferralQuery {
        organisation: Some(police),
        ..ReferralQuery::default()
    });
    assert_eq!(theirs, [incoming]);
    let drafts = only(ReferralQuery {
        status: Some(ReferralStatus::Draft),
        ..ReferralQuery::default()
    });
    assert_eq!(drafts, [draft]);
    let closed = only(ReferralQuery {
        status: Some(ReferralStatus::Signposted),
        ..ReferralQuery::default()
    });
    assert_eq!(closed.len(), 1, "a closed status is listed when asked for");
    assert_eq!(d.cas.case_referrals(d.case).unwrap().len(), 4);
    // A move takes the referral to its new status's place in the index, and nowhere else.
    d.cas
        .move_referral(older, to(ReferralStatus::Withdrawn))
        .unwrap();
    let page = d.cas.referrals_view(&ReferralQuery::default()).unwrap();
    assert_eq!(page.total, 2);
    crate::casework_support::assert_clean(&d.admin);
}
