//! Tests of caller matching.
use super::*;
use crate::domain::{Contact, PartyRole};
use crate::service::{InitRequest, IntakeRequest, NewParty, NewPerson, PersonRef};

fn store() -> (tempfile::TempDir, Caseline) {
    let tmp = tempfile::tempdir().unwrap();
    let (svc, _recovery) = Caseline::init_with_clock(
        &tmp.path().join("data"),
        InitRequest {
            organisation: "T".into(),
            admin_login: "admin".into(),
            admin_name: "A".into(),
            passphrase: zeroize::Zeroizing::new("a long passphrase".into()),
            key_cost: crate::service::KeyCost::CheapForTests,
        },
        crate::ui::testing::test_clock(),
    )
    .unwrap();
    (tmp, svc)
}

struct P<'a> {
    given: &'a str,
    family: Option<&'a str>,
    family_first: bool,
    other: &'a [&'a str],
    phone: Option<&'a str>,
    postcode: Option<&'a str>,
}

const NOBODY: P<'static> = P {
    given: "",
    family: None,
    family_first: false,
    other: &[],
    phone: None,
    postcode: None,
};

/// A person with only a given name and maybe a family name.
fn named<'a>(given: &'a str, family: Option<&'a str>) -> P<'a> {
    P {
        given,
        family,
        ..NOBODY
    }
}

