//! `caseline user`, run as the real binary: adding, listing, changing roles, disabling,
//! enabling and setting passphrases, with exit codes 0 (done), 1 (refused or bad
//! input, with a message) and 2 (usage).

use std::path::Path;
use std::process::Command;

use crate::common::{self, caseline, cli, cli_init, run};

const NEW_ENV: &str = "CASELINE_NEW_PASSPHRASE";

/// The binary signed in as `login` with `pass`.
fn as_user(dir: &Path, login: &str, pass: &str) -> Command {
    let mut c = caseline(dir);
    c.env("CASELINE_PASSPHRASE", pass).args(["--user", login]);
    c
}

/// `caseline ARGS` as the administrator, with `new` as the new passphrase.
fn with_new(dir: &Path, new: &str, args: &[&str]) -> common::Run {
    run(caseline(dir).env(NEW_ENV, new).args(args))
}

/// The recovery key from init's output: the indented line after the heading.
fn recovery_key(init_stdout: &str) -> String {
    let mut lines = init_stdout
        .lines()
        .skip_while(|l| !l.starts_with("RECOVERY KEY"));
    lines.next();
    lines
        .find(|l| l.starts_with("    "))
        .map(|l| l.trim().to_string())
        .expect("init prints the recovery key")
}

/// `user list --format json`, as (login, role, active, slots).
fn users(dir: &Path) -> Vec<(String, String, bool, u64)> {
    let r = cli(dir, &["user", "list", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    v.as_array()
        .expect("an array")
        .iter()
        .map(|u| {
            (
                u["login"].as_str().unwrap().to_string(),
                u["role"].as_str().unwrap().to_string(),
                u["active"].as_bool().unwrap(),
                u["slots"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn user(dir: &Path, login: &str) -> (String, bool, u64) {
    let (_, role, active, slots) = users(dir)
        .into_iter()
        .find(|u| u.0 == login)
        .unwrap_or_else(|| panic!("{login} is listed"));
    (role, active, slots)
}

#[test]
fn administrators_manage_users_from_the_command_line() {
    let tmp = common::temp("roles-cli");
    let dir = tmp.path().join("data");
    let init = cli_init(&dir);
    let recovery = recovery_key(&init.stdout);

    let vic_pass = "volunteer passphrase one";
    with_new(
        &dir,
        vic_pass,
        &[
            "user",
            "add",
            "vic",
            "--name",
            "Vic Volunteer",
            "--role",
            "volunteer",
        ],
    )
    .expect(0);
    let file = tmp.path().join("cas-pass");
    std::fs::write(&file, "caseworker passphrase one\nignored\n").unwrap();
    let file_arg = file.to_str().unwrap();
    cli(
        &dir,
        &[
            "user",
            "add",
            "cas",
            "--name",
            "Cas Worker",
            "--role",
            "caseworker",
            "--new-passphrase-file",
            file_arg,
        ],
    )
    .expect(0);
    assert_eq!(user(&dir, "vic"), ("volunteer".into(), true, 1));
    assert_eq!(user(&dir, "cas"), ("caseworker".into(), true, 1));
    let table = cli(&dir, &["user", "list"]).expect(0);
    for word in ["LOGIN", "ROLE", "Vic Volunteer", "caseworker", "active"] {
        assert!(table.stdout.contains(word), "{word}:\n{}", table.stdout);
    }
    // The passphrase from the file is its first line only.
    run(as_user(&dir, "cas", "caseworker passphrase one").arg("stats")).expect(0);

    // Set-role, and what a role then allows.
    cli(&dir, &["user", "set-role", "vic", "caseworker"]).expect(0);
    assert_eq!(user(&dir, "vic").0, "caseworker");
    run(as_user(&dir, "vic", vic_pass).arg("stats")).expect(0);
    cli(&dir, &["user", "set-role", "vic", "volunteer"]).expect(0);
    let r = run(as_user(&dir, "vic", vic_pass).arg("stats")).expect(1);
    assert!(r.stderr.contains("not permitted"), "{}", r.stderr);

    // Disable: the passphrase stops working; enable with a new one.
    let r = cli(&dir, &["user", "disable", "vic"]).expect(0);
    assert!(r.stdout.contains("disabled"), "{}", r.stdout);
    assert_eq!(user(&dir, "vic"), ("volunteer".into(), false, 0));
    let r = run(as_user(&dir, "vic", vic_pass).args(["queue"])).expect(1);
    assert!(r.stderr.contains("passphrase is not right"), "{}", r.stderr);
    with_new(&dir, "volunteer passphrase two", &["user", "enable", "vic"]).expect(0);
    run(as_user(&dir, "vic", "volunteer passphrase two").arg("queue")).expect(0);

    // An administrator sets someone's passphrase; a user changes their own.
    with_new(
        &dir,
        "caseworker passphrase two",
        &["user", "passphrase", "cas"],
    )
    .expect(0);
    run(as_user(&dir, "cas", "caseworker passphrase one").arg("queue")).expect(1);
    run(as_user(&dir, "cas", "caseworker passphrase two")
        .env(NEW_ENV, "caseworker passphrase three")
        .args(["user", "passphrase", "cas"]))
    .expect(0);
    run(as_user(&dir, "cas", "caseworker passphrase three").arg("queue")).expect(0);

    // The recovery key still opens the store, as an administrator.
    let r = run(caseline(&dir)
        .env("CASELINE_PASSPHRASE", &recovery)
        .args(["user", "list"]))
    .expect(0);
    assert!(r.stdout.contains("recovery"), "{}", r.stdout);
}

#[test]
fn refusals_bad_input_and_usage() {
    let tmp = common::temp("roles-cli-no");
    let dir = tmp.path().join("data");
    cli_init(&dir);
    let vic_pass = "volunteer passphrase one";
    with_new(
        &dir,
        vic_pass,
        &["user", "add", "vic", "--name", "Vic", "--role", "volunteer"],
    )
    .expect(0);

    // Usage: exit 2.
    for args in [
        &["user"][..],
        &["user", "add", "x", "--name", "X", "--role", "wizard"],
        &["user", "add", "x", "--role", "volunteer"],
        &["user", "set-role", "vic"],
        &["user", "list", "--format", "xml"],
    ] {
        cli(&dir, args).expect(2);
    }

    // Refused or bad input: exit 1 with a message.
    let cases: [(&[&str], &str); 5] = [
        (
            &["user", "add", "vic", "--name", "V", "--role", "volunteer"],
            "login",
        ),
        (
            &[
                "user",
                "add",
                "Bad Login",
                "--name",
                "B",
                "--role",
                "volunteer",
            ],
            "login",
        ),
        (
            &["user", "set-role", "nobody", "caseworker"],
            "no user with the login",
        ),
        (&["user", "disable", "admin"], "last active administrator"),
        (
            &["user", "set-role", "admin", "volunteer"],
            "last active administrator",
        ),
    ];
    for (args, says) in cases {
        let r = with_new(&dir, "a perfectly fine passphrase", args).expect(1);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
    let r = cli(&dir, &["user", "passphrase", "vic"]).expect(1);
    assert!(r.stderr.contains(NEW_ENV), "{}", r.stderr);
    let r = with_new(&dir, "short", &["user", "passphrase", "vic"]).expect(1);
    assert!(r.stderr.contains("passphrase"), "{}", r.stderr);
    run(as_user(&dir, "vic", vic_pass).arg("queue")).expect(0);

    // A volunteer manages nobody, not even to ask for a passphrase first.
    for args in [
        &["user", "list"][..],
        &["user", "set-role", "vic", "administrator"],
        &["user", "disable", "admin"],
        &["user", "passphrase", "admin"],
        &[
            "user",
            "add",
            "eve",
            "--name",
            "Eve",
            "--role",
            "administrator",
        ],
        &["export"],
    ] {
        let r = run(as_user(&dir, "vic", vic_pass)
            .env(NEW_ENV, "eve's own passphrase")
            .args(args))
        .expect(1);
        assert!(r.stderr.contains("not permitted"), "{args:?}: {}", r.stderr);
    }
    assert_eq!(user(&dir, "vic").0, "volunteer");
    assert!(users(&dir).iter().all(|u| u.0 != "eve"));
}

#[test]
fn a_taken_login_is_refused_before_any_passphrase_is_asked_for() {
    let tmp = common::temp("roles-cli-taken");
    let dir = tmp.path().join("data");
    cli_init(&dir);
    let add = ["user", "add", "vic", "--name", "Vic", "--role", "volunteer"];
    with_new(&dir, "volunteer passphrase one", &add).expect(0);
    // No new passphrase anywhere: the login is what is wrong, and it is said first.
    let again = cli(&dir, &add).expect(1);
    assert!(
        again.stderr.contains("login `vic` is already taken"),
        "{}",
        again.stderr
    );
    assert_eq!(users(&dir).iter().filter(|u| u.0 == "vic").count(), 1);
}

/// A reporting centre's login is added with its centre, named as in the directory;
/// the role without a centre, or a centre without the role, is a usage error.
#[test]
fn a_reporting_centre_login_is_added_with_its_centre() {
    let tmp = common::temp("centre-cli");
    let dir = tmp.path().join("data");
    cli_init(&dir);
    let svc = common::open_store(&dir);
    for (name, centre) in [
        ("Surbiton Polish Saturday School", true),
        ("Surbiton Library", false),
    ] {
        svc.add_organisation(caseline::service::NewOrganisation {
            name: name.into(),
            kind: "community_group".into(),
            reporting_centre: centre,
            ..Default::default()
        })
        .unwrap();
    }
    common::close(svc);
    let add = |login: &str, extra: &[&str]| {
        let mut args = vec!["user", "add", login, "--name", "Centre desk"];
        args.extend_from_slice(extra);
        with_new(&dir, "centre passphrase that is long", &args)
    };
    let r = add("sps", &["--role", "reporting-centre"]).expect(2);
    assert!(r.stderr.contains("--centre"), "{}", r.stderr);
    let r = add("sps", &["--role", "volunteer", "--centre", "Saturday"]).expect(2);
    assert!(r.stderr.contains("--centre"), "{}", r.stderr);
    // The library is in the directory but takes no reports.
    let r = add(
        "sps",
        &["--role", "reporting-centre", "--centre", "library"],
    )
    .expect(1);
    assert!(r.stderr.contains("no reporting centre"), "{}", r.stderr);
    add(
        "sps",
        &["--role", "reporting-centre", "--centre", "saturday school"],
    )
    .expect(0);
    assert_eq!(user(&dir, "sps"), ("reporting_centre".into(), true, 1));
    // The list names each login's centre, in the table and in JSON.
    let table = cli(&dir, &["user", "list"]).expect(0).stdout;
    assert!(table.lines().next().unwrap().contains("CENTRE"), "{table}");
    let sps = table.lines().find(|l| l.starts_with("sps")).unwrap();
    assert!(sps.ends_with("Surbiton Polish Saturday School"), "{table}");
    let admin = table.lines().find(|l| l.starts_with("admin")).unwrap();
    assert!(!admin.contains("Surbiton"), "{table}");
    let json = cli(&dir, &["user", "list", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let names: Vec<(&str, Option<&str>)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["login"].as_str().unwrap(), u["centre_name"].as_str()))
        .collect();
    assert!(
        names.contains(&("sps", Some("Surbiton Polish Saturday School"))),
        "{names:?}"
    );
    assert!(names.contains(&("admin", None)), "{names:?}");

    // The centre's login may not list users (or anything but its own reports).
    let r = run(as_user(&dir, "sps", "centre passphrase that is long").args(["user", "list"]));
    let r = r.expect(1);
    assert!(r.stderr.contains("reporting centre"), "{}", r.stderr);
}
