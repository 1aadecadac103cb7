//! A record's rules that need the whole file or the time: dates of birth, when records
//! were made, loops of corrections, lists over their caps, and the place of the record
//! in the file.

use serde_json::{Value, json};

use crate::common;
use crate::import::document::{self, document, id, refused, store};

#[test]
fn dates_of_birth_before_1900_or_after_now_are_refused() {
    let tmp = common::temp("import-birth");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    for (born, said) in [
        ("1899-12-31", "monitoring.date_of_birth: is before 1900"),
        ("0001-01-01", "monitoring.date_of_birth: is before 1900"),
        // The day after NOW: in the future however the record's own dates are set.
        ("2026-11-23", "monitoring.date_of_birth: is in the future"),
    ] {
        let mut bad = v.clone();
        bad["people"][1]["monitoring"]["date_of_birth"] = json!(born);
        let m = refused(&mut b, &bad);
        let record = format!("people[1] (id {})", id(&v, "people", 1));
        assert!(m.contains(&record), "{born}: {m}");
        assert!(m.contains(said), "{born}: {m}");
    }
    let mut fine = v.clone();
    fine["people"][1]["monitoring"]["date_of_birth"] = json!("1900-01-01");
    fine["people"][2]["monitoring"]["date_of_birth"] = json!(document::DAY);
    document::import_bytes(&mut b, document::text(&fine).as_bytes()).expect("born in 1900");
}

#[test]
fn a_date_of_birth_on_the_london_day_is_not_in_the_future_after_midnight_in_summer() {
    let tmp = common::temp("import-birth-bst");
    let mut v = document(&tmp);
    let b = store(&tmp, "b");
    // Ten to one in the morning on 15 June in London: still 14 June in UTC.
    let (made, now) = ("2027-06-14T23:30:00Z", "2027-06-14T23:50:00Z");
    v["people"][1]["created_at"] = json!(made);
    v["people"][1]["updated_at"] = json!(made);
    v["people"][1]["monitoring"]["date_of_birth"] = json!("2027-06-15");
    let doc = caseline::service::parse_document(document::text(&v).as_bytes()).expect("parses");
    b.import_at(doc, now.parse().expect("a time"))
        .expect("born today, London time");
}

#[test]
fn records_made_after_now_are_refused() {
    let tmp = common::temp("import-future");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    // An hour after NOW; a few minutes' difference between clocks is allowed.
    let later = "2026-11-22T11:00:00Z";
    let fields = [
        ("people", 0, "created_at"),
        ("organisations", 0, "created_at"),
        ("incidents", 2, "reported_at"),
        ("cases", 1, "created_at"),
        ("cases", 0, "updated_at"),
        ("timeline", 3, "recorded_at"),
        ("follow_ups", 1, "created_at"),
        ("referrals", 0, "created_at"),
        ("users", 3, "created_at"),
    ];
    for (section, i, field) in fields {
        let mut bad = v.clone();
        bad[section][i][field] = json!(later);
        let m = refused(&mut b, &bad);
        let said = format!("{section}[{i}] (id {}): ", id(&v, section, i));
        assert!(m.contains(&said), "{section}[{i}].{field}: {m}");
        assert!(m.contains(&format!("{field}: is in the future")), "{m}");
    }
    let mut bad = v.clone();
    bad["settings"]["created_at"] = json!(later);
    let m = refused(&mut b, &bad);
    assert!(m.contains("created_at: is in the future"), "{m}");

    let mut fine = v.clone();
    fine["cases"][1]["created_at"] = json!("2026-11-22T10:04:00Z");
    document::import_bytes(&mut b, document::text(&fine).as_bytes())
        .expect("four minutes ahead is a clock's difference");
}

/// The places in the timeline of `n` entries of one case.
fn entries_of_one_case(v: &Value, n: usize) -> Vec<usize> {
    let timeline = v["timeline"].as_array().unwrap();
    let case = &v["cases"][0]["id"];
    let found: Vec<usize> = (0..timeline.len())
        .filter(|i| &timeline[*i]["case"] == case)
        .take(n)
        .collect();
    assert_eq!(found.len(), n, "the first case has {n} entries");
    found
}

