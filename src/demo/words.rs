//! The words of casework: calls, letters, meetings, notes and follow-up actions, for
//! any case and for each kind of case. `{client}` is the client's name, `{n}` a
//! house number.

use super::incidents::Scenario;

/// What a worker writes on one theme of casework.
pub(super) struct Words {
    /// `(who with, what was said)`.
    pub calls: &'static [(&'static str, &'static str)],
    /// `(counterpart, text, came in)`.
    pub letters: &'static [(&'static str, &'static str, bool)],
    /// `(who with, text)`.
    pub meetings: &'static [(&'static str, &'static str)],
    /// `(parties, text)`; empty where mediation does not happen.
    pub mediations: &'static [(&'static str, &'static str)],
    pub notes: &'static [&'static str],
    /// Follow-up actions, one line each.
    pub actions: &'static [&'static str],
}

/// Casework any case has.
pub(super) static GENERAL: Words = Words {
    calls: &[
        (
            "{client}",
            "Checked in with {client}. Things are quieter this week.",
        ),
        (
            "{client}",
            "{client} called, upset after another incident. Advised to keep the diary going.",
        ),
        (
            "{client}",
            "No answer; did not leave a voicemail, as agreed.",
        ),
        (
            "{client}",
            "Went through the options with {client}, who wants advice before any complaint.",
        ),
        (
            "{client}",
            "{client} agreed that we write to the other side on their behalf.",
        ),
    ],
    letters: &[
        (
            "the client",
            "Summary of our advice and next steps, in plain English.",
            false,
        ),
        (
            "the client",
            "Letter confirming the case is still open and how to reach us.",
            false,
        ),
    ],
    meetings: &[
        (
            "client, at the office",
            "Went through the incident diary together.",
        ),
        (
            "client, by video call",
            "Talked through what the client wants to happen next.",
        ),
    ],
    mediations: &[],
    notes: &[
        "Case discussed in supervision; plan agreed.",
        "Risk assessment reviewed: no change.",
        "Checked the client is still safe to contact by phone.",
        "Client asked for a female caseworker for home visits.",
        "Client says things are quieter since the letter.",
    ],
    actions: &[
        "Call the client back to see how things are",
        "Review the risk assessment",
        "Arrange a home visit with a colleague",
        "Send the client a summary of the advice given",
    ],
};

static PUBLIC: Words = Words {
    calls: &[
        (
            "PC Shah, Safer Neighbourhood Team",
            "Officer will visit the client this week.",
        ),
        (
            "Victim Support",
            "Victim Support will offer emotional support.",
        ),
        (
            "bus company customer services",
            "Asked them to keep the CCTV from the bus.",
        ),
    ],
    letters: &[
        (
            "the bus company",
            "Asked for the CCTV to be kept and for a formal response.",
            false,
        ),
        (
            "the bus company",
            "Reply received: the footage has been passed to the police.",
            true,
        ),
        (
            "the platform's reporting team",
            "Reported the posts and asked for them to be removed.",
            false,
        ),
    ],
    meetings: &[(
        "client, home visit",
        "Saw the damage to the front door; photos taken with consent.",
    )],
    mediations: &[],
    notes: &[
        "Checked the hate crime reporting page with the client.",
        "Client is not ready to go to the police; will review next week.",
    ],
    actions: &[
        "Ask the client whether they want to report to the police",
        "Chase the bus company about the CCTV",
    ],
};

static HOME: Words = Words {
    calls: &[
        (
            "housing officer",
            "Housing officer agreed to send a warning letter to the neighbours.",
        ),
        (
            "antisocial behaviour team",
            "ASB team will install a noise recorder.",
        ),
        (
            "{client}",
            "{client} reports two more incidents over the fence; diary sheets sent.",
        ),
    ],
    letters: &[
        (
            "the housing provider",
            "Complaint about the handling of the harassment reports.",
            false,
        ),
        (
            "the council's community safety team",
            "Asked for the case to go to the community MARAC.",
            false,
        ),
        (
            "the housing provider",
            "Reply received: a management transfer is being considered.",
            true,
        ),
    ],
    meetings: &[(
        "housing officer and client",
        "Agreed an action plan with dates.",
    )],
    mediations: &[
        (
            "client and the neighbours at number {n}",
            "Both sides agreed to keep the landing clear and to stop the shouting.",
        ),
        (
            "client and the family upstairs",
            "Mediation broke down after ten minutes.",
        ),
    ],
    notes: &[
        "Looked up the housing provider's harassment policy.",
        "Diary sheets for the last fortnight received and filed.",
    ],
    actions: &[
        "Chase the housing officer about the transfer request",
        "Ask the client for the latest page of the incident diary",
        "Book a joint visit with the housing officer",
    ],
};