fn record(svc: &Caseline, people: &[P<'_>]) -> Vec<PersonId> {
    let parties = people
        .iter()
        .map(|p| NewParty {
            role: PartyRole::Victim,
            person: Some(PersonRef::New(NewPerson {
                given_names: p.given.into(),
                family_name: p.family.map(Into::into),
                name_order: Some(crate::domain::NameOrder::from_family_first(p.family_first)),
                other_names: p.other.iter().map(|s| s.to_string()).collect(),
                contact: Contact {
                    phone: p.phone.map(Into::into),
                    email: Some("private@example.org".into()),
                    postcode: p.postcode.map(Into::into),
                    address: Some("1 Private Road".into()),
                },
                notes: "secret notes".into(),
                ..NewPerson::default()
            })),
            description: String::new(),
        })
        .collect();
    svc.record_intake(IntakeRequest {
        parties,
        narrative: "Shouted at.".into(),
        ..IntakeRequest::default()
    })
    .unwrap()
    .new_people
}

fn one(svc: &Caseline, p: P<'_>) -> PersonId {
    record(svc, &[p])[0]
}

fn by_name(svc: &Caseline, name: &str) -> Vec<PersonId> {
    let q = PersonQuery {
        name: name.into(),
        ..PersonQuery::default()
    };
    svc.find_people(&q, 50)
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect()
}

fn query(name: &str, phone: &str, postcode: &str) -> PersonQuery {
    PersonQuery {
        name: name.into(),
        phone: phone.into(),
        postcode: postcode.into(),
    }
}

#[test]
fn names_in_many_scripts() {
    let (_tmp, svc) = store();
    let khan = one(&svc, named("Mohammed", Some("Khan")));
    let amina = one(&svc, named("Amina", Some("Hassan")));
    let lukasz = one(&svc, named("Łukasz", Some("Wójcik")));
    let wang = one(
        &svc,
        P {
            family_first: true,
            ..named("秀英", Some("王"))
        },
    );
    let whole = one(&svc, named("王秀英", None));
    let muhammad = one(&svc, named("مُحَمَّد", Some("علي")));
    let rahima = one(
        &svc,
        P {
            other: &["রহিমা বেগম"],
            ..named("Rahima", Some("Begum"))
        },
    );

    assert_eq!(by_name(&svc, "moh kha"), [khan]);
    assert_eq!(by_name(&svc, "  MOH   KHA "), [khan]);
    assert_eq!(by_name(&svc, "kha moh"), [khan]);
    // One typing mistake is forgiven in a word of five letters or more (as in the
    // search bar), even the first letter left out; two are not.
    assert_eq!(by_name(&svc, "ohammed"), [khan]);
    assert!(by_name(&svc, "hammed").is_empty());
    assert!(by_name(&svc, "moh smith").is_empty());
    assert_eq!(by_name(&svc, "amina"), [amina]);
    assert_eq!(by_name(&svc, "łukasz"), [lukasz]);
    assert_eq!(by_name(&svc, "lukasz"), [lukasz]);
    assert_eq!(by_name(&svc, "LUKASZ wojc"), [lukasz]);
    assert_eq!(by_name(&svc, "王"), [whole, wang]);
    assert_eq!(by_name(&svc, "秀英"), [whole, wang]);
    assert_eq!(by_name(&svc, "王秀英"), [whole, wang]);
    assert_eq!(by_name(&svc, "英"), [whole, wang]);
    assert!(by_name(&svc, "英王秀").is_empty());
    assert_eq!(by_name(&svc, "محمد"), [muhammad]);
    assert_eq!(by_name(&svc, "مُحَمَّد"), [muhammad]);
    assert_eq!(by_name(&svc, "রহিমা"), [rahima]);
    assert_eq!(by_name(&svc, "বেগ"), [rahima]);
    assert!(by_name(&svc, "").is_empty());
    assert!(by_name(&svc, " - ").is_empty());
}

#[test]
fn names_typed_run_together_as_written() {
    let (_tmp, svc) = store();
    let kim = one(&svc, named("민준", Some("김")));
    let wang = one(&svc, named("伟", Some("王")));
    assert_eq!(by_name(&svc, "김민준"), [kim]);
    assert_eq!(by_name(&svc, "김민"), [kim]);
    assert_eq!(by_name(&svc, "민준김"), [kim]);
    assert_eq!(by_name(&svc, "민준 김"), [kim]);
    assert_eq!(by_name(&svc, "王伟"), [wang]);
    assert_eq!(by_name(&svc, "伟王"), [wang]);
}

#[test]
fn punctuation_in_names() {
    let (_tmp, svc) = store();
    let hyphen = one(
        &svc,
        P {
            given: "Omar",
            family: Some("Al-Hassan"),
            ..NOBODY
        },
    );
    let joined = one(
        &svc,
        P {
            given: "Omar",
            family: Some("Alhassan"),
            ..NOBODY
        },
    );
    let spaced = one(
        &svc,
        P {
            given: "Omar",
            family: Some("Al Hassan"),
            ..NOBODY
        },
    );
    let obrien = one(
        &svc,
        P {
            given: "Siobhán",
            family: Some("O’Brien"),
            ..NOBODY
        },
    );
    assert_eq!(by_name(&svc, "al-has"), [spaced, joined, hyphen]);
    assert_eq!(by_name(&svc, "alhas"), [joined, hyphen]);
    assert_eq!(by_name(&svc, "hassan"), [spaced, hyphen]);
    assert_eq!(by_name(&svc, "o'brien"), [obrien]);
    assert_eq!(by_name(&svc, "obrien siobhan"), [obrien]);
}

#[test]
fn phones_and_postcodes() {
    let (_tmp, svc) = store();
    let amina = one(
        &svc,
        P {
            given: "Amina",
            family: Some("Hassan"),
            phone: Some("07700 900123"),
            postcode: Some("KT1 2AB"),
            ..NOBODY
        },
    );
    let intl = one(
        &svc,
        P {
            given: "Bilal",
            phone: Some("+44 (0)20 7946 0000"),
            postcode: Some("sw1a1aa"),
            ..NOBODY
        },
    );
    let find = |q: PersonQuery| -> Vec<PersonId> {
        svc.find_people(&q, 10)
            .unwrap()
            .into_iter()
            .map(|m| m.id)
            .collect()
    };
    assert_eq!(find(query("", "07700 900123", "")), [amina]);
    assert_eq!(find(query("", "+44 7700 900123", "")), [amina]);
    assert_eq!(find(query("", "0044 7700-900-123", "")), [amina]);
    // The number is matched from its beginning, as in the search bar.
    assert_eq!(find(query("", "7700 900", "")), [amina]);
    assert_eq!(find(query("", "07700 9001", "")), [amina]);
    assert!(find(query("", "900 123", "")).is_empty());
    assert_eq!(find(query("", "020 7946", "")), [intl]);
    assert_eq!(find(query("", "+44 20 7946 0000", "")), [intl]);
    assert!(find(query("", "077", "")).is_empty(), "too few digits");
    assert!(find(query("", "0800 1111", "")).is_empty());

    assert_eq!(find(query("", "", "kt12ab")), [amina]);
    assert_eq!(find(query("", "", "KT1 2AB")), [amina]);
    assert_eq!(find(query("", "", "kt1")), [amina]);
    assert_eq!(find(query("", "", "SW1A 1")), [intl]);
    assert!(find(query("", "", "kt")).is_empty(), "too short");
    assert!(
        find(query("", "", "T12")).is_empty(),
        "a prefix, not anywhere"
    );
    assert!(find(query("", "", "")).is_empty());
}

#[test]
fn ranked_by_criteria_then_newest() {
    let (_tmp, svc) = store();
    let with = |p: P<'_>, phone, postcode| {
        one(
            &svc,
            P {
                phone,
                postcode,
                ..p
            },
        )
    };
    let a1 = with(
        named("Amina", Some("Hassan")),
        Some("07700 900123"),
        Some("KT1 2AB"),
    );
    let a2 = with(named("Amina", Some("Begum")), None, Some("KT1 9ZZ"));
    let a3 = one(&svc, named("Amina", Some("Ali")));
    let phone_only = with(named("Zara", None), Some("07700 900123"), None);
    let post_only = with(named("Yusuf", None), None, Some("KT1 2AB"));
    let both = with(named("Xavier", None), Some("07700 900123"), Some("KT1 2AB"));
    let _nobody = with(named("Wanda", None), Some("01632 960000"), Some("M1 1AE"));

    let got = svc
        .find_people(&query("amina", "07700900123", "KT1"), 50)
        .unwrap();
    let ids: Vec<PersonId> = got.iter().map(|m| m.id).collect();
    // All three; then two criteria (name beating phone); then one, newest first;
    // then phone alone, postcode alone.
    assert_eq!(ids, [a1, a2, both, a3, phone_only, post_only]);
    assert_eq!(got[0].matched_on, ["name", "phone", "postcode"]);
    assert_eq!(got[1].matched_on, ["name", "postcode"]);
    assert_eq!(got[2].matched_on, ["phone", "postcode"]);
    assert_eq!(got[3].matched_on, ["name"]);
    assert_eq!(got[4].matched_on, ["phone"]);
    assert_eq!(got[5].matched_on, ["postcode"]);
    assert!(got.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(
        got.windows(2)
            .all(|w| w[0].score > w[1].score || w[0].matched_on == w[1].matched_on)
    );

    // Ties: the newest first.
    assert_eq!(by_name(&svc, "amina"), [a3, a2, a1]);
}

#[test]
fn limit_is_respected() {
    let (_tmp, svc) = store();
    let people: Vec<P> = (0..12)
        .map(|_| P {
            given: "Amina",
            ..NOBODY
        })
        .collect();
    let ids = record(&svc, &people);
    let q = query("am", "", "");
    assert!(svc.find_people(&q, 0).unwrap().is_empty());
    let got: Vec<PersonId> = svc
        .find_people(&q, 5)
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(got.len(), 5);
    let mut newest: Vec<PersonId> = ids.clone();
    newest.reverse();
    assert_eq!(got, newest[..5]);
    assert_eq!(svc.find_people(&q, 100).unwrap().len(), 12);
}

#[test]
fn people_recorded_after_the_index_is_loaded_are_found() {
    let (_tmp, svc) = store();
    let first = one(
        &svc,
        P {
            given: "Amina",
            family: Some("Hassan"),
            ..NOBODY
        },
    );
    assert_eq!(by_name(&svc, "amina"), [first]);
    let second = one(
        &svc,
        P {
            given: "Amina",
            family: Some("Yusuf"),
            phone: Some("07700 900999"),
            ..NOBODY
        },
    );
    assert_eq!(by_name(&svc, "amina"), [second, first]);
    assert_eq!(by_name(&svc, "amina yus"), [second]);
    let q = query("", "07700 900999", "");
    assert_eq!(svc.find_people(&q, 5).unwrap()[0].id, second);
    // Once each, even when the index is loaded again from its snapshot.
    svc.warm_people_cache().unwrap();
    assert_eq!(by_name(&svc, "amina"), [second, first]);
}

#[test]
fn results_carry_no_more_than_needed() {
    let (_tmp, svc) = store();
    let id = one(
        &svc,
        P {
            given: "秀英",
            family: Some("王"),
            family_first: true,
            phone: Some("07700 900123"),
            postcode: Some("kt12ab"),
            ..NOBODY
        },
    );
    let got = svc.find_people(&query("王", "", ""), 5).unwrap();
    assert_eq!(
        got,
        [PersonMatch {
            id,
            display_name: "王秀英".into(),
            phone: Some("07700 900123".into()),
            postcode: Some("KT1 2AB".into()),
            matched_on: vec!["name".into()],
            score: PER_CRITERION + NAME_WEIGHT,
        }]
    );
    let json = serde_json::to_value(&got[0]).unwrap();
    let mut fields: Vec<&String> = json.as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "display_name",
            "id",
            "matched_on",
            "phone",
            "postcode",
            "score"
        ]
    );
    let text = json.to_string();
    for private in ["private@example.org", "Private Road", "secret notes"] {
        assert!(!text.contains(private));
    }
}

