//! Whatever the bytes, an import either takes the whole file or refuses it, changing
//! nothing, and never panics: from random bytes, and from a good export damaged the
//! ways files are damaged (cut short, bytes changed, bytes put in or taken out).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::common::{self, cli, cli_export};
use crate::import::document::{self, assert_plain, document, store, text};

/// What to do to a good file.
#[derive(Debug, Clone)]
enum Damage {
    Cut(usize),
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::Cut),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Damage::Set(at, b)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Damage::Insert(at, bytes)),
        (any::<usize>(), 1usize..16).prop_map(|(at, n)| Damage::Remove(at, n)),
    ]
}

fn apply(good: &[u8], damages: &[Damage]) -> Vec<u8> {
    let mut bytes = good.to_vec();
    for d in damages {
        let len = bytes.len().max(1);
        match d {
            Damage::Cut(at) => bytes.truncate(at % len),
            Damage::Set(at, b) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *b;
                }
            }
            Damage::Insert(at, new) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Damage::Remove(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(Config { cases: 2_000, ..Config::default() })]

    /// The parser alone, on any bytes: a document or a plain message, never a panic.
    #[test]
    fn any_bytes_parse_or_are_refused_plainly(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Err(e) = caseline::service::parse_document(&bytes) {
            let m = e.to_string();
            assert_plain(&m);
            prop_assert!(m.contains("nothing was changed"), "{}", m);
        }
    }
}

#[test]
fn a_damaged_export_imports_whole_or_changes_nothing() {
    let tmp = common::temp("import-props");
    let good = text(&document(&tmp)).into_bytes();
    let mut runner = TestRunner::new(Config {
        cases: 48,
        ..Config::default()
    });
    let n = std::cell::Cell::new(0);
    runner
        .run(&proptest::collection::vec(damage(), 1..4), |damages| {
            n.set(n.get() + 1);
            let bytes = apply(&good, &damages);
            let mut b = store(&tmp, &format!("b{}", n.get()));
            let before = common::export_value(&b);
            match document::import_bytes(&mut b, &bytes) {
                Ok(_) => prop_assert!(b.check().unwrap().is_clean()),
                Err(m) => {
                    assert_plain(&m);
                    prop_assert_eq!(common::export_value(&b), before, "{}", m);
                }
            }
            common::close(b);
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_binary_exits_0_or_1_on_any_damaged_file_and_changes_nothing_on_1() {
    let tmp = common::temp("import-props-cli");
    let good = text(&document(&tmp)).into_bytes();
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    let file = tmp.path().join("damaged.json");
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(damage(), 1..3), |damages| {
            let bytes = apply(&good, &damages);
            std::fs::write(&file, &bytes).unwrap();
            let before = cli_export(&dir);
            let r = cli(&dir, &["import", file.to_str().unwrap()]);
            prop_assert!(matches!(r.code, Some(0 | 1)), "{:?}", r);
            prop_assert!(!r.stderr.contains("internal error"), "{}", r.stderr);
            assert_plain(&r.stderr);
            if r.code == Some(1) {
                prop_assert_eq!(cli_export(&dir), before);
            } else {
                // Taken whole: the next damaged copy is refused for its ids, which is
                // still a refusal that must change nothing.
                cli(&dir, &["check"]).expect(0);
            }
            Ok(())
        })
        .unwrap();
}
