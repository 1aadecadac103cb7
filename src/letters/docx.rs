//! A letter as a DOCX document that LibreOffice and Word open: letterhead, sender's
//! address, date, recipient's address, references, paragraphs, signature.
//!
//! The document is built from text paragraphs, never from templated XML, so nothing a
//! template or a case says can change the document's structure.

use std::io::{Cursor, Write};

use docx_rs::{AlignmentType, Docx, LineSpacing, Paragraph, Run};

use super::{Document, clean};

/// Space after a paragraph, in twentieths of a point.
const AFTER: u32 = 160;

/// Whether a line reads right to left: its first letter is Hebrew or Arabic script.
fn right_to_left(line: &str) -> bool {
    line.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

/// One paragraph of `text`, right to left when its script is.
fn paragraph(text: &str) -> Paragraph {
    let text = clean(text);
    let mut p = Paragraph::new()
        .add_run(Run::new().add_text(text.as_str()))
        .line_spacing(LineSpacing::new().after(AFTER));
    if right_to_left(&text) {
        p.property = p.property.bidi(true);
    }
    p
}

/// Lines kept together in one block (an address), the last with space after it.
fn block(doc: Docx, lines: &[String], align: AlignmentType) -> Docx {
    let n = lines.len();
    lines.iter().enumerate().fold(doc, |doc, (i, line)| {
        let after = if i + 1 == n { AFTER } else { 0 };
        doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(clean(line)))
                .align(align)
                .line_spacing(LineSpacing::new().after(after)),
        )
    })
}

/// The document as DOCX bytes.
pub fn to_bytes(d: &Document) -> std::io::Result<Vec<u8>> {
    let mut doc = Docx::new();
    if let Some((name, rest)) = d.letterhead.split_first() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(clean(name)).bold().size(32))
                .align(AlignmentType::Right),
        );
        doc = block(doc, rest, AlignmentType::Right);
    }
    doc = block(doc, &d.sender_address, AlignmentType::Right);
    doc = block(doc, std::slice::from_ref(&d.date), AlignmentType::Right);
    doc = block(doc, &d.recipient, AlignmentType::Left);
    doc = block(doc, &d.references, AlignmentType::Left);
    for p in d.paragraphs() {
        doc = doc.add_paragraph(paragraph(&p));
    }
    doc = doc.add_paragraph(paragraph("Yours sincerely,"));
    // Room for a signature by hand.
    doc = doc.add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().after(AFTER * 3)));
    doc = block(doc, &d.signature, AlignmentType::Left);
    let mut out = Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(std::io::Error::other)?;
    Ok(out.into_inner())
}

/// Writes the document as DOCX to `out`.
pub fn write(d: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(&to_bytes(d)?)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn document_xml(d: &Document) -> String {
        let bytes = to_bytes(d).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    }

    #[test]
    fn arabic_reads_right_to_left_and_nothing_in_the_text_becomes_markup() {
        let d = Document {
            letterhead: vec!["Kingston REC".into()],
            sender_address: vec![],
            date: "2 December 2026".into(),
            recipient: vec!["<b>Acme & Sons</b>".into()],
            references: vec![],
            body: "Dear Sir,\n\nليلى حسن\u{7}\nJose\u{301}".into(),
            signature: vec!["A Worker".into()],
        };
        let xml = document_xml(&d);
        assert!(xml.contains("&lt;b&gt;Acme &amp; Sons&lt;/b&gt;"), "{xml}");
        assert!(!xml.contains("<b>"));
        // The Arabic paragraph is marked right to left; the bell is left out.
        let arabic = xml
            .find("ليلى حسن<")
            .expect("the Arabic paragraph, without the bell");
        let para = xml[..arabic]
            .rfind("<w:p>")
            .or_else(|| xml[..arabic].rfind("<w:p "));
        assert!(xml[para.unwrap()..arabic].contains("<w:bidi"), "{xml}");
        assert!(xml.contains("Jose\u{301}"));
        assert!(!right_to_left("Dear Sir,"));
    }
}
