//! taskwarrior holding a store's follow-ups as tasks, for side-by-side queue timings:
//! one project per worker, open follow-ups pending, closed ones completed, due dates
//! and priorities kept. Skipped when `task` is not installed
//! (`apt-get install taskwarrior`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use caseline::domain::{FollowUp, FollowUpState, Priority, Subject};
use caseline::service::Caseline;

/// Every follow-up of the store as a taskwarrior task, under its worker's login as the
/// project (dots made underscores: taskwarrior reads a dot as a sub-project).
pub fn tasks(svc: &Caseline) -> Vec<serde_json::Value> {
    let logins: std::collections::HashMap<_, _> = svc
        .users()
        .filter_map(Result::ok)
        .map(|u| (u.id, u.login))
        .collect();
    svc.follow_ups()
        .filter_map(Result::ok)
        .map(|f| {
            let login = f
                .assignee
                .and_then(|a| logins.get(&a).cloned())
                .unwrap_or_default();
            task_json(&f, &project(&login))
        })
        .collect()
}

/// The project a worker's tasks are in.
pub fn project(login: &str) -> String {
    login.replace('.', "_")
}

fn task_json(f: &FollowUp, project: &str) -> serde_json::Value {
    let due = f.due.format("%Y%m%dT000000Z").to_string();
    let mut v = serde_json::json!({
        "uuid": uuid_of(f),
        "description": f.action,
        "entry": f.created_at.format("%Y%m%dT%H%M%SZ").to_string(),
        "due": due,
        "status": if f.state == FollowUpState::Open { "pending" } else { "completed" },
        "project": project,
        "priority": match f.priority { Priority::Urgent | Priority::High => "H", Priority::Normal => "M", Priority::Low => "L" },
    });
    if f.state != FollowUpState::Open {
        v["end"] = serde_json::json!(f.created_at.format("%Y%m%dT%H%M%SZ").to_string());
    }
    if let Subject::Case(_) = f.subject {
        v["tags"] = serde_json::json!(["case"]);
    }
    v
}

fn uuid_of(f: &FollowUp) -> String {
    let h = format!("{:032x}", f.id.0.as_u128());
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// A taskwarrior database of its own (its rc file and data directory).
pub struct TaskDb {
    pub rc: PathBuf,
    pub data: PathBuf,
}

impl TaskDb {
    /// Whether `task` is installed.
    pub fn installed() -> bool {
        Command::new("task").arg("--version").output().is_ok()
    }

    /// A database in `dir` holding `tasks`, and how long the import took.
    pub fn import(dir: &Path, tasks: &[serde_json::Value]) -> (TaskDb, Duration) {
        let data = dir.join("taskdata");
        std::fs::create_dir_all(&data).expect("taskdata");
        let rc = dir.join("taskrc");
        std::fs::write(
            &rc,
            format!(
                "data.location={}\nverbose=nothing\ncolor=off\nconfirmation=off\n",
                data.display()
            ),
        )
        .expect("taskrc");
        let file = dir.join("tasks.json");
        std::fs::write(&file, serde_json::to_vec(tasks).expect("json")).expect("write");
        let db = TaskDb { rc, data };
        let t = Instant::now();
        let out = db
            .command()
            .args(["import", file.to_str().expect("utf-8")])
            .output()
            .expect("task runs");
        assert!(
            out.status.success(),
            "task import: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (db, t.elapsed())
    }

    /// `task` on this database.
    pub fn command(&self) -> Command {
        let mut c = Command::new("task");
        c.envs(self.env());
        c
    }

    /// The environment that points `task` at this database.
    pub fn env(&self) -> [(&'static str, &str); 2] {
        [
            ("TASKRC", self.rc.to_str().expect("utf-8 path")),
            ("TASKDATA", self.data.to_str().expect("utf-8 path")),
        ]
    }
}

/// `task --version`.
pub fn version() -> String {
    Command::new("task")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}