#[test]
fn corrections_that_go_round_in_a_loop_are_refused() {
    let tmp = common::temp("import-loops");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    let all = entries_of_one_case(&v, 4);
    for n in [2, 3, 4] {
        let mut bad = v.clone();
        for k in 0..n {
            bad["timeline"][all[k]]["corrects"] = json!(id(&v, "timeline", all[(k + 1) % n]));
        }
        let m = refused(&mut b, &bad);
        let mut round: Vec<String> = all[..n].iter().map(|i| format!("timeline[{i}]")).collect();
        round.push(format!("timeline[{}]", all[0]));
        let said = format!(
            "timeline[{}] (id {}): corrects: corrections go round in a loop, each correcting \
             the next: {}",
            all[0],
            id(&v, "timeline", all[0]),
            round.join(" -> ")
        );
        assert!(m.contains(&said), "{n}: {m}");
        assert_eq!(m.matches("go round in a loop").count(), 1, "{m}");
    }
    // An entry correcting itself is refused by the entry's own rule.
    let mut bad = v.clone();
    bad["timeline"][all[1]]["corrects"] = json!(id(&v, "timeline", all[1]));
    let m = refused(&mut b, &bad);
    assert!(m.contains(&format!("timeline[{}]", all[1])), "{m}");
    assert!(m.contains("an entry cannot correct itself"), "{m}");
    // A chain that ends is fine: 0 corrects 1 corrects 2.
    let mut fine = v.clone();
    for k in 0..3 {
        fine["timeline"][all[k]]["corrects"] = json!(id(&v, "timeline", all[k + 1]));
    }
    fine["timeline"][all[3]]["corrects"] = Value::Null;
    document::import_bytes(&mut b, document::text(&fine).as_bytes()).expect("a chain");
}

#[test]
fn lists_over_their_caps_are_refused_naming_the_list_and_cap() {
    let tmp = common::temp("import-caps");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    // A store with casework, where the file's lists are merged into the store's.
    crate::import::document::import_bytes(&mut b, document::text(&v).as_bytes()).expect("import");

    let mut bad = v.clone();
    bad["people"][0]["other_names"] = json!(vec!["x"; 1_000_000]);
    let started = std::time::Instant::now();
    let m = refused(&mut b, &bad);
    assert!(
        m.contains(&format!(
            "people[0] (id {}): other_names: holds 1000000 entries, more than the 50 a record may have",
            id(&v, "people", 0)
        )),
        "{m}"
    );
    assert!(
        m.len() < 1_000,
        "one line, not a million: {} bytes",
        m.len()
    );
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());

    let incident = id(&v, "incidents", 0);
    let changes: Vec<(&str, usize, &str, Value, &str)> = vec![
        (
            "cases",
            1,
            "incidents",
            json!(vec![incident; 501]),
            "more than the 500",
        ),
        (
            "incidents",
            0,
            "strands",
            json!(vec!["race_or_ethnicity"; 101]),
            "more than the 100",
        ),
        (
            "organisations",
            0,
            "languages",
            json!(vec!["polish"; 101]),
            "more than the 100",
        ),
    ];
    for (section, i, field, value, cap) in changes {
        let mut bad = v.clone();
        bad[section][i][field] = value;
        let m = refused(&mut b, &bad);
        assert!(m.contains(&format!("{section}[{i}] (id ")), "{m}");
        assert!(m.contains(&format!("{field}: holds ")), "{m}");
        assert!(m.contains(cap), "{m}");
    }

    let entries: Vec<Value> = (0..6_000)
        .map(|n| json!({"code": format!("c{n}"), "label": format!("L{n}"), "group": null, "retired": false}))
        .collect();
    let mut bad = v.clone();
    bad["reference_lists"][0]["entries"] = json!(entries);
    let started = std::time::Instant::now();
    let m = refused(&mut b, &bad);
    assert!(m.contains("reference_lists[0]"), "{m}");
    assert!(
        m.contains("entries: holds 6000 entries, more than the 5000"),
        "{m}"
    );
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn a_fault_names_the_record_by_its_place_in_the_file() {
    let tmp = common::temp("import-places");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    // users[0] and users[1] are matched to the store's own: the rest keep their place.
    let mut bad = v.clone();
    bad["users"][3]["display_name"] = json!("");
    let m = refused(&mut b, &bad);
    assert!(
        m.contains(&format!(
            "users[3] (id {}): display_name",
            id(&v, "users", 3)
        )),
        "{m}"
    );
    assert!(!m.contains("users[1]"), "{m}");

    // A record already in the store is named by its place too (users are matched by
    // login this time).
    document::import_bytes(&mut b, document::text(&v).as_bytes()).expect("import");
    let m = refused(&mut b, &v);
    assert!(
        m.contains(&format!(
            "people[2] (id {}): already in this store",
            id(&v, "people", 2)
        )),
        "{m}"
    );
}
