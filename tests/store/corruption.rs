//! Damaged stored bytes are reported, by tree and record id, never with a panic, a hang
//! or personal data; damaged backups change nothing.
//!
//! Only these tests touch sled directly, and only to damage a closed store.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use crate::common::{
    self, PASSPHRASE, PERSONAL, Run, assert_text_absent, cli, cli_export, cli_retrying,
};
use caseline::Caseline;
use caseline::store::Kind;

/// Generous: only a hang reaches it.
const HANG: Duration = Duration::from_secs(60);

/// A closed store with [`common::populate`]'s records.
fn populated_store(tmp: &tempfile::TempDir) -> (PathBuf, common::Populated) {
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    let made = common::populate(&mut svc);
    common::close(svc);
    (dir, made)
}

/// Opens the closed store's database with sled itself and hands over its trees.
fn with_sled(dir: &Path, f: impl FnOnce(&sled::Db)) {
    let db = sled::Config::new()
        .path(dir.join("db"))
        .open()
        .expect("sled opens an undamaged store");
    f(&db);
    db.flush().expect("flush");
    drop(db);
    common::wait_released(dir);
}

fn damage_value(db: &sled::Db, tree: &str, key: &[u8], at: impl FnOnce(usize) -> usize) {
    let t = db.open_tree(tree).expect("tree");
    let mut v = t
        .get(key)
        .expect("get")
        .expect("the record exists")
        .to_vec();
    let i = at(v.len());
    v[i] ^= 0x01;
    t.insert(key, v).expect("insert");
}

/// Flips a byte in three people (in the format byte, the schema version and the
/// ciphertext) and the case (in the authentication tag), and moves another incident's
/// value under `made.incidents[1]`. Returns the places of the damaged records.
fn damage_records(dir: &Path, made: &common::Populated) -> [String; 5] {
    let person = |id: caseline::domain::PersonId| id.0.to_bytes();
    let incident = made.incidents[1].0.to_bytes();
    let moved_from = made.incidents[2].0.to_bytes();
    with_sled(dir, |db| {
        // Header: format byte; schema version; ciphertext; authentication tag.
        damage_value(db, Kind::Person.tree(), &person(made.amina), |_| 0);
        damage_value(db, Kind::Person.tree(), &person(made.wang), |_| 1);
        damage_value(db, Kind::Person.tree(), &person(made.lukasz), |n| n / 2);
        damage_value(db, Kind::Case.tree(), &made.case.0.to_bytes(), |n| n - 1);
        // A whole, valid value moved under another record's key.
        let t = db.open_tree(Kind::Incident.tree()).expect("tree");
        let other = t.get(moved_from).expect("get").expect("exists");
        t.insert(incident, other).expect("insert");
    });
    [
        format!("people/{}", made.amina),
        format!("people/{}", made.wang),
        format!("people/{}", made.lukasz),
        format!("cases/{}", made.case),
        format!("incidents/{}", made.incidents[1]),
    ]
}

/// `caseline check`, as text and as JSON, fails naming every damaged place and
/// nothing personal.
fn assert_check_names(dir: &Path, damaged: &[String]) {
    let r = cli(dir, &["check"]).expect(1);
    for place in damaged {
        assert!(
            r.stdout.contains(place),
            "check should name {place}:\n{}",
            r.stdout
        );
    }
    assert!(r.stderr.contains("fault(s) found"), "{}", r.stderr);
    assert_text_absent("check", &r.output(), PERSONAL);
    let json = cli(dir, &["check", "--format", "json"]).expect(1);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON report");
    let places: Vec<&str> = report["faults"]
        .as_array()
        .expect("faults")
        .iter()
        .map(|f| f["place"].as_str().expect("place"))
        .collect();
    for place in damaged {
        assert!(
            places.contains(&place.as_str()),
            "{place} not in {places:?}"
        );
    }
    assert_text_absent("check --format json", &json.output(), PERSONAL);
}

