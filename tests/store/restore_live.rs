//! Replacing a live store is authorised by the live store, not by the backup: only one
//! of its administrators, signed in to it, may; the replaced store is kept, as it was,
//! until an administrator removes it; and a restore killed at any moment leaves the
//! old store or the new one, never neither, and never loses the old one.

use caseline::service::KeyCost;
use std::path::{Path, PathBuf};
use std::time::Duration;

use caseline::Caseline;
use caseline::domain::{AuditAction, Role};
use caseline::service::{AuditQuery, InitRequest, NewUser};

use super::common::{self, PASSPHRASE, Run, caseline_bare, cli, cli_export, run, run_retrying};
use super::flips::copy_dir;

/// The other store's passphrase: it opens the backup, and nothing of ours.
const OTHER: &str = "another store entirely, its own words";
const WORKER: &str = "the caseworker's own passphrase";

/// `caseline --data-dir DIR [--user LOGIN] restore ARGS` with `secret` as the
/// passphrase and `backup` as the backup's, if given.
fn restore(
    dir: &Path,
    user: Option<&str>,
    secret: &str,
    backup: Option<&str>,
    args: &[&str],
) -> Run {
    run_retrying(|| {
        let mut c = caseline_bare();
        c.arg("--data-dir")
            .arg(dir)
            .env("CASELINE_PASSPHRASE", secret);
        if let Some(user) = user {
            c.args(["--user", user]);
        }
        if let Some(b) = backup {
            c.env("CASELINE_BACKUP_PASSPHRASE", b);
        }
        c.arg("restore").args(args);
        c
    })
}

/// Our store: casework, and a caseworker beside the administrator.
fn ours(dir: &Path) {
    let mut svc = common::init_store(dir);
    common::populate(&mut svc);
    let worker = NewUser {
        login: "worker".into(),
        display_name: "A caseworker".into(),
        role: Role::Caseworker,
        centre: None,
    };
    svc.add_user(worker, WORKER, KeyCost::CheapForTests)
        .unwrap();
    common::close(svc);
}

/// Another organisation's store, with its own passphrase, and a backup of it.
fn theirs(tmp: &Path) -> PathBuf {
    let dir = tmp.join("theirs");
    let req = InitRequest {
        organisation: "Another Council".into(),
        admin_login: "admin".into(),
        admin_name: "Their administrator".into(),
        passphrase: OTHER.to_string().into(),
        key_cost: KeyCost::CheapForTests,
    };
    let (svc, _) = Caseline::init_with_clock(&dir, req, common::clock()).expect("init");
    let backup = tmp.join("theirs.clb");
    svc.backup(&backup).expect("backup");
    common::close(svc);
    backup
}

fn kept_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("replaced-")
        })
        .collect();
    out.sort();
    out
}

fn assert_untouched(dir: &Path, before: &serde_json::Value, why: &str) {
    assert_eq!(&cli_export(dir), before, "{why}: the store changed");
    for left in ["db.restore", "db.replaced"] {
        assert!(!dir.join(left).exists(), "{why}: {left} left behind");
    }
    assert!(kept_dirs(dir).is_empty(), "{why}: a store was kept");
}

