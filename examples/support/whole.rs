//! Whole-process times: a command from its start to its exit, as someone at a shell
//! sees it. With hyperfine installed it does the runs (warm-ups first, no shell in
//! between); without it, a plain loop of runs does.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// What the runs of one command took, in milliseconds.
pub struct Runs {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
    /// `hyperfine` or `a loop`.
    pub by: &'static str,
}

impl std::fmt::Display for Runs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "median {:.1} ms (fastest {:.1}, slowest {:.1}; {} runs by {})",
            self.median, self.min, self.max, self.runs, self.by
        )
    }
}

/// Whether hyperfine is installed.
pub fn have_hyperfine() -> bool {
    Command::new("hyperfine")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Times `program args…` with `env` set, `runs` times after `warmup` runs; `scratch`
/// holds hyperfine's JSON. Every run must succeed.
pub fn time_command(
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    warmup: usize,
    runs: usize,
    scratch: &Path,
) -> Runs {
    if have_hyperfine() {
        by_hyperfine(program, args, env, warmup, runs, scratch)
    } else {
        by_loop(program, args, env, warmup, runs)
    }
}

fn by_hyperfine(
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    warmup: usize,
    runs: usize,
    scratch: &Path,
) -> Runs {
    let json = scratch.join("hyperfine.json");
    // hyperfine splits the command on spaces itself; no argument here has one.
    let line = std::iter::once(program.to_str().expect("utf-8 path"))
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new("hyperfine")
        .envs(env.iter().copied())
        .args(["--shell=none", "--style", "none", "--warmup"])
        .arg(warmup.to_string())
        .arg("--runs")
        .arg(runs.to_string())
        .arg("--export-json")
        .arg(&json)
        .arg(&line)
        .output()
        .expect("hyperfine runs");
    assert!(
        out.status.success(),
        "hyperfine {line}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("hyperfine's JSON")).expect("JSON");
    let r = &v["results"][0];
    let ms = |k: &str| r[k].as_f64().expect("a time") * 1000.0;
    Runs {
        median: ms("median"),
        min: ms("min"),
        max: ms("max"),
        runs,
        by: "hyperfine",
    }
}

fn by_loop(
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    warmup: usize,
    runs: usize,
) -> Runs {
    let mut times: Vec<f64> = (0..warmup + runs)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(program)
                .args(args)
                .envs(env.iter().copied())
                .output()
                .expect("the command runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            t.elapsed().as_secs_f64() * 1000.0
        })
        .skip(warmup)
        .collect();
    times.sort_by(f64::total_cmp);
    Runs {
        median: times[times.len() / 2],
        min: times[0],
        max: times[times.len() - 1],
        runs,
        by: "a loop",
    }
}
