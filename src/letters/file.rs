//! A letter written to a file the worker names: DOCX when the name ends `.docx`, plain
//! text otherwise, whole or absent and readable by its owner only
//! ([`crate::files`]).

use std::path::Path;

use super::{Document, docx, text};

/// Whether `path` names a DOCX file (else the letter is written as plain text).
pub fn is_docx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Writes `d` to `path`, replacing what is there; on failure nothing is left behind.
pub fn save(d: &Document, path: &Path) -> std::io::Result<()> {
    let bytes = if is_docx(path) {
        docx::to_bytes(d)?
    } else {
        text::write(d).into_bytes()
    };
    crate::files::write_private(path, &bytes, true).map_err(|e| match e {
        crate::files::WriteError::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> Document {
        Document {
            letterhead: vec!["Kingston REC".into()],
            sender_address: Vec::new(),
            date: "2 December 2026".into(),
            recipient: vec!["Riverside Logistics Ltd".into()],
            references: vec!["Our reference: C-2026-0001".into()],
            body: "Dear Sir or Madam,\n\nWe write about Ms Okafor.".into(),
            signature: vec!["Asha Patel".into()],
        }
    }

    #[test]
    fn the_name_says_docx_or_text_and_the_file_is_private() {
        let tmp = tempfile::tempdir().unwrap();
        let (docx, txt) = (tmp.path().join("l.DOCX"), tmp.path().join("l.txt"));
        save(&letter(), &docx).unwrap();
        save(&letter(), &txt).unwrap();
        assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");
        let text = std::fs::read_to_string(&txt).unwrap();
        assert!(text.contains("We write about Ms Okafor."), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&txt).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let missing = tmp.path().join("no-such-folder").join("l.txt");
        assert!(save(&letter(), &missing).is_err());
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            2,
            "no stray files"
        );
    }
}