static WORK: Words = Words {
    calls: &[
        (
            "HR manager",
            "HR say the grievance hearing will be held within two weeks.",
        ),
        (
            "Acas conciliator",
            "Early conciliation started; certificate expected within six weeks.",
        ),
        (
            "{client}",
            "Explained the Employment Tribunal time limit and ACAS early conciliation.",
        ),
    ],
    letters: &[
        (
            "the employer",
            "Sent the grievance letter drafted with the client.",
            false,
        ),
        (
            "the employer",
            "Reply received: the employer says the matter is closed.",
            true,
        ),
        (
            "the employer",
            "Appeal against the grievance outcome sent.",
            false,
        ),
    ],
    meetings: &[(
        "client and union representative",
        "Prepared for the grievance hearing.",
    )],
    mediations: &[(
        "client and line manager, with HR",
        "Manager apologised; a different shift pattern agreed.",
    )],
    notes: &[
        "Drafted the grievance letter for the client to check.",
        "Checked the dates against the tribunal time limit.",
    ],
    actions: &[
        "Send the draft grievance letter to the client to approve",
        "Chase the employer for the grievance outcome",
        "Check the Acas early conciliation certificate has arrived",
    ],
};

static SCHOOL: Words = Words {
    calls: &[
        (
            "head of year",
            "School will talk to the pupils involved and call the parent back.",
        ),
        ("{client}", "{client} says the school has not replied yet."),
    ],
    letters: &[
        (
            "the head teacher",
            "Asked for the school's anti-bullying plan and a meeting.",
            false,
        ),
        (
            "the head teacher",
            "Reply received: the school has spoken to the pupils involved.",
            true,
        ),
        (
            "the chair of governors",
            "Formal complaint under the school's complaints policy.",
            false,
        ),
    ],
    meetings: &[(
        "head teacher and parent",
        "School agreed a safety plan for break times.",
    )],
    mediations: &[(
        "parent and head of year",
        "Agreed weekly check-ins with the pupil.",
    )],
    notes: &["Read the school's behaviour and anti-bullying policies."],
    actions: &[
        "Write to the head teacher asking for the anti-bullying plan",
        "Call the parent after the meeting with the school",
    ],
};

/// The theme of a scenario's casework.
pub(super) fn words(s: Scenario) -> &'static Words {
    match s {
        Scenario::Workplace => &WORK,
        Scenario::School => &SCHOOL,
        Scenario::Neighbour | Scenario::Housing | Scenario::Complex => &HOME,
        Scenario::Street | Scenario::Graffiti | Scenario::Online | Scenario::Service => &PUBLIC,
    }
}

pub(super) const POLICE_CONTACTS: &[&str] = &[
    "Called 101 to chase progress on the crime report.",
    "Police confirmed the case has gone to the hate crime unit.",
    "Officer in the case says there is not enough evidence to charge.",
    "Passed the incident diary to the Safer Neighbourhood Team with the client's consent.",
];

pub(super) const POLICE_ACTIONS: &[&str] = &[
    "Check whether the police have assigned an officer",
    "Chase the officer in the case for an update",
];

pub(super) const EVIDENCE: &[&str] = &[
    "Client sent photos of the damage.",
    "Received the incident diary for the past month.",
    "Screenshots of the messages received by email.",
    "Copies of letters and emails received from the client.",
    "Doorbell camera clip received on a memory stick; stored in the locked cabinet.",
];
