//! Messages into the application, effects out of it, and replies to effects.
//!
//! `update` is pure: it turns a message into changes of the model and a list of
//! effects. The runtime carries the effects out (calling the service, writing drafts,
//! quitting) and feeds what they returned back in as [`Msg::Reply`].

use ratatui::crossterm::event::KeyEvent;
use zeroize::Zeroizing;

use crate::domain::{Incident, IncidentId, Person};
use crate::service::{Draft, IntakeRequest, PersonMatch, PersonQuery};

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key was pressed (releases and repeats never get here).
    Key(KeyEvent),
    /// Text pasted in one go (bracketed paste).
    Paste(String),
    Resize(u16, u16),
    /// What an effect returned.
    Reply(Reply),
}

/// Something the application wants done.
#[derive(Debug, Clone)]
pub enum Effect {
    Quit,
    CreateStore {
        organisation: String,
        login: String,
        name: String,
        passphrase: Zeroizing<String>,
    },
    Unlock {
        login: Option<String>,
        passphrase: Zeroizing<String>,
    },
    /// Look for the caller among people already on file.
    FindPeople(PersonQuery),
    /// Keep the draft (fast, on every change; forced to disk shortly after).
    SaveDraft(Draft),
    DiscardDraft,
    /// Look for an unfinished draft to offer.
    CheckDraft,
    SaveIntake(Box<IntakeRequest>),
    LoadRecent,
    LoadIncident(IncidentId),
}

/// One row of the recent intakes list.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeRow {
    pub id: IncidentId,
    pub reported: String,
    pub caller: String,
    pub location: String,
    pub strands: String,
}

/// An incident with the people in it, for the detail screen.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentDetail {
    pub incident: Incident,
    pub people: Vec<Person>,
    /// Reference list labels for its codes, resolved by the runtime.
    pub labels: Vec<(String, String)>,
}

/// What an effect returned.
#[derive(Debug, Clone)]
pub enum Reply {
    StoreCreated {
        organisation: String,
        user: String,
        recovery_key: Zeroizing<String>,
    },
    Unlocked {
        organisation: String,
        user: String,
    },
    UnlockFailed(String),
    PeopleFound(PersonQuery, Vec<PersonMatch>),
    DraftFound(Option<Draft>),
    IntakeSaved {
        summary: String,
    },
    /// The service refused: field problems by dotted path, or one message.
    Refused {
        problems: Vec<(String, String)>,
        message: String,
    },
    Recent(Vec<IntakeRow>),
    Incident(Box<IncidentDetail>),
    /// Something failed that the user should hear about.
    Failed(String),
}