#[test]
fn empty_query_finds_nobody() {
    let (_tmp, svc) = store();
    one(
        &svc,
        P {
            given: "Amina",
            phone: Some("07700 900123"),
            postcode: Some("KT1 2AB"),
            ..NOBODY
        },
    );
    assert!(
        svc.find_people(&PersonQuery::default(), 10)
            .unwrap()
            .is_empty()
    );
    assert!(
        svc.find_people(&query("  ", "+", " "), 10)
            .unwrap()
            .is_empty()
    );
    // Nothing was loaded for an empty query.
    assert!(!svc.shared.search.is_loaded());
}

/// Desk clients of one server match callers at the same moment: a search must not
/// wait for another to finish (it did while the index was behind a plain lock).
#[test]
fn two_searches_run_at_once() {
    use std::sync::mpsc::channel;
    use std::time::Duration;
    let (_tmp, svc) = store();
    svc.warm_search(&mut |_, _| {}).unwrap();
    // The snapshot writer, which waits its turn to change the index, is stopped.
    svc.shared.search.close().unwrap();
    let (entered, first_inside) = channel();
    let (release, go) = channel();
    let patience = Duration::from_secs(10);
    std::thread::scope(|s| {
        let svc = &svc;
        let first = s.spawn(move || {
            svc.search_index(|_| {
                entered.send(()).unwrap();
                go.recv_timeout(patience).is_ok()
            })
            .unwrap()
        });
        first_inside.recv_timeout(patience).unwrap();
        let second = svc.search_index(|_| release.send(()).is_ok()).unwrap();
        assert!(second);
        assert!(
            first.join().unwrap(),
            "the second search ran while the first held the index"
        );
    });
}
