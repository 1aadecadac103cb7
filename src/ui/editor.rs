//! Editing a text in the worker's own editor (`$VISUAL`, `$EDITOR`, else `vi`).
//!
//! The text goes into a file readable by its owner only, in the temporary directory;
//! when the editor ends the file is read back, overwritten with zeros and removed, so
//! a letter's words do not stay behind on a shared machine. (An editor's own swap or
//! backup copies are its business: `vi -n` or an editor set not to keep them is wise.)

use std::io::{Seek, Write};
use std::process::Command;

/// The editor command to run: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Runs `editor` (a shell command; the file's path is added) on `text` and returns
/// the text as left; on any failure, says what failed and leaves nothing behind.
pub fn edit_outside(text: &str, editor: &str) -> Result<String, String> {
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
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("caseline-editor")
        .arg(file.path())
        .status();
    let edited = match status {
        Ok(s) if s.success() => std::fs::read(file.path())
            .map_err(|e| format!("cannot read back the editor's file: {e}"))
            .and_then(|b| {
                String::from_utf8(b).map_err(|_| "the edited text is not UTF-8".to_string())
            }),
        Ok(s) => Err(format!("the editor ended with {s}; the text is as it was")),
        Err(e) => Err(format!("cannot run the editor ({editor}): {e}")),
    };
    wipe(&mut file);
    edited.map(|t| t.trim_end_matches('\n').to_string())
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
}