#[test]
fn a_flipped_byte_in_a_record_is_named_by_check_and_by_reads() {
    let tmp = common::temp("flip");
    let (dir, made) = populated_store(&tmp);
    let damaged = damage_records(&dir, &made);
    assert_check_names(&dir, &damaged);

    // Reading the damaged records through the service: an error naming each one.
    let svc = common::open_store(&dir);
    for (id, place) in [
        (made.amina, &damaged[0]),
        (made.wang, &damaged[1]),
        (made.lukasz, &damaged[2]),
    ] {
        let e = svc.person(id).expect_err("a damaged person does not read");
        let m = e.to_string();
        assert!(m.contains(place.as_str()), "{m}");
        assert_text_absent("a read error", &m, PERSONAL);
    }
    let e = svc.case(made.case).expect_err("damaged case");
    assert!(e.to_string().contains(&damaged[3]), "{e}");
    let e = svc.incident(made.incidents[1]).expect_err("moved value");
    assert!(e.to_string().contains(&damaged[4]), "{e}");
    assert!(e.to_string().contains("moved"), "{e}");
    // Scans report the damage as an error item instead of skipping it or panicking.
    assert_eq!(svc.people().filter(Result::is_err).count(), 3);
    // Undamaged records still read.
    assert!(svc.incident(made.incidents[0]).is_ok());
    assert!(svc.case(made.closed_case).is_ok());
    let e = svc.export().expect_err("export of a damaged store");
    assert!(
        damaged.iter().any(|p| e.to_string().contains(p.as_str())),
        "{e}"
    );
    let report = svc.check().expect("check runs");
    assert!(!report.is_clean());
    common::close(svc);

    // A backup of a damaged store does not restore: its check fails first.
    let backup = tmp.path().join("damaged.clb");
    cli(&dir, &["backup", backup.to_str().unwrap()]).expect(0);
    let fresh = tmp.path().join("fresh");
    let r = cli_retrying(&fresh, &["restore", backup.to_str().unwrap()]).expect(1);
    assert!(r.stderr.contains("fails its check"), "{}", r.stderr);
    assert_text_absent("restore", &r.output(), PERSONAL);
    assert!(!caseline::store::Store::exists(&fresh));
}

#[test]
fn a_damaged_key_slot_is_an_error_not_a_panic() {
    let tmp = common::temp("slot");
    let (dir, _) = populated_store(&tmp);
    with_sled(&dir, |db| {
        let t = db.open_tree("key_slots").expect("tree");
        for item in t.iter() {
            let (k, mut v) = item.map(|(k, v)| (k, v.to_vec())).expect("slot");
            let n = v.len();
            v.truncate(n / 2);
            t.insert(k, v).expect("insert");
        }
    });
    let r = cli(&dir, &["check"]).expect(1);
    assert!(r.stderr.contains("key_slots/"), "{}", r.stderr);
    assert!(Caseline::open_with_clock(&dir, None, PASSPHRASE, crate::common::clock()).is_err());
}

/// Key slots are stored in plain bincode (no authentication), so damage to a length
/// prefix reaches the decoder directly: it must be an error naming the slot, not an
/// attempt to allocate the length (which would abort the process).
#[test]
fn a_damaged_length_in_a_key_slot_is_an_error_not_an_abort() {
    use caseline::store::KeySlot;
    use caseline::store::codec;
    use caseline::store::keyslot::SLOT_SCHEMA;
    let tmp = common::temp("slot-len");
    let (dir, _) = populated_store(&tmp);
    with_sled(&dir, |db| {
        let t = db.open_tree("key_slots").expect("tree");
        for item in t.iter() {
            let (k, v) = item.expect("slot");
            let slot: KeySlot = codec::from_plain(SLOT_SCHEMA, &v).expect("an undamaged slot");
            let at = v
                .windows(slot.wrapped.len())
                .position(|w| w == slot.wrapped.as_slice())
                .expect("the wrapped key is in the value");
            assert_eq!(v[at - 1] as usize, slot.wrapped.len());
            // After the wrapped key comes `created_at`, a string: its one-byte length
            // becomes a huge u64 length; the rest is as it was.
            let len_at = at + slot.wrapped.len();
            assert!((20..40).contains(&v[len_at]), "a timestamp's length");
            let mut bad = v[..len_at].to_vec();
            bad.push(253);
            bad.extend_from_slice(&(1u64 << 62).to_le_bytes());
            bad.extend_from_slice(&v[len_at + 1..]);
            t.insert(k, bad).expect("insert");
        }
    });
    let r = cli_guarded(&dir, &["check"]);
    assert_eq!(
        r.code,
        Some(1),
        "`caseline check` on a damaged key slot ended with {:?}:\n{}",
        r.code,
        r.stderr
    );
    assert!(r.stderr.contains("key_slots/"), "{}", r.stderr);
}

