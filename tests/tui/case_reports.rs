//! The case screen opens the report(s) the case came from in one key: what happened,
//! strands, where, consents and safe contact, and the centre's part for a report that
//! came through a reporting centre.

use crate::tui_case_util::with_case;

#[test]
fn one_key_on_a_case_opens_the_report_it_came_from() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    crate::tui_case_util::open_amina(&mut h);
    h.keys("i");
    assert_eq!(h.app.top_title(), "Report 1 of 1");
    let screen = h.screen();
    for part in ["What happened", "Strands", "Where", "Consent", "Safe to"] {
        assert!(screen.contains(part), "{part}:\n{screen}");
    }
    snap!("case_report", screen);
    h.keys("<esc>");
    assert!(
        h.app.top_title().starts_with("Case "),
        "{}",
        h.app.top_title()
    );
}