#[test]
fn a_backup_never_authorises_replacing_a_live_store_by_itself() {
    let tmp = common::temp("restore-auth");
    let dir = tmp.path().join("ours");
    ours(&dir);
    let backup = theirs(tmp.path());
    let src = backup.to_str().unwrap();
    let before = cli_export(&dir);

    // The backup's own passphrase, which opens nothing of ours: refused.
    let r = restore(&dir, None, OTHER, None, &["--force", src]).expect(1);
    assert!(
        r.stderr.contains("needs one of its administrators"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("passphrase is not right"), "{}", r.stderr);
    assert_untouched(&dir, &before, "the backup's passphrase");
    // One of ours, but not an administrator: refused.
    let r = restore(&dir, Some("worker"), WORKER, Some(OTHER), &["--force", src]).expect(1);
    assert!(
        r.stderr.contains("needs one of its administrators"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("administrator"), "{}", r.stderr);
    assert_untouched(&dir, &before, "a caseworker");
    // Our administrator, but the backup's passphrase is not given: the backup does not
    // open with ours, and nothing changes.
    let r = restore(&dir, Some("admin"), PASSPHRASE, None, &["--force", src]).expect(1);
    assert!(r.stderr.contains("passphrase is not right"), "{}", r.stderr);
    assert_untouched(&dir, &before, "the backup's passphrase missing");
    // Without --force, whoever asks: refused before anything is read.
    let r = restore(&dir, Some("admin"), PASSPHRASE, Some(OTHER), &[src]).expect(1);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_untouched(&dir, &before, "no --force");

    // Into an empty directory the backup's own administrator is enough, as before.
    let fresh = tmp.path().join("fresh");
    restore(&fresh, None, OTHER, None, &[src]).expect(0);
    assert!(kept_dirs(&fresh).is_empty());
}

#[test]
fn the_replaced_store_is_kept_as_it_was_until_an_administrator_removes_it() {
    let tmp = common::temp("restore-kept");
    let dir = tmp.path().join("ours");
    ours(&dir);
    let backup = theirs(tmp.path());
    let before = cli_export(&dir);
    // A draft being typed in our store goes with it.
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::write(dir.join("drafts").join("marker"), b"ours").unwrap();

    let src = backup.to_str().unwrap();
    let r = restore(
        &dir,
        Some("admin"),
        PASSPHRASE,
        Some(OTHER),
        &["--force", src],
    )
    .expect(0);
    let kept = kept_dirs(&dir);
    assert_eq!(kept.len(), 1, "{}", r.stdout);
    let kept = &kept[0];
    let name = kept.file_name().unwrap().to_str().unwrap().to_string();
    // Named by the command's clock, started at the tests' moment (10:15:00 UTC).
    assert!(name.starts_with("replaced-2026-11-22T10-1"), "{name}");
    assert!(
        r.stdout.contains(&kept.display().to_string()),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(&format!("caseline replaced remove {name}")),
        "{}",
        r.stdout
    );
    let theirs_now = common::run(
        caseline_bare()
            .arg("--data-dir")
            .arg(&dir)
            .env("CASELINE_PASSPHRASE", OTHER)
            .arg("export"),
    )
    .expect(0);
    assert!(theirs_now.stdout.contains("Another Council"));
    assert!(
        !dir.join("drafts").exists(),
        "our drafts stayed with their store"
    );
    assert_eq!(
        std::fs::read(kept.join("drafts").join("marker")).unwrap(),
        b"ours"
    );

    assert_kept_as_it_was(kept, &name, &before);
    assert_listed_until_removed(&dir, kept, &name);
}

#[test]
fn a_volunteer_or_caseworker_cannot_remove_a_kept_store() {
    let tmp = common::temp("restore-remove");
    let dir = tmp.path().join("ours");
    ours(&dir);
    let backup = tmp.path().join("ours.clb");
    cli(&dir, &["backup", backup.to_str().unwrap()]).expect(0);
    // Our own backup over our store: the same passphrase opens both.
    cli(&dir, &["restore", "--force", backup.to_str().unwrap()]).expect(0);
    let kept = kept_dirs(&dir);
    assert_eq!(kept.len(), 1);
    let name = kept[0].file_name().unwrap().to_str().unwrap();
    let r = run(caseline_bare()
        .arg("--data-dir")
        .arg(&dir)
        .env("CASELINE_PASSPHRASE", WORKER)
        .args(["--user", "worker", "replaced", "remove", name]))
    .expect(1);
    assert!(r.stderr.contains("not permitted"), "{}", r.stderr);
    assert!(kept[0].exists());
}

/// The kept store opens with our passphrase, all there, and its own log ends by saying
/// it was replaced, where it is kept, and by whom.
fn assert_kept_as_it_was(kept: &Path, name: &str, before: &serde_json::Value) {
    assert_eq!(&cli_export(kept), before);
    let svc = common::open_store(kept);
    let q = AuditQuery {
        limit: 100,
        ..AuditQuery::default()
    };
    let rows = svc.audit_log(&q).expect("audit");
    let last = rows
        .iter()
        .find(|r| r.action == AuditAction::Restore)
        .expect("a restore entry");
    assert!(last.detail.contains(name), "{last:?}");
    assert_eq!(last.user.as_deref(), Some("admin"), "{last:?}");
    common::close(svc);
}

/// Listed by check and stats (theirs is live now) until an administrator removes it,
/// by its name only.
fn assert_listed_until_removed(dir: &Path, kept: &Path, name: &str) {
    let as_them = |args: &[&str]| {
        run(caseline_bare()
            .arg("--data-dir")
            .arg(dir)
            .env("CASELINE_PASSPHRASE", OTHER)
            .args(args))
    };
    let r = as_them(&["check"]).expect(0);
    assert!(r.stdout.contains(name), "{}", r.stdout);
    let r = as_them(&["stats"]).expect(0);
    assert!(r.stdout.contains(name), "{}", r.stdout);
    let r = as_them(&["stats", "--format", "json"]).expect(0);
    let stats: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(stats["replaced"][0]["name"], name);
    let r = as_them(&["replaced", "list"]).expect(0);
    assert!(r.stdout.contains(name), "{}", r.stdout);

    // Only a name of a kept store is removed: nothing else in or out of the directory.
    as_them(&["replaced", "remove", "db"]).expect(1);
    as_them(&["replaced", "remove", "../ours"]).expect(1);
    assert!(kept.exists());
    let r = as_them(&["replaced", "remove", name]).expect(0);
    assert!(r.stdout.contains("Removed"), "{}", r.stdout);
    assert!(!kept.exists());
    assert!(kept_dirs(dir).is_empty());
    let r = as_them(&["check"]).expect(0);
    assert!(!r.stdout.contains(name), "{}", r.stdout);
    let r = as_them(&["audit", "--format", "json"]).expect(0);
    assert!(
        r.stdout.contains(&format!("the replaced store {name}")),
        "{}",
        r.stdout
    );
}

/// The steps of a restore's swap, stopped after each: what the next open makes of it.
#[test]
fn a_restore_stopped_between_any_two_steps_leaves_one_store_whole() {
    let tmp = common::temp("restore-steps");
    let old = tmp.path().join("old");
    ours(&old);
    let old_export = cli_export(&old);
    let new = tmp.path().join("new");
    common::close(common::init_store(&new));
    let new_export = cli_export(&new);
    // Each state is set up from copies of the two stores' databases.
    let state = |name: &str, set_up: &dyn Fn(&Path)| -> PathBuf {
        let dir = tmp.path().join(name);
        copy_dir(&old, &dir);
        std::fs::create_dir_all(dir.join("drafts")).unwrap();
        std::fs::write(dir.join("drafts").join("marker"), b"old").unwrap();
        set_up(&dir);
        dir
    };
    let staged = |dir: &Path| copy_dir(&new.join("db"), &dir.join("db.restore"));
    let aside = |dir: &Path| std::fs::rename(dir.join("db"), dir.join("db.replaced")).unwrap();
    let swapped = |dir: &Path| std::fs::rename(dir.join("db.restore"), dir.join("db")).unwrap();

    // Unpacking, or checking the unpacked copy: the old store stays, the copy goes.
    let dir = state("unpacking", &|d| {
        staged(d);
        std::fs::write(d.join("db.restore").join("db"), b"half a database").unwrap();
    });
    let r = cli(&dir, &["check"]).expect(0);
    assert!(r.stdout.contains("db.restore"), "{}", r.stdout);
    assert_eq!(cli_export(&dir), old_export);
    assert!(!dir.join("db.restore").exists());

    // The old store moved aside, the new one not yet in: the old one is put back.
    let dir = state("aside", &|d| {
        staged(d);
        aside(d);
    });
    let r = cli(&dir, &["export"]).expect(0);
    assert!(r.stderr.contains("back in place"), "{}", r.stderr);
    assert_eq!(cli_export(&dir), old_export);
    assert!(!dir.join("db.restore").exists() && !dir.join("db.replaced").exists());
    assert!(kept_dirs(&dir).is_empty());

    // The new one in, the old one not yet kept: it is kept now, with its drafts.
    for (name, part) in [("swapped", false), ("keeping", true)] {
        let dir = state(name, &|d| {
            staged(d);
            aside(d);
            swapped(d);
            if part {
                // Stopped after the drafts went into the kept directory.
                let kept = d.join("replaced-2026-01-01T00-00-00Z");
                std::fs::create_dir(&kept).unwrap();
                std::fs::rename(d.join("drafts"), kept.join("drafts")).unwrap();
            }
        });
        let r = cli(&dir, &["export"]).expect(0);
        assert!(
            r.stderr.contains("kept in replaced-"),
            "{name}: {}",
            r.stderr
        );
        assert_eq!(cli_export(&dir), new_export, "{name}");
        let kept = kept_dirs(&dir);
        assert_eq!(kept.len(), 1, "{name}: {kept:?}");
        assert_eq!(cli_export(&kept[0]), old_export, "{name}");
        assert_eq!(
            std::fs::read(kept[0].join("drafts").join("marker")).unwrap(),
            b"old"
        );
        assert!(!dir.join("db.replaced").exists());
    }

    // A removal that stopped part way is finished.
    let dir = state("removing", &|d| {
        let removing = d.join("replaced-2026-01-01T00-00-00Z.removing");
        copy_dir(&new.join("db"), &removing.join("db"));
    });
    let r = cli(&dir, &["check"]).expect(0);
    assert!(r.stdout.contains("was finished"), "{}", r.stdout);
    assert!(!dir.join("replaced-2026-01-01T00-00-00Z.removing").exists());
}

/// `caseline restore --force` killed at random moments: afterwards the store opens
/// and is the old one or the new one, and the old one is never lost.
#[test]
fn sigkill_during_a_restore_leaves_the_old_store_or_the_new_one() {
    let tmp = common::temp("restore-kill");
    let base = tmp.path().join("base");
    ours(&base);
    let old_export = cli_export(&base);
    let backup = theirs(tmp.path());
    let mut rng = common::crash::Rng::from_env(0x2E57);
    // How long a whole restore takes here, so the kills spread over all of it.
    let timing = tmp.path().join("timing");
    copy_dir(&base, &timing);
    let started = std::time::Instant::now();
    restore(
        &timing,
        Some("admin"),
        PASSPHRASE,
        Some(OTHER),
        &["--force", backup.to_str().unwrap()],
    )
    .expect(0);
    let whole = started.elapsed().as_millis() as u64;
    let mut outcomes = [0usize; 2];
    for round in 0..8 {
        let dir = tmp.path().join(format!("round-{round}"));
        copy_dir(&base, &dir);
        let mut child = caseline_bare()
            .arg("--data-dir")
            .arg(&dir)
            .env("CASELINE_PASSPHRASE", PASSPHRASE)
            .env("CASELINE_BACKUP_PASSPHRASE", OTHER)
            .args([
                "--user",
                "admin",
                "restore",
                "--force",
                backup.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("caseline runs");
        std::thread::sleep(Duration::from_millis(rng.range(0, whole + whole / 4)));
        // It may have finished already.
        let _ = child.kill();
        let _ = child.wait();
        common::wait_released(&dir);
        // The store opens (with whichever passphrase is now its own) and is whole.
        let ours_now = run(caseline_bare()
            .arg("--data-dir")
            .arg(&dir)
            .env("CASELINE_PASSPHRASE", PASSPHRASE)
            .arg("export"));
        if ours_now.code == Some(0) {
            outcomes[0] += 1;
            let mut v: serde_json::Value = serde_json::from_str(&ours_now.stdout).unwrap();
            common::strip_exported_at(&mut v);
            assert_eq!(v, old_export, "round {round}: the old store is not whole");
            assert!(kept_dirs(&dir).is_empty(), "round {round}");
        } else {
            outcomes[1] += 1;
            run(caseline_bare()
                .arg("--data-dir")
                .arg(&dir)
                .env("CASELINE_PASSPHRASE", OTHER)
                .arg("check"))
            .expect(0);
            let kept = kept_dirs(&dir);
            assert_eq!(kept.len(), 1, "round {round}: the old store was not kept");
            assert_eq!(cli_export(&kept[0]), old_export, "round {round}");
        }
        for left in ["db.restore", "db.replaced"] {
            assert!(
                !dir.join(left).exists(),
                "round {round}: {left} left behind"
            );
        }
    }
    eprintln!(
        "restores killed: {} left the old store, {} the new",
        outcomes[0], outcomes[1]
    );
}
