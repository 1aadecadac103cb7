//! A case's letters on screen (`W` on the case): the list with template, recipient,
//! drafted or sent and the day; enter reads one; a draft's words changed in the same
//! editor and the draft marked sent, after which the screen and the service refuse
//! to change it; a letter written out again to DOCX and to plain text.

use crate::case_letters::bus_company;
use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::{LetterId, LetterStatus};
use caseline::service::LetterDraft;
use caseline::ui::testing::Harness;

/// Amina's case with two letters to the bus company: an older one sent on 20 November
/// and a newer draft; open on the case screen. Their ids, draft first.
fn with_letters() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Harness,
    Fixture,
    [LetterId; 2],
) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    let bus = bus_company(&svc, &fx);
    let draft = LetterDraft {
        case: fx.case,
        template: "cctv-request".into(),
        recipient: bus,
        entries: svc
            .timeline(fx.case)
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect(),
        ..LetterDraft::default()
    };
    // Drafted on 20 November (a letter is sent no earlier than it was drafted).
    let now = svc.clock().now();
    svc.clock()
        .set_local(day(20).and_hms_opt(9, 0, 0).expect("a time"));
    let sent = svc.save_letter(&draft, None).unwrap();
    svc.mark_letter_sent(sent, day(20)).unwrap();
    svc.clock().set(now);
    let mut second = draft.clone();
    second.follows = Some(sent);
    second.body = Some("Dear Sir or Madam,\n\nWe wrote on 20 November.".into());
    let drafted = svc.save_letter(&second, None).unwrap();
    close_service(svc);
    let mut h = unlock_free(&dir);
    open_amina(&mut h);
    (tmp, dir, h, fx, [drafted, sent])
}

#[test]
fn w_capital_lists_the_letters_and_enter_reads_one() {
    let (_tmp, _dir, mut h, _fx, _) = with_letters();
    h.keys("W");
    assert_eq!(h.app.top_title(), "Letters of the case");
    let screen = h.screen();
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("Asking for CCTV"))
        .collect();
    assert_eq!(rows.len(), 2, "{screen}");
    // Newest first: the draft that follows the sent letter, then the sent one.
    assert!(rows[0].contains("> drafted") && rows[0].contains("22 Nov 2026"));
    assert!(rows[1].contains("sent") && rows[1].contains("20 Nov 2026"));
    assert!(rows[1].contains("London United Busways"), "{}", rows[1]);
    snap!("case_letters_list", screen);
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Letter");
    let screen = h.screen();
    assert!(
        screen.contains("cctv-request · drafted · follows an earlier letter"),
        "{screen}"
    );
    assert!(screen.contains("We wrote on 20 November."), "{screen}");
    assert!(screen.contains("Our reference: C-2026-0001"), "{screen}");
    h.keys("<esc><down><enter>");
    let screen = h.screen();
    assert!(
        screen.contains("sent on 20 November 2026: fixed"),
        "{screen}"
    );
    assert!(screen.contains("We ask you to keep the CCTV"), "{screen}");
    h.keys("<esc><esc>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
}

#[test]
fn a_draft_is_changed_then_marked_sent_and_then_is_fixed() {
    let (_tmp, dir, mut h, _fx, [drafted, sent]) = with_letters();
    h.keys("W");
    // The sent letter is refused at once, before anything is read.
    h.keys("<down>e");
    let said = status_text(&h);
    assert!(
        said.contains("sent on 20 November 2026: it is not changed"),
        "{said}"
    );
    assert_eq!(h.app.top_title(), "Letters of the case");
    h.keys("<up>e");
    assert_eq!(h.app.top_title(), "The letter: read, change, keep");
    assert!(h.screen().contains("We wrote on 20 November."));
    h.keys("<C-end><enter>A line added later.<C-s>");
    assert_eq!(
        status_text(&h),
        "Letter (cctv-request) changed; still a draft"
    );
    assert_eq!(h.app.top_title(), "Letters of the case");
    h.keys("s");
    assert_eq!(h.app.top_title(), "A letter drafted: mark it sent");
    h.keys("<enter>");
    assert_eq!(
        status_text(&h),
        "Letter marked sent on 22 November 2026; it is fixed from now on"
    );
    assert_eq!(h.app.top_title(), "Letters of the case");
    let screen = h.screen();
    assert!(!screen.contains("drafted"), "{screen}");
    h.keys("<home>e");
    assert!(
        status_text(&h).contains("it is not changed"),
        "{}",
        status_text(&h)
    );
    h.keys("s");
    assert_eq!(h.app.top_title(), "Letters of the case");
    close(h);
    let svc = service_free(&dir);
    let letter = svc.letter(drafted).unwrap().letter.unwrap();
    assert!(
        letter.body.ends_with("A line added later."),
        "{}",
        letter.body
    );
    assert_eq!(letter.status, LetterStatus::Sent { on: day(22) });
    assert_eq!(letter.follows, Some(sent));
    // The service holds to it whatever a screen does: a sent letter is not saved over.
    let mut change = LetterDraft {
        case: letter.case,
        template: letter.template.clone(),
        recipient: letter.recipient,
        entries: letter.entries.clone(),
        body: Some("Other words.".into()),
        ..LetterDraft::default()
    };
    let e = svc.save_letter(&change, Some(drafted)).unwrap_err();
    assert!(
        e.to_string().contains("a sent letter cannot be changed"),
        "{e}"
    );
    change.body = None;
    assert!(svc.save_letter(&change, Some(sent)).is_err());
    assert_eq!(svc.letter(drafted).unwrap().letter.unwrap(), letter);
    close_service(svc);
}

#[test]
fn a_letter_is_written_out_again_as_docx_and_as_text() {
    let (tmp, _dir, mut h, _fx, _) = with_letters();
    h.keys("W<down>o");
    assert_eq!(h.app.top_title(), "Write the letter to a file");
    let screen = h.screen();
    assert!(screen.contains("C-2026-0001-cctv-request.docx"), "{screen}");
    assert!(
        screen.contains("Asking for CCTV, sent 20 Nov 2026"),
        "{screen}"
    );
    let docx = tmp.path().join("cctv.docx");
    h.keys(&format!("<C-u>{}<C-s>", docx.display()));
    assert_eq!(
        status_text(&h),
        format!("Letter written to {} (DOCX)", docx.display())
    );
    assert_eq!(h.app.top_title(), "Letters of the case");
    assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");
    let text = tmp.path().join("cctv.txt");
    h.keys(&format!("o<C-u>{}<C-s>", text.display()));
    let written = std::fs::read_to_string(&text).unwrap();
    assert!(written.contains("We ask you to keep the CCTV"), "{written}");
    assert!(written.contains("London United Busways"), "{written}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&text).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A file that cannot be written is named and the dialog stays for another name.
    let nowhere = tmp.path().join("no-such-folder").join("x.txt");
    h.keys(&format!("o<C-u>{}<C-s>", nowhere.display()));
    assert_eq!(h.app.top_title(), "Write the letter to a file");
    let said = status_text(&h);
    assert!(
        said.contains("cannot write") && said.contains("x.txt"),
        "{said}"
    );
}
