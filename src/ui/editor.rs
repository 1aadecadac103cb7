//! Editing a text in the worker's own editor (`$VISUAL`, `$EDITOR`, else `vi`).
//!
//! The text goes into a file readable by its owner only, in the temporary directory;
//! when the editor ends the file is read back, overwritten with zeros and removed, so
//! a letter's words do not stay behind on a shared machine. (An editor's own swap or
//! backup copies are its business: `vi -n` or an editor set not to keep them is wise.)

use std::io::{Seek, Write};
use std::process::{Command, ExitStatus};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

/// The editor command to run: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// The worker's editor, running on a text, in a process group of its own that has
/// the terminal. A thread waits for it; the loop stays free to lock the screen (and
/// end the editor) when the worker walks away.
pub struct Editing {
    file: tempfile::NamedTempFile,
    /// The editor's process group (its shell's pid).
    group: i32,
    ended: Arc<Ended>,
    editor: String,
}

/// How the editor ended, once it has.
#[derive(Default)]
struct Ended {
    status: Mutex<Option<std::io::Result<ExitStatus>>>,
    changed: Condvar,
}

impl Ended {
    fn set(&self, status: std::io::Result<ExitStatus>) {
        *self.status.lock().unwrap_or_else(PoisonError::into_inner) = Some(status);
        self.changed.notify_all();
    }

    /// Waits up to `patience` for the editor to end; whether it has.
    fn wait(&self, patience: Duration) -> bool {
        let status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        let (status, _) = self
            .changed
            .wait_timeout_while(status, patience, |s| s.is_none())
            .unwrap_or_else(PoisonError::into_inner);
        status.is_some()
    }

    fn wait_for_end(&self) {
        let status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        drop(self.changed.wait_while(status, |s| s.is_none()));
    }

