//! A letter's text edited in the worker's own editor from the real program in tmux:
//! while the editor runs the terminal is the shell's again (main screen, cooked mode,
//! no casework on it), the editor has the keys, and afterwards the screen comes back
//! whole with the edited text; on exit the terminal is restored.

use caseline::service::KeyCost;
use std::path::Path;

use caseline::Caseline;
use caseline::domain::{Clock, Consent, Consents, PartyRole};
use caseline::service::{
    InitRequest, IntakeRequest, LinkTo, NewOrganisation, NewParty, NewPerson, NewTemplate,
    OpenCase, OrganisationRef, PersonRef,
};

use std::time::{Duration, Instant};

use crate::terminal_support::{CLOCK_START, PASS, Term, WAIT, cli, sh_quote, wait_gone};

/// A store with one case, an organisation linked with its address, and a template
/// that needs nothing else.
fn store(dir: &Path) {
    let clock = Clock::set_at(CLOCK_START.parse().expect("a time"));
    let (svc, _key) = Caseline::init_with_clock(
        dir,
        InitRequest {
            organisation: "Kingston REC".into(),
            admin_login: "admin".into(),
            admin_name: "Asha Patel".into(),
            passphrase: PASS.to_string().into(),
            key_cost: KeyCost::CheapForTests,
        },
        clock,
    )
    .expect("a new store");
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date");
    let client = NewPerson {
        given_names: "Amina".into(),
        family_name: Some("Hassan".into()),
        consents: Consents {
            store: Consent::Given { on },
            ..Consents::default()
        },
        ..NewPerson::default()
    };
    let incident = svc
        .record_intake(IntakeRequest {
            parties: vec![NewParty {
                role: PartyRole::Victim,
                person: Some(PersonRef::New(client)),
                description: String::new(),
            }],
            narrative: "Abuse at a bus stop.".into(),
            ..IntakeRequest::default()
        })
        .expect("an intake")
        .incident;
    let case = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            summary: "Abuse at a bus stop.".into(),
            ..OpenCase::default()
        })
        .expect("a case")
        .id;
    let bus = svc
        .add_organisation(NewOrganisation {
            name: "London United Busways".into(),
            kind: "voluntary_sector".into(),
            address: Some("Busways House, Fulwell".into()),
            ..NewOrganisation::default()
        })
        .expect("an organisation");
    let to = LinkTo::Organisation(OrganisationRef::Existing(bus));
    svc.link_to_case(case, to, "referred_to").expect("linked");
    svc.add_template(NewTemplate {
        name: "cctv-request".into(),
        title: Some("Asking for CCTV".into()),
        body: "Dear {{ recipient.greeting }},\n\nPlease keep the CCTV ({{ case.reference }})."
            .into(),
    })
    .expect("a template");
    svc.close().expect("the store closes");
}

/// Unlocks and opens the letter from the template on the case.
fn open_letter(t: &Term) {
    t.unlock();
    t.wait_for("What do you want to do?");
    t.keys("<C-e>");
    t.wait_for("C-2026-0001");
    t.keys("<enter>");
    t.wait_for("w letter");
    t.keys("w");
    t.wait_for("Write a letter");
    t.type_text("cctv");
    t.keys("<enter><C-s>");
    t.wait_for("The letter: read, change, keep");
}

/// An executable script in the test's directory.
fn script(t: &Term, name: &str, body: &str) -> std::path::PathBuf {
    let path = t.dir().join(name);
    std::fs::write(&path, body).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    path
}

#[test]
fn the_workers_editor_has_the_terminal_and_the_screen_comes_back_whole() {
    let mut t = Term::new("letter-editor");
    store(&t.data);
    // The "editor": notes the terminal's modes, adds a line, and waits to be looked at.
    let stty = t.dir().join("stty");
    let editor = t.dir().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstty -a > {}\necho 'Edited in the terminal.' >> \"$1\"\n\
             echo EDITOR-RUNNING\nread line\n",
            sh_quote(&stty.to_string_lossy())
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let cmd = t.standard(&format!("EDITOR={}", sh_quote(&editor.to_string_lossy())));
    t.start("letter", &cmd);
    open_letter(&t);
    t.keys("<C-x>");
    let aside = t.wait_for("EDITOR-RUNNING");
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "still on the alternate screen"
    );
    assert!(
        !aside.contains("Busways"),
        "casework left on the terminal:\n{aside}"
    );
    let modes = std::fs::read_to_string(&stty).unwrap();
    assert!(
        modes.contains(" icanon") && modes.contains(" echo "),
        "the editor got a raw terminal: {modes}"
    );
    // The editor, not caseline, reads what is typed.
    t.keys("<enter>");
    let back = t.wait_for("Edited in the terminal.");
    assert_eq!(
        t.format("#{alternate_on}"),
        "1",
        "the screen did not come back"
    );
    assert!(back.contains("The letter: read, change, keep"), "{back}");
    assert!(back.contains("To: London United Busways"), "{back}");
    t.keys("<C-s>");
    t.wait_for("kept with the case as drafted");
    t.keys("<C-q>");
    assert_eq!(t.wait_exit(), 0);
}

/// The idle lock fires while the worker's editor is open (a minute, the shortest
/// idle lock, of real time): the editor is ended, its file (the client's name and
/// address) wiped and removed, the screen cleared and locked; after unlocking the
/// status line says what was lost.
#[test]
fn the_idle_lock_ends_the_workers_editor_and_wipes_its_file() {
    let mut t = Term::new("letter-idle");
    store(&t.data);
    let out = cli(&t.data, &["config", "idle-lock", "1"]);
    assert!(out.status.success(), "{out:?}");
    let noted = t.dir().join("noted");
    // The "editor": notes its file and its pid, then waits as a worker who walked away.
    let editor = script(
        &t,
        "editor.sh",
        &format!(
            "#!/bin/sh\necho \"$1 $$\" > {0}.part && mv {0}.part {0}\n\
             echo EDITOR-RUNNING\nexec sleep 600\n",
            sh_quote(&noted.to_string_lossy())
        ),
    );
    let cmd = t.standard(&format!("EDITOR={}", sh_quote(&editor.to_string_lossy())));
    t.start("letter", &cmd);
    open_letter(&t);
    t.keys("<C-x>");
    t.wait_for("EDITOR-RUNNING");
    let note = std::fs::read_to_string(&noted).unwrap();
    let (file, pid) = note.trim().rsplit_once(' ').expect("a file and a pid");
    let pid: u32 = pid.parse().unwrap();
    assert!(std::path::Path::new(file).exists());
    // A minute and a little: the lock's own time, not a limit on how fast it is.
    let began = Instant::now();
    let locked = loop {
        let screen = t.screen();
        if screen.contains("caseline is locked") {
            break screen;
        }
        assert!(
            began.elapsed() < Duration::from_secs(100),
            "the screen did not lock with the editor open:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    assert!(
        !std::path::Path::new(file).exists(),
        "{file} was left behind"
    );
    assert!(wait_gone(pid, WAIT).is_some(), "the editor still runs");
    assert_eq!(t.format("#{alternate_on}"), "1", "not caseline's screen");
    for private in ["Busways", "Hassan", "EDITOR-RUNNING"] {
        assert!(
            !locked.contains(private),
            "{private} on the lock screen:\n{locked}"
        );
        let history = t.screen_and_history();
        assert!(!history.contains(private), "{private} kept:\n{history}");
    }
    t.keys(&format!("{PASS}<enter>"));
    t.wait_for("what you typed in it is lost");
    t.keys("<C-q>");
    assert_eq!(t.wait_exit(), 0);
}
