//! The query parser on anything typed: never panics, errors point inside the text,
//! and a parsed query printed and parsed again is the same query.

use caseline::search::Query;
use proptest::prelude::*;

/// Text shaped like queries: words, filters, quotes, numbers, other scripts.
fn query_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,8}",
        "(kind|status|worker|flag|since|strand|colour):[a-z_ ]{0,8}",
        "(status):(open|on_hold|clo|x)",
        "since:[0-9]{4}(-[0-9]{2}){0,2}",
        "\"[a-z :]{0,12}\"?",
        "\\+?[0-9()]{1,6}",
        "[王秀英محمدরহিমা]{1,4}",
        "[-'.,:@/]{1,3}",
        "\\PC{1,6}",
    ];
    proptest::collection::vec(piece, 0..7).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics(s in any::<String>()) {
        if let Err(e) = Query::parse(&s) {
            prop_assert!(e.at <= s.chars().count(), "{} past the end of {:?}", e.at, s);
            let _ = e.to_string();
        }
    }

    #[test]
    fn errors_point_inside_the_text(s in query_like()) {
        if let Err(e) = Query::parse(&s) {
            prop_assert!(e.at <= s.chars().count(), "{} past the end of {:?}", e.at, s);
            prop_assert!(e.len >= 1);
        }
    }

    #[test]
    fn printing_and_parsing_again_is_stable(s in query_like()) {
        if let Ok(q) = Query::parse(&s) {
            let printed = q.to_string();
            let again = Query::parse(&printed);
            prop_assert!(again.is_ok(), "{:?} printed as {:?}: {:?}", s, printed, again);
            let again = again.expect("checked");
            prop_assert_eq!(&again, &q, "{:?} printed as {:?}", s, printed);
            prop_assert_eq!(again.to_string(), printed);
        }
    }

    #[test]
    fn printing_any_parsed_text_is_stable(s in any::<String>()) {
        if let Ok(q) = Query::parse(&s) {
            let printed = q.to_string();
            let again = Query::parse(&printed);
            prop_assert!(again.is_ok(), "{:?} printed as {:?}: {:?}", s, printed, again);
            prop_assert_eq!(&again.expect("checked"), &q);
        }
    }
}

#[test]
fn examples_print_as_typed() {
    for s in [
        "moh kha",
        "kind:housing status:open worker:a.khan",
        "flag:safeguarding since:2026-01-01 strand:religion",
        "\"07700 900123\" amina",
        "worker:\"Amina Khan\" bus",
        "\"kind:x\"",
    ] {
        assert_eq!(Query::parse(s).expect(s).to_string(), s);
    }
}
