//! Cards reached from search or a case (a person's or an organisation's, each one
//! coarse view from the service), and the people who may be one person.

use crate::service::{Client, Error};
use crate::ui::msg::{CardEffect, PeopleEffect, Reply};

/// Reads a card.
pub(super) fn card(svc: &Client, effect: CardEffect) -> Result<Reply, Error> {
    match effect {
        CardEffect::Person(id) => svc.person_card(id).map(|c| Reply::Person(Box::new(c))),
        CardEffect::Organisation(id) => svc
            .organisation_card(id)
            .map(|c| Reply::Organisation(Box::new(c))),
    }
}

/// Finds and merges two records of one person.
pub(super) fn people(svc: &Client, effect: PeopleEffect) -> Result<Reply, Error> {
    match effect {
        PeopleEffect::Duplicates => svc.possible_duplicates().map(Reply::Duplicates),
        PeopleEffect::MergeCandidates(id) => svc.merge_candidates(id).map(Reply::Duplicates),
        PeopleEffect::Merge { keep, gone } => svc
            .merge_people(keep, gone)
            .map(|()| Reply::Saved("The two records are one now; what each held is kept".into())),
    }
}