/// Opens the store on another thread, so that a hang fails the test instead of
/// stopping the suite. `Ok(None)` when it opened and checked clean.
fn open_and_check(dir: &Path) -> Result<Option<String>, String> {
    let (tx, rx) = mpsc::channel();
    let d = dir.to_path_buf();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| {
            match Caseline::open_with_clock(&d, None, PASSPHRASE, crate::common::clock()) {
                Err(e) => Some(e.to_string()),
                Ok(svc) => match svc.check() {
                    Err(e) => Some(e.to_string()),
                    Ok(r) if r.is_clean() => None,
                    Ok(r) => Some(format!("{} fault(s)", r.faults.len())),
                },
            }
        });
        let _ = tx.send(outcome);
    });
    match rx.recv_timeout(HANG) {
        Ok(Ok(outcome)) => Ok(outcome),
        Ok(Err(_)) => Err("opening a damaged store panicked".into()),
        Err(_) => Err("opening a damaged store hung".into()),
    }
}

/// Runs the binary, killing it if it hangs.
fn cli_guarded(dir: &Path, args: &[&str]) -> Run {
    let mut child = common::caseline(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = std::time::Instant::now() + HANG;
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("`caseline {}` hung on a damaged store", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Garbage that is the same on every run.
fn garbage(n: usize) -> Vec<u8> {
    let mut rng = common::crash::Rng::new(7);
    (0..n).map(|_| rng.next() as u8).collect()
}

fn assert_damage_handled(name: &str, damage: impl Fn(&Path)) {
    let tmp = common::temp("damage");
    let (dir, _) = populated_store(&tmp);
    damage(&dir.join("db"));
    let shown = dir.display().to_string();
    let outcome = open_and_check(&dir);
    eprintln!("{name}: {outcome:?}");
    match outcome {
        Err(why) => panic!("{name}: {why}"),
        Ok(None) => {}
        Ok(Some(message)) => {
            assert!(
                message.contains(&shown) || message.contains("fault"),
                "{name}: the error should name {shown}: {message}"
            );
        }
    }
    let r = cli_guarded(&dir, &["check"]);
    assert!(
        r.code == Some(0) || r.code == Some(1),
        "{name}: `caseline check` ended with {:?}:\n{}",
        r.code,
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{name}: {}", r.stderr);
    assert!(!r.stderr.contains("RUST_BACKTRACE"), "{name}: {}", r.stderr);
    if r.code == Some(1) {
        assert!(r.stderr.starts_with("caseline: "), "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(&shown) || r.stderr.contains("fault(s) found"),
            "{name}: the message should name {shown}: {}",
            r.stderr
        );
    }
    assert_text_absent(name, &r.output(), PERSONAL);
}

fn file(db: &Path, name: &str) -> PathBuf {
    db.join(name)
}

/// Where the written part of sled's preallocated log file ends.
fn written_len(path: &Path) -> u64 {
    let bytes = std::fs::read(path).unwrap();
    bytes
        .iter()
        .rposition(|b| *b != 0)
        .map_or(0, |i| i as u64 + 1)
}

#[test]
fn a_truncated_database_file_is_an_error_or_still_whole() {
    assert_damage_handled("db truncated to half", |db| {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(file(db, "db"))
            .unwrap();
        let n = f.metadata().unwrap().len();
        f.set_len(n / 2).unwrap();
    });
    assert_damage_handled("db cut in the middle of its records", |db| {
        let path = file(db, "db");
        let written = written_len(&path);
        assert!(written > 4096, "the log holds the records");
        let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(written / 2).unwrap();
    });
    assert_damage_handled("db truncated to 100 bytes", |db| {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(file(db, "db"))
            .unwrap();
        f.set_len(100).unwrap();
    });
    assert_damage_handled("db emptied", |db| {
        std::fs::write(file(db, "db"), b"").unwrap();
    });
}

#[test]
fn garbage_in_the_database_file_is_an_error_or_still_whole() {
    use std::io::{Seek, SeekFrom, Write};
    for (name, at, len) in [
        ("garbage at the start", Some(0u64), 512usize),
        ("garbage in the middle of the records", None, 256),
        ("garbage over the first records", Some(16), 8192),
    ] {
        assert_damage_handled(name, |db| {
            let path = file(db, "db");
            let at = at.unwrap_or_else(|| written_len(&path) / 2);
            let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            f.seek(SeekFrom::Start(at)).unwrap();
            f.write_all(&garbage(len)).unwrap();
        });
    }
    assert_damage_handled("snapshot garbled", |db| {
        for entry in std::fs::read_dir(db).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("snap.") {
                let n = std::fs::metadata(&path).unwrap().len() as usize;
                std::fs::write(&path, garbage(n)).unwrap();
            }
        }
    });
}

#[test]
fn a_missing_or_garbled_conf_file_is_an_error_or_still_whole() {
    assert_damage_handled("conf deleted", |db| {
        std::fs::remove_file(file(db, "conf")).unwrap();
    });
    assert_damage_handled("conf garbled", |db| {
        std::fs::write(file(db, "conf"), garbage(62)).unwrap();
    });
    assert_damage_handled("db file deleted", |db| {
        std::fs::remove_file(file(db, "db")).unwrap();
    });
}

#[test]
fn a_missing_database_directory_is_reported_plainly() {
    let tmp = common::temp("nodb");
    let (dir, _) = populated_store(&tmp);
    std::fs::remove_dir_all(dir.join("db")).unwrap();
    let r = cli(&dir, &["check"]).expect(1);
    assert!(
        r.stderr
            .contains(&format!("no caseline data at {}", dir.display())),
        "{}",
        r.stderr
    );
}

/// Damaged backups: restore refuses them, into a new directory and over a store, and
/// changes nothing.
#[test]
fn a_damaged_backup_fails_restore_and_changes_nothing() {
    let tmp = common::temp("badbackup");
    let (dir, _) = populated_store(&tmp);
    let good = tmp.path().join("good.clb");
    {
        let svc = common::open_store(&dir);
        svc.backup(&good).expect("backup");
        common::close(svc);
    }
    let bytes = std::fs::read(&good).unwrap();
    let n = bytes.len();
    let flip = |at: usize| {
        let mut b = bytes.clone();
        b[at] ^= 0x40;
        b
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated to half", bytes[..n / 2].to_vec()),
        ("last byte cut", bytes[..n - 1].to_vec()),
        ("only the header", bytes[..28].to_vec()),
        ("empty", Vec::new()),
        ("flipped in the magic", flip(3)),
        ("flipped in the version", flip(16)),
        ("flipped in the first entry's length", flip(30)),
        ("flipped in the middle", flip(n / 2)),
        ("flipped in the checksum", flip(n - 1)),
        ("flipped before the checksum", flip(n - 33)),
    ];
    let before = cli_export(&dir);
    for (name, damaged) in cases {
        let path = tmp.path().join("damaged.clb");
        std::fs::write(&path, &damaged).unwrap();
        let r = cli_retrying(&dir, &["restore", "--force", path.to_str().unwrap()]);
        assert_eq!(
            r.code,
            Some(1),
            "{name}: restore --force should fail:\n{}",
            r.output()
        );
        assert!(!r.stderr.contains("panicked"), "{name}: {}", r.stderr);
        assert!(r.stderr.starts_with("caseline: "), "{name}: {}", r.stderr);
        assert_eq!(cli_export(&dir), before, "{name}: the store changed");
        assert!(
            !dir.join("db.restore").exists(),
            "{name}: staging left behind"
        );

        let fresh = tmp.path().join(format!("fresh-{}", name.replace(' ', "-")));
        let r = cli_retrying(&fresh, &["restore", path.to_str().unwrap()]);
        assert_eq!(
            r.code,
            Some(1),
            "{name}: restore should fail:\n{}",
            r.output()
        );
        assert!(
            !caseline::store::Store::exists(&fresh),
            "{name}: a store appeared"
        );
        cli(&fresh, &["check"]).expect(1);
    }
    // The undamaged file restores.
    let fresh = tmp.path().join("fresh-good");
    cli_retrying(&fresh, &["restore", good.to_str().unwrap()]).expect(0);
    assert_eq!(cli_export(&fresh), before);
}

#[test]
fn a_backup_with_bytes_after_its_checksum_is_refused() {
    let tmp = common::temp("appended");
    let (dir, _) = populated_store(&tmp);
    let good = tmp.path().join("good.clb");
    cli(&dir, &["backup", good.to_str().unwrap()]).expect(0);
    let mut bytes = std::fs::read(&good).unwrap();
    // Two backups run together, as a careless `cat` or a bad copy would leave them.
    bytes.extend_from_slice(&bytes.clone());
    let joined = tmp.path().join("joined.clb");
    std::fs::write(&joined, &bytes).unwrap();
    let fresh = tmp.path().join("fresh");
    let r = cli_retrying(&fresh, &["restore", joined.to_str().unwrap()]);
    assert_eq!(
        r.code,
        Some(1),
        "a file with more after its checksum restored:\n{}",
        r.output()
    );
    assert!(!caseline::store::Store::exists(&fresh));
}
