//! A letter as plain text, for email bodies, screens and scripts.

use super::{Document, clean};

/// The letter as plain text: the blocks in the order the DOCX has them, a blank line
/// between paragraphs.
pub fn write(d: &Document) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut block = |lines: &[String]| {
        if !lines.is_empty() {
            out.extend(lines.iter().map(|l| clean(l)));
            out.push(String::new());
        }
    };
    block(&d.letterhead);
    block(&d.sender_address);
    block(std::slice::from_ref(&d.date));
    block(&d.recipient);
    block(&d.references);
    for p in d.paragraphs() {
        out.push(p);
        out.push(String::new());
    }
    out.push("Yours sincerely,".into());
    out.push(String::new());
    out.push(String::new());
    out.extend(d.signature.iter().map(|l| clean(l)));
    let mut text = out.join("\n");
    text.push('\n');
    text
}