    fn take(&self) -> Option<std::io::Result<ExitStatus>> {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

/// How long an editor told to stop is given before it is killed, and then again.
const END_PATIENCE: Duration = Duration::from_secs(1);

impl Editing {
    /// Starts `editor` (a shell command; the file's path is added) on `text`;
    /// `on_end` is called (on the waiting thread) when it ends. On failure, says what
    /// failed and leaves nothing behind.
    pub fn start(
        text: &str,
        editor: &str,
        on_end: impl FnOnce() + Send + 'static,
    ) -> Result<Editing, String> {
        let file = private_file(text)?;
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("caseline-editor")
            .arg(file.path());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
            // SAFETY: only async-signal-safe calls, in the child before exec.
            unsafe {
                command.pre_exec(|| {
                    hand_terminal_to_this_group();
                    Ok(())
                });
            }
        }
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot run the editor ({editor}): {e}"))?;
        let group = i32::try_from(child.id()).unwrap_or(0);
        let ended = Arc::new(Ended::default());
        let told = Arc::clone(&ended);
        std::thread::Builder::new()
            .name("caseline-editor".into())
            .spawn(move || {
                told.set(child.wait());
                on_end();
            })
            .map_err(|e| format!("cannot wait for the editor: {e}"))?;
        Ok(Editing {
            file,
            group,
            ended,
            editor: editor.to_string(),
        })
    }

    /// Once the editor has ended: the text as it left it, the file wiped and removed.
    pub fn finish(mut self) -> Result<String, String> {
        self.ended.wait_for_end();
        let edited = match self.ended.take() {
            Some(Ok(s)) if s.success() => std::fs::read(self.file.path())
                .map_err(|e| format!("cannot read back the editor's file: {e}"))
                .and_then(|b| {
                    String::from_utf8(b).map_err(|_| "the edited text is not UTF-8".to_string())
                }),
            Some(Ok(s)) => Err(format!("the editor ended with {s}; the text is as it was")),
            Some(Err(e)) => Err(format!("cannot run the editor ({}): {e}", self.editor)),
            None => Err("the editor's end was not heard; the text is as it was".into()),
        };
        wipe(&mut self.file);
        take_terminal_back();
        edited.map(|t| t.trim_end_matches('\n').to_string())
    }

    /// Ends the editor now (told to stop, then killed), whatever was typed in it,
    /// and wipes and removes the file.
    pub fn end(mut self) {
        #[cfg(unix)]
        if self.group > 0 {
            // SAFETY: kill only sends signals, to the editor's own process group.
            unsafe {
                libc::kill(-self.group, libc::SIGTERM);
                libc::kill(-self.group, libc::SIGCONT);
            }
            if !self.ended.wait(END_PATIENCE) {
                // SAFETY: as above.
                unsafe {
                    libc::kill(-self.group, libc::SIGKILL);
                }
                let _ = self.ended.wait(END_PATIENCE);
            }
        }
        wipe(&mut self.file);
        take_terminal_back();
    }
}

/// In the editor's process, before it starts: makes its process group the
/// terminal's foreground one, so it can read the keys (a background group reading
/// the terminal is stopped). Setting it from outside the foreground would stop it
/// too, unless the signal that does so is ignored for the moment.
#[cfg(unix)]
fn hand_terminal_to_this_group() {
    // SAFETY: async-signal-safe calls on this process's own terminal and signals.
    unsafe {
        let before = libc::signal(libc::SIGTTOU, libc::SIG_IGN);
        libc::tcsetpgrp(libc::STDIN_FILENO, libc::getpgrp());
        libc::signal(libc::SIGTTOU, before);
    }
}

/// After the editor: makes caseline's process group the terminal's foreground one
/// again (nothing happens when standard input is not a terminal).
fn take_terminal_back() {
    #[cfg(unix)]
    hand_terminal_to_this_group();
}

/// Runs `editor` on `text` and waits for it: the text as it was left; on any
/// failure, says what failed and leaves nothing behind.
pub fn edit_outside(text: &str, editor: &str) -> Result<String, String> {
    Editing::start(text, editor, || {})?.finish()
}

/// A file readable by its owner only, in the temporary directory, holding `text`.
fn private_file(text: &str) -> Result<tempfile::NamedTempFile, String> {
    let mut file = tempfile::Builder::new()
        .prefix("caseline-letter-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("cannot make a file for the editor: {e}"))?;
    // A new temporary file is made readable by its owner only; say so where it counts.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let private = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(file.path(), private)
            .map_err(|e| format!("cannot make the editor's file private: {e}"))?;
    }
    // Ends with a line break, as text files do, so an editor adds lines after it.
    file.write_all(format!("{}\n", text.trim_end_matches('\n')).as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| format!("cannot write the editor's file: {e}"))?;
    Ok(file)
}

/// Overwrites the file at its path with zeros (an editor may have replaced the file
/// we made with one of its own) before it is removed.
fn wipe(file: &mut tempfile::NamedTempFile) {
    let path = file.path().to_path_buf();
    if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&path) {
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let _ = f.rewind();
        let _ = f.write_all(&vec![0u8; len as usize]);
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_comes_back_as_the_editor_left_it_and_the_file_goes() {
        let seen = tempfile::NamedTempFile::new().unwrap();
        // An "editor" that notes where the file was and its mode, then adds a line.
        let editor = format!(
            "sh -c 'stat -c %a \"$1\" > {0}; echo \"$1\" >> {0}; echo Added. >> \"$1\"' x",
            seen.path().display()
        );
        let out = edit_outside("Dear Sir or Madam,", &editor).unwrap();
        assert_eq!(out, "Dear Sir or Madam,\nAdded.");
        let noted = std::fs::read_to_string(seen.path()).unwrap();
        let mut lines = noted.lines();
        assert_eq!(lines.next(), Some("600"));
        let path = lines.next().unwrap();
        assert!(
            !std::path::Path::new(path).exists(),
            "{path} was left behind"
        );
    }

    #[test]
    fn an_editor_that_fails_leaves_the_text_as_it_was() {
        let e = edit_outside("Dear", "false").unwrap_err();
        assert!(e.contains("the text is as it was"), "{e}");
    }

    #[test]
    fn an_editor_ended_is_stopped_and_its_file_wiped_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let noted = dir.path().join("noted");
        // An "editor" that notes where the file is, then never ends by itself.
        let editor = format!(
            "sh -c 'echo \"$1\" > {0}.part && mv {0}.part {0}; exec sleep 600' x",
            noted.display()
        );
        let (tx, rx) = std::sync::mpsc::channel();
        let editing = Editing::start("Dear Mrs Okafor,", &editor, move || {
            let _ = tx.send(());
        })
        .unwrap();
        while !noted.exists() {
            std::thread::sleep(Duration::from_millis(10));
        }
        let path = std::fs::read_to_string(&noted).unwrap();
        let path = std::path::Path::new(path.trim());
        assert!(path.exists());
        let group = editing.group;
        editing.end();
        assert!(!path.exists(), "{} was left behind", path.display());
        rx.recv_timeout(Duration::from_secs(20))
            .expect("the end was not told");
        // (Processes of the group the editor's shell started may take a moment to be
        // reaped by init.)
        let given_up = std::time::Instant::now() + Duration::from_secs(20);
        // SAFETY: signal 0 only asks whether the group still has a process.
        while unsafe { libc::kill(-group, 0) } == 0 {
            assert!(
                std::time::Instant::now() < given_up,
                "the editor still runs"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
