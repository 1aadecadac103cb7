//! Where passphrases come from: `CASELINE_PASSPHRASE`, `--passphrase-file`, or a prompt
//! on the terminal (as restic and borg do). Never from a command-line argument, which
//! other users of the machine can read.

use std::io::IsTerminal;
use std::path::Path;

use zeroize::Zeroizing;

use super::Failure;
use super::output::tell;

/// The environment variable holding a passphrase.
pub const ENV: &str = "CASELINE_PASSPHRASE";

/// A passphrase given without a prompt, if any.
pub fn given(file: Option<&Path>) -> Result<Option<Zeroizing<String>>, Failure> {
    if let Some(path) = file {
        return read_file(path).map(Some);
    }
    Ok(std::env::var(ENV).ok().map(Zeroizing::new))
}

fn read_file(path: &Path) -> Result<Zeroizing<String>, Failure> {
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Failure {
        message: format!("cannot read the passphrase file {}: {e}", path.display()),
        code: 1,
    })?);
    warn_if_readable_by_others(path);
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        return Err(Failure {
            message: format!("the passphrase file {} is empty", path.display()),
            code: 1,
        });
    }
    Ok(Zeroizing::new(line.to_string()))
}

fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = std::fs::metadata(path)
            && m.permissions().mode() & 0o077 != 0
        {
            tell!(
                "caseline: warning: {} can be read by other users (chmod 600 it)",
                path.display()
            );
        }
    }
}

fn no_terminal() -> Failure {
    Failure {
        message: format!(
            "no passphrase: set {ENV} or use --passphrase-file FILE, or run this in a terminal"
        ),
        code: 1,
    }
}

/// The passphrase to unlock with: given, or asked for.
pub fn unlock(file: Option<&Path>) -> Result<Zeroizing<String>, Failure> {
    if let Some(p) = given(file)? {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(no_terminal());
    }
    prompt("Passphrase (or recovery key): ")
}

/// Asks on the terminal, without echo.
pub fn prompt(text: &str) -> Result<Zeroizing<String>, Failure> {
    rpassword::prompt_password(text)
        .map(Zeroizing::new)
        .map_err(|e| Failure {
            message: format!("cannot read the passphrase: {e}"),
            code: 1,
        })
}

/// A new passphrase: given, or asked for twice. `None` when there is neither a source
/// nor a terminal, so the caller may make one up.
pub fn new(file: Option<&Path>) -> Result<Option<Zeroizing<String>>, Failure> {
    if let Some(p) = given(file)? {
        return Ok(Some(p));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    ask_new_twice().map(Some)
}

/// A new passphrase asked for on the terminal until it is good enough and typed the
/// same twice.
pub fn ask_new_twice() -> Result<Zeroizing<String>, Failure> {
    loop {
        let first = prompt("New passphrase (three or more random words): ")?;
        let mut p = crate::domain::Problems::new();
        crate::service::check_new_passphrase(&mut p, "passphrase", &first);
        if !p.is_empty() {
            tell!("{p}");
            continue;
        }
        if *prompt("The same passphrase again: ")? == *first {
            return Ok(first);
        }
        tell!("The two passphrases differ; try again.");
    }
}

/// A new passphrase, or a usage error when none can be had.
pub fn new_required(file: Option<&Path>) -> Result<Zeroizing<String>, Failure> {
    new(file)?.ok_or_else(no_terminal)
}
