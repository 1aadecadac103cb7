//! Many commands at once through one server: every one is served (none refused as "in
//! use", as they were when each command opened the store itself), imports all land,
//! and the backups written through the server restore and check clean.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

use super::store;
use crate::common::server::{finish, serve};
use crate::common::{self, caseline, cli, cli_retrying};

/// Commands run at once in each round.
const AT_ONCE: usize = 3;
/// Rounds: each of the eight kinds of command runs three times, beside different
/// others each time (a check beside an import among them).
const ROUNDS: usize = 8;

/// The `i`th command of the mix: each kind in turn, with files of its own.
fn command(i: usize, tmp: &Path) -> Vec<String> {
    let file = |name: &str| tmp.join(name).display().to_string();
    match i % 8 {
        0 => vec!["backup".into(), file(&format!("backup-{i}.clb"))],
        1 => vec!["check".into()],
        2 => vec!["stats".into()],
        3 => vec!["queue".into()],
        4 => vec!["search".into(), "Hassan".into()],
        5 => vec!["user".into(), "list".into()],
        6 => vec![
            "export".into(),
            "--out".into(),
            file(&format!("export-{i}.json")),
        ],
        _ => vec!["import".into(), file(&format!("partner-{i}.json"))],
    }
}

/// A small export document adding one new organisation, its creator the store's
/// administrator: each import adds a record of its own, so none is refused as a
/// repeat.
fn partner_document(template: &serde_json::Value, n: usize) -> serde_json::Value {
    let mut org = template["organisations"][0].clone();
    org["id"] = caseline::domain::OrganisationId::new().to_string().into();
    org["name"] = format!("Partner group {n}").into();
    serde_json::json!({
        "format": template["format"],
        "version": template["version"],
        "exported_at": template["exported_at"],
        "settings": template["settings"],
        "reference_lists": [],
        "users": [],
        "organisations": [org],
        "people": [], "incidents": [], "cases": [],
        "timeline": [], "follow_ups": [], "referrals": [],
    })
}

fn start(dir: &Path, args: &[String]) -> Child {
    caseline(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("caseline starts")
}

#[test]
fn commands_from_several_processes_at_once_are_all_served() {
    let tmp = common::temp("server-busy");
    let dir = store(&tmp);
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).expect("a work directory");
    let template = {
        let svc = common::open_store(&dir);
        let v = serde_json::to_value(svc.export().expect("export")).expect("json");
        common::close(svc);
        v
    };
    let total = AT_ONCE * ROUNDS;
    let mut imports = 0;
    for i in (0..total).filter(|i| i % 8 == 7) {
        let doc = partner_document(&template, i);
        let path = work.join(format!("partner-{i}.json"));
        std::fs::write(&path, serde_json::to_vec(&doc).expect("json")).expect("written");
        imports += 1;
    }

    let server = serve(&dir, &["--idle-exit", "60"]);
    for round in 0..ROUNDS {
        let cmds: Vec<Vec<String>> = (0..AT_ONCE)
            .map(|k| command(round * AT_ONCE + k, &work))
            .collect();
        let children: Vec<Child> = cmds.iter().map(|args| start(&dir, args)).collect();
        for (args, child) in cmds.iter().zip(children) {
            let r = finish(child);
            assert!(
                !r.stderr.contains("in use"),
                "{args:?} was refused:\n{}",
                r.stderr
            );
            r.expect(0);
        }
    }
    let log = server.stop();
    for trouble in ["closed", "internal error", "closing its session", "refused"] {
        assert!(
            !log.contains(trouble),
            "the server's log says {trouble:?}:\n{log}"
        );
    }
    assert!(log.contains("signed in"), "{log}");

    // Everything the imports brought is there, and the store checks clean.
    let export = common::cli_export(&dir);
    let orgs = export["organisations"].as_array().expect("organisations");
    assert_eq!(orgs.len(), 1 + imports, "{orgs:#?}");
    cli(&dir, &["check"]).expect(0);

    // Every backup written through the server restores into an empty directory and
    // checks clean there.
    let backups: Vec<PathBuf> = (0..total)
        .filter(|i| i % 8 == 0)
        .map(|i| work.join(format!("backup-{i}.clb")))
        .collect();
    assert!(!backups.is_empty());
    for (n, backup) in backups.iter().enumerate() {
        let fresh = tmp.path().join(format!("restored-{n}"));
        cli_retrying(&fresh, &["restore", backup.to_str().expect("a path")]).expect(0);
        cli(&fresh, &["check"]).expect(0);
    }
}
