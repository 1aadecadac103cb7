//! The administrator's command line, run as the real binary: exit codes (0 success,
//! 1 failure, 2 usage), messages, files it writes, and that failures change nothing.

use std::path::{Path, PathBuf};

use crate::common::{
    self, ORGANISATION, PASSPHRASE, PERSONAL, assert_text_absent, caseline, caseline_bare, cli,
    cli_export, cli_init, cli_init_with, cli_retrying, run,
};

/// An export document made through the service API from [`common::populate`].
fn export_document(tmp: &tempfile::TempDir) -> (PathBuf, serde_json::Value) {
    let dir = tmp.path().join("source");
    let mut svc = common::init_store(&dir);
    common::populate(&mut svc);
    let doc = serde_json::to_value(svc.export().expect("export")).expect("json");
    common::close(svc);
    let path = tmp.path().join("export.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    (path, doc)
}

fn write_json(path: &Path, v: &serde_json::Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The recovery key from init's output: the indented line after the heading.
fn recovery_key(init_stdout: &str) -> Option<String> {
    let mut lines = init_stdout
        .lines()
        .skip_while(|l| !l.starts_with("RECOVERY KEY"));
    lines.next()?;
    lines
        .find(|l| l.starts_with("    "))
        .map(|l| l.trim().to_string())
}

#[test]
fn init_with_the_passphrase_in_the_environment() {
    let tmp = common::temp("cli-init");
    let dir = tmp.path().join("data");
    let r = cli_init(&dir);
    if r.code == Some(0) {
        assert!(r.stdout.contains(ORGANISATION), "{}", r.stdout);
        assert!(
            r.stdout.contains("Administrator login: admin"),
            "{}",
            r.stdout
        );
        let key = recovery_key(&r.stdout).expect("the recovery key is shown");
        assert!(key.len() >= 20, "{key}");
        // The recovery key opens the store, as the recovery account.
        run(caseline_bare()
            .arg("--data-dir")
            .arg(&dir)
            .env("CASELINE_PASSPHRASE", &key)
            .arg("check"))
        .expect(0);
        assert!(!r.stderr.contains(PASSPHRASE) && !r.stdout.contains(PASSPHRASE));
    }
    let ok = cli(&dir, &["check"]).expect(0);
    assert!(ok.stdout.starts_with("OK: "), "{}", ok.stdout);

    let again = cli(&dir, &["init", "--org", "Another"]).expect(1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let v = cli_export(&dir);
    assert_eq!(v["settings"]["organisation"], ORGANISATION);
}

#[test]
fn init_with_a_passphrase_file() {
    let tmp = common::temp("cli-init-file");
    let dir = tmp.path().join("data");
    let file = tmp.path().join("pass");
    std::fs::write(&file, format!("{PASSPHRASE}\nsecond line ignored\n")).unwrap();
    #[cfg(unix)]
    set_mode(&file, 0o600);
    let init = cli_init_with(
        caseline_bare()
            .arg("--data-dir")
            .arg(&dir)
            .arg("--passphrase-file")
            .arg(&file)
            .args(["init", "--org", ORGANISATION, "--admin", "sam"]),
        &dir,
    );
    assert!(!init.stderr.contains("warning"), "{}", init.stderr);
    // The first line is the passphrase, whether it comes from the file or the
    // environment; only `sam` has a passphrase slot.
    let with_file = || {
        let mut c = caseline_bare();
        c.arg("--data-dir")
            .arg(&dir)
            .arg("--passphrase-file")
            .arg(&file);
        c
    };
    run(with_file().arg("check")).expect(0);
    cli(&dir, &["--user", "sam", "check"]).expect(0);
    let r = cli(&dir, &["--user", "admin", "check"]).expect(1);
    assert!(r.stderr.contains("passphrase is not right"), "{}", r.stderr);

    #[cfg(unix)]
    {
        set_mode(&file, 0o644);
        let r = run(with_file().arg("check")).expect(0);
        assert!(
            r.stderr.contains("can be read by other users"),
            "{}",
            r.stderr
        );
    }
    std::fs::write(&file, "").unwrap();
    let r = run(with_file().arg("check")).expect(1);
    assert!(r.stderr.contains("is empty"), "{}", r.stderr);
    let missing = tmp.path().join("no-such-file");
    let r = run(caseline_bare()
        .arg("--data-dir")
        .arg(&dir)
        .arg("--passphrase-file")
        .arg(&missing)
        .arg("check"))
    .expect(1);
    assert!(
        r.stderr.contains("cannot read the passphrase file"),
        "{}",
        r.stderr
    );
}

#[test]
fn init_refuses_bad_requests_and_leaves_no_store() {
    let tmp = common::temp("cli-init-bad");
    let dir = tmp.path().join("data");
    let r = run(caseline_bare()
        .arg("--data-dir")
        .arg(&dir)
        .env("CASELINE_PASSPHRASE", "short")
        .args(["init", "--org", ORGANISATION]))
    .expect(1);
    assert!(r.stderr.contains("passphrase"), "{}", r.stderr);
    assert!(!caseline::store::Store::exists(&dir));

    let r = run(caseline_bare()
        .arg("--data-dir")
        .arg(&dir)
        .args(["init", "--org", ORGANISATION]))
    .expect(1);
    assert!(r.stderr.contains("CASELINE_PASSPHRASE"), "{}", r.stderr);
    assert!(!caseline::store::Store::exists(&dir));

    // No organisation name and no terminal to ask on: a usage error.
    let r = cli(&dir, &["init"]).expect(2);
    assert!(r.stderr.contains("--org"), "{}", r.stderr);
    assert!(!caseline::store::Store::exists(&dir));

    let r = cli(
        &dir,
        &["init", "--org", ORGANISATION, "--admin", "recovery"],
    )
    .expect(1);
    assert!(r.stderr.contains("admin.login"), "{}", r.stderr);
    assert!(!caseline::store::Store::exists(&dir));
}

#[test]
fn the_passphrase_must_be_right_and_must_be_given() {
    let tmp = common::temp("cli-pass");
    let dir = tmp.path().join("data");
    cli_init(&dir);
    let before = cli_export(&dir);
    let r = run(caseline_bare()
        .arg("--data-dir")
        .arg(&dir)
        .env("CASELINE_PASSPHRASE", "not the passphrase at all")
        .args(["reference", "add", "case_kind", "Immigration"]))
    .expect(1);
    assert!(r.stderr.contains("passphrase is not right"), "{}", r.stderr);
    assert!(!r.stderr.contains("not the passphrase at all"));

    for args in [
        &["check"][..],
        &["export"],
        &["stats"],
        &["reference", "show", "strand"],
    ] {
        let r = run(caseline_bare().arg("--data-dir").arg(&dir).args(args)).expect(1);
        assert!(
            r.stderr.contains("CASELINE_PASSPHRASE"),
            "{}: {}",
            args.join(" "),
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    assert_eq!(cli_export(&dir), before);
}

#[test]
fn usage_mistakes_exit_2() {
    let tmp = common::temp("cli-usage");
    let dir = tmp.path().join("data");
    for args in [
        &["frobnicate"][..],
        &["check", "--bogus"],
        &["--bogus", "check"],
        &["import"],
        &["backup"],
        &["restore"],
        &["check", "--format", "yaml"],
        &["demo"],
        &["reference"],
        &["reference", "show", "no_such_list"],
        &["reference", "add", "no_such_list", "X"],
    ] {
        let r = cli(&dir, args);
        assert_eq!(r.code, Some(2), "{}: {}", args.join(" "), r.output());
        assert!(
            !r.stderr.is_empty(),
            "{}: says what is wrong",
            args.join(" ")
        );
        assert!(!r.stderr.contains("panicked"));
    }
    // Nothing was created by any of them.
    assert!(!dir.exists() || !caseline::store::Store::exists(&dir));
}

#[test]
fn help_on_every_command() {
    let commands: &[&[&str]] = &[
        &[],
        &["init"],
        &["export"],
        &["import"],
        &["check"],
        &["backup"],
        &["restore"],
        &["stats"],
        &["demo"],
        &["reference"],
        &["reference", "list"],
        &["reference", "show"],
        &["reference", "add"],
    ];
    for c in commands {
        let r = run(caseline_bare().args(*c).arg("--help")).expect(0);
        assert!(r.stdout.contains("Usage:"), "{}: {}", c.join(" "), r.stdout);
    }
    let r = run(caseline_bare().args(["help", "restore"])).expect(0);
    assert!(r.stdout.contains("--force"), "{}", r.stdout);
    let r = run(caseline_bare().arg("--version")).expect(0);
    assert!(r.stdout.starts_with("caseline "), "{}", r.stdout);
}

#[test]
fn export_to_stdout_and_to_a_private_file() {
    let tmp = common::temp("cli-export");
    let dir = tmp.path().join("data");
    cli_init(&dir);
    let r = cli(&dir, &["export"]).expect(0);
    let mut from_stdout: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(from_stdout["format"], "caseline-export");
    assert_eq!(from_stdout["version"], caseline::service::EXPORT_VERSION);
    assert_eq!(from_stdout["users"].as_array().unwrap().len(), 2);

    let out = tmp.path().join("out.json");
    let r = cli(&dir, &["export", "--out", out.to_str().unwrap()]).expect(0);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("personal data"), "{}", r.stderr);
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    assert!(!tmp.path().join("out.json.partial").exists());
    let mut from_file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).expect("JSON");
    common::strip_exported_at(&mut from_stdout);
    common::strip_exported_at(&mut from_file);
    assert_eq!(from_stdout, from_file);

    // An existing file is kept, nothing written, unless --force is given (as cron
    // would each night): then replaced, still private.
    std::fs::write(&out, "someone's thesis").unwrap();
    let r = cli(&dir, &["export", "--out", out.to_str().unwrap()]).expect(1);
    assert!(r.stderr.contains("is there already"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "someone's thesis");
    #[cfg(unix)]
    set_mode(&out, 0o644);
    cli(&dir, &["export", "--out", out.to_str().unwrap(), "--force"]).expect(0);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("caseline-export")
    );
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
}

/// Imports `doc`, changed by `change`, through the file `bad`; the import must fail.
fn import_changed(
    dir: &Path,
    bad: &Path,
    doc: &serde_json::Value,
    change: impl FnOnce(&mut serde_json::Value),
) -> common::Run {
    let mut v = doc.clone();
    change(&mut v);
    write_json(bad, &v);
    cli(dir, &["import", bad.to_str().unwrap()]).expect(1)
}

/// Files that are cut short, not JSON, of another format or version, or missing are
/// refused, saying nothing personal.
fn assert_unreadable_files_refused(dir: &Path, good: &Path, bad: &Path, doc: &serde_json::Value) {
    let text = std::fs::read_to_string(good).unwrap();
    std::fs::write(bad, &text[..text.len() / 2]).unwrap();
    let r = cli(dir, &["import", bad.to_str().unwrap()]).expect(1);
    assert!(r.stderr.contains("line "), "{}", r.stderr);
    assert_text_absent("import error", &r.output(), &common::personal_in_messages());
    std::fs::write(bad, "Amina Hassan, 07700 900123").unwrap();
    let r = cli(dir, &["import", bad.to_str().unwrap()]).expect(1);
    assert_text_absent("import error", &r.output(), &common::personal_in_messages());
    import_changed(dir, bad, doc, |v| {
        v["format"] = serde_json::json!("something-else")
    });
    let r = import_changed(dir, bad, doc, |v| v["version"] = serde_json::json!(99));
    assert!(r.stderr.contains("version"), "{}", r.stderr);
    let absent = bad.with_file_name("absent.json");
    let r = cli(dir, &["import", absent.to_str().unwrap()]).expect(1);
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
}

#[test]
fn import_refuses_malformed_files_and_changes_nothing() {
    let tmp = common::temp("cli-import");
    let (good, doc) = export_document(&tmp);
    let dir = tmp.path().join("data");
    cli_init(&dir);
    let before = cli_export(&dir);
    let bad = tmp.path().join("bad.json");

    // A value of the wrong type: named by its path.
    let r = import_changed(&dir, &bad, &doc, |v| {
        v["people"][0]["contact"]["phone"] = serde_json::json!(7700900123u64)
    });
    assert!(r.stderr.contains("people[0].contact.phone"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
    assert_text_absent("import error", &r.output(), &common::personal_in_messages());
    assert_eq!(cli_export(&dir), before);

    // A missing field.
    let r = import_changed(&dir, &bad, &doc, |v| {
        v["cases"][1].as_object_mut().unwrap().remove("status");
    });
    assert!(r.stderr.contains("cases[1]"), "{}", r.stderr);
    assert!(r.stderr.contains("status"), "{}", r.stderr);
    assert_eq!(cli_export(&dir), before);

    // Well formed, but breaking a rule: the record (with its id) and the field.
    let id = doc["people"][0]["id"].as_str().unwrap().to_string();
    let r = import_changed(&dir, &bad, &doc, |v| {
        v["people"][0]["contact"]["postcode"] = serde_json::json!("Clarence Street")
    });
    assert!(
        r.stderr.contains(&format!("people[0] (id {id})")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("contact.postcode"), "{}", r.stderr);
    assert_text_absent("import error", &r.output(), &common::personal_in_messages());
    assert_eq!(cli_export(&dir), before);

    // A reference to a record that is nowhere.
    let r = import_changed(&dir, &bad, &doc, |v| {
        v["incidents"][0]["parties"][0]["person"] =
            serde_json::json!(caseline::domain::PersonId::new().to_string())
    });
    assert!(r.stderr.contains("incidents[0]"), "{}", r.stderr);
    assert!(r.stderr.contains("parties[0].person"), "{}", r.stderr);
    assert_eq!(cli_export(&dir), before);

    // A code not in the reference lists.
    let r = import_changed(&dir, &bad, &doc, |v| {
        v["incidents"][0]["strands"][0] = serde_json::json!("astrology")
    });
    assert!(r.stderr.contains("strands[0]"), "{}", r.stderr);
    assert_eq!(cli_export(&dir), before);

    // Cut short, not JSON, wrong format, missing file.
    assert_unreadable_files_refused(&dir, &good, &bad, &doc);
    assert_eq!(cli_export(&dir), before);

    // The good file imports; importing it again is refused and changes nothing.
    let r = cli(&dir, &["import", good.to_str().unwrap()]).expect(0);
    assert!(r.stdout.contains("Imported"), "{}", r.stdout);
    assert!(r.stdout.contains("3 people"), "{}", r.stdout);
    let after = cli_export(&dir);
    assert_eq!(after["people"].as_array().unwrap().len(), 3);
    let r = cli(&dir, &["import", good.to_str().unwrap()]).expect(1);
    assert!(r.stderr.contains("already in this store"), "{}", r.stderr);
    assert_eq!(cli_export(&dir), after);

    // From standard input too.
    assert_imports_from_stdin(&tmp.path().join("other"), &good, &after);
}

/// `good`, read from standard input into a new store at `other`, gives the cases of
/// `imported` with their references.
fn assert_imports_from_stdin(other: &Path, good: &Path, imported: &serde_json::Value) {
    cli_init(other);
    let file = std::fs::File::open(good).unwrap();
    run(caseline(other).args(["import", "-"]).stdin(file)).expect(0);
    let refs = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["id"].to_string(), c["reference"].to_string()))
            .collect()
    };
    assert_eq!(refs(&cli_export(other)), refs(imported));
}

#[test]
fn stats_and_check_after_an_import_show_nothing_personal() {
    let tmp = common::temp("cli-stats");
    let (good, _) = export_document(&tmp);
    let dir = tmp.path().join("data");
    cli_init(&dir);
    cli(&dir, &["import", good.to_str().unwrap()]).expect(0);
    let table = cli(&dir, &["stats"]).expect(0);
    assert!(table.stdout.contains("TREE"), "{}", table.stdout);
    assert!(table.stdout.contains("people"), "{}", table.stdout);
    assert_text_absent("stats", &table.output(), PERSONAL);
    let json = cli(&dir, &["stats", "--format", "json"]).expect(0);
    assert_text_absent("stats --format json", &json.output(), PERSONAL);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let count = |tree: &str| {
        v["trees"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tree"] == tree)
            .unwrap_or_else(|| panic!("{tree} in stats"))["records"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("people"), 3);
    assert_eq!(count("incidents"), 3);
    assert_eq!(count("cases"), 2);
    assert_eq!(count("organisations"), 1);
    assert!(v["database_bytes"].as_u64().unwrap() > 0);
    let check = cli(&dir, &["check"]).expect(0);
    assert_text_absent("check", &check.output(), PERSONAL);
}

#[test]
fn backup_and_restore() {
    let tmp = common::temp("cli-backup");
    let (good, _) = export_document(&tmp);
    let dir = tmp.path().join("data");
    cli_init(&dir);
    cli(&dir, &["import", good.to_str().unwrap()]).expect(0);
    let original = cli_export(&dir);

    let backup = tmp.path().join("nightly.clb");
    let r = cli(&dir, &["backup", backup.to_str().unwrap()]).expect(0);
    assert!(r.stdout.contains("Backed up"), "{}", r.stdout);
    #[cfg(unix)]
    assert_eq!(mode(&backup), 0o600);
    let r = cli(&dir, &["backup", backup.to_str().unwrap()]).expect(1);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    // A file named as the partial file once was is the user's: left alone.
    let second = tmp.path().join("second.clb");
    let theirs = tmp.path().join("second.clb.partial");
    std::fs::write(&theirs, "mine").unwrap();
    cli(&dir, &["backup", second.to_str().unwrap()]).expect(0);
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "mine");
    let stray = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect::<Vec<_>>();
    assert!(stray.is_empty(), "no partial file left behind: {stray:?}");

    // Into a new directory: the same store.
    let fresh = tmp.path().join("fresh");
    let r = cli_retrying(&fresh, &["restore", backup.to_str().unwrap()]).expect(0);
    assert!(r.stdout.contains("Restored"), "{}", r.stdout);
    assert_eq!(cli_export(&fresh), original);
    cli(&fresh, &["check"]).expect(0);

    // Onto a store that has changed since: refused without --force.
    cli(&dir, &["reference", "add", "case_kind", "Immigration law"]).expect(0);
    let changed = cli_export(&dir);
    assert_ne!(changed, original);
    let r = cli(&dir, &["restore", backup.to_str().unwrap()]).expect(1);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(cli_export(&dir), changed);

    // With the wrong passphrase, refused even with --force.
    let r = common::run_retrying(|| {
        let mut c = caseline_bare();
        c.arg("--data-dir")
            .arg(&dir)
            .env("CASELINE_PASSPHRASE", "wrong wrong wrong")
            .args(["restore", "--force", backup.to_str().unwrap()]);
        c
    })
    .expect(1);
    assert!(r.stderr.contains("passphrase is not right"), "{}", r.stderr);
    assert_eq!(cli_export(&dir), changed);

    // With --force: back to the backup's contents.
    cli_retrying(&dir, &["restore", "--force", backup.to_str().unwrap()]).expect(0);
    assert_eq!(cli_export(&dir), original);
    cli(&dir, &["check"]).expect(0);
    for leftover in ["db.restore", "db.replaced", "db.new"] {
        assert!(!dir.join(leftover).exists(), "{leftover} left behind");
    }

    // A file that is not a backup.
    let r = cli(&fresh, &["restore", "--force", good.to_str().unwrap()]).expect(1);
    assert!(r.stderr.contains("not a caseline backup"), "{}", r.stderr);
    assert_eq!(cli_export(&fresh), original);
}

/// The row of `code` in the output of `caseline reference show`.
fn row_of<'a>(shown: &'a str, code: &str) -> Option<&'a str> {
    shown.lines().find(|l| l.starts_with(&format!("{code} ")))
}

/// Whether a reference list, as JSON, has an entry for which `f` holds.
fn has_entry(list: &serde_json::Value, f: impl Fn(&serde_json::Value) -> bool) -> bool {
    list["entries"].as_array().unwrap().iter().any(f)
}

#[test]
fn reference_lists_can_be_extended() {
    let tmp = common::temp("cli-ref");
    let dir = tmp.path().join("data");
    cli_init(&dir);
    let r = cli(&dir, &["reference", "add", "case_kind", "Immigration"]).expect(0);
    assert!(
        r.stdout.contains("Immigration (immigration)"),
        "{}",
        r.stdout
    );
    let show = cli(&dir, &["reference", "show", "case_kind"]).expect(0);
    let row = row_of(&show.stdout, "immigration")
        .unwrap_or_else(|| panic!("immigration is listed:\n{}", show.stdout));
    assert!(row.contains("Immigration"), "{row}");
    assert!(show.stdout.contains("hate_crime"), "{}", show.stdout);

    let json = cli(
        &dir,
        &["reference", "show", "case-kind", "--format", "json"],
    )
    .expect(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["kind"], "case_kind");
    assert!(has_entry(&v, |e| e["code"] == "immigration"
        && e["label"] == "Immigration"));

    let r = cli(&dir, &["reference", "add", "case_kind", "Immigration"]).expect(1);
    assert!(r.stderr.contains("already in the list"), "{}", r.stderr);
    cli(
        &dir,
        &[
            "reference",
            "add",
            "language",
            "Yoruba",
            "--code",
            "yoruba",
            "--group",
            "West African",
        ],
    )
    .expect(0);
    let langs = cli(&dir, &["reference", "show", "language"]).expect(0);
    let row = row_of(&langs.stdout, "yoruba").expect("yoruba");
    assert!(row.contains("West African"), "{row}");
    let r = cli(
        &dir,
        &["reference", "add", "language", "X", "--code", "Bad Code"],
    )
    .expect(1);
    assert!(r.stderr.contains("code"), "{}", r.stderr);

    // The lists are named without opening anything.
    let list = run(caseline_bare().args(["reference", "list"])).expect(0);
    assert!(list.stdout.contains("case_kind"), "{}", list.stdout);

    // And the new values survive a restart and pass check.
    cli(&dir, &["check"]).expect(0);
    let v = cli_export(&dir);
    let kinds = v["reference_lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "case_kind")
        .unwrap();
    assert!(has_entry(kinds, |e| e["code"] == "immigration"));
}

#[test]
fn the_wait_before_a_referral_is_chased_is_set_by_kind_of_agency() {
    let tmp = common::temp("chase");
    let dir = tmp.path().join("data");
    cli_init(&dir);
    let said = cli(
        &dir,
        &["config", "referral-chase", "10", "--kind", "police"],
    )
    .expect(0);
    assert!(
        said.stdout.contains("to police are chased after 10 days"),
        "{}",
        said.output()
    );
    cli(&dir, &["config", "referral-chase", "21"]).expect(0);
    let shown = cli(&dir, &["config", "show"]).expect(0).stdout;
    assert!(shown.contains("referral chase     21 days"), "{shown}");
    assert!(shown.contains("  police           10 days"), "{shown}");
    // Bad values are named and change nothing.
    let bad = cli(&dir, &["config", "referral-chase", "0"]).expect(1);
    assert!(bad.output().contains("referral_chase"), "{}", bad.output());
    let bad = cli(
        &dir,
        &["config", "referral-chase", "5", "--kind", "nowhere"],
    )
    .expect(1);
    assert!(bad.output().contains("agency_kind"), "{}", bad.output());
    cli(&dir, &["config", "referral-chase", "--kind", "police"]).expect(0);
    let shown = cli(&dir, &["config", "show"]).expect(0).stdout;
    let waits = shown.lines().filter(|l| l.ends_with(" days"));
    assert!(!waits.into_iter().any(|l| l.contains("police")), "{shown}");
}

#[test]
#[cfg(unix)]
fn manual_pages_are_readable_by_everyone() {
    // caseline works under a umask of 077; pages a root install leaves must still open
    // for every user.
    let tmp = common::temp("cli-manpages");
    let pages = tmp.path().join("man1");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(pages.join("caseline.1"), "old page").unwrap();
    set_mode(&pages.join("caseline.1"), 0o600);
    let r = run(caseline_bare().args(["manpages", pages.to_str().unwrap()])).expect(0);
    assert!(r.stdout.contains("manual pages"), "{}", r.stdout);
    let names: Vec<PathBuf> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(names.len() > 10, "{names:?}");
    for page in &names {
        assert!(page.extension().is_some_and(|e| e == "1"), "{page:?}");
        assert_eq!(mode(page), 0o644, "{page:?}");
    }
    let main = std::fs::read_to_string(pages.join("caseline.1")).unwrap();
    assert!(main.contains(".TH"), "{main}");
}
