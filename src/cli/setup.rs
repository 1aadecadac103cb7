//! What installing caseline on a server needs from the program itself: shell
//! completions and manual pages, made from the same argument definitions the program
//! parses, so they never drift from it.

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use super::output::say;
use super::{Cli, CliResult, Failure};

/// `caseline completions SHELL`: the completion script on standard output.
pub fn completions(shell: Shell) -> CliResult {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "caseline", &mut out);
    // Bytes as they are: a completion script has no personal data to make inert.
    super::output::raw(&out);
    Ok(())
}

/// `caseline manpages DIR`: caseline.1 and a page for each command (caseline-backup.1
/// ...) written into DIR, each whole or not at all and readable by everyone.
pub fn manpages(dir: &Path) -> CliResult {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::from_message(format!("cannot make {}: {e}", dir.display())))?;
    let cmd = Cli::command();
    let mut written = 0;
    write_page(dir, &cmd, "caseline", &mut written)?;
    for sub in cmd.get_subcommands() {
        let name = format!("caseline-{}", sub.get_name());
        let sub = sub.clone().name(name.clone());
        write_page(dir, &sub, &name, &mut written)?;
    }
    say!("Wrote {written} manual pages to {}.", dir.display());
    Ok(())
}

fn write_page(dir: &Path, cmd: &clap::Command, name: &str, written: &mut usize) -> CliResult {
    let path = dir.join(format!("{name}.1"));
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut page)
        .map_err(|e| Failure::from_message(format!("cannot make the page {name}: {e}")))?;
    // Readable by everyone (they hold no personal data), whatever caseline's own
    // umask of 077: pages installed by root must open for every user.
    crate::files::write_public(&path, &page)
        .map_err(|e| Failure::from_message(format!("cannot write {}: {e}", path.display())))?;
    *written += 1;
    Ok(())
}
