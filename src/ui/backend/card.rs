//! Cards reached from search or a case: a person's or an organisation's, each one
//! coarse view from the service.

use crate::service::{Client, Error};
use crate::ui::msg::{CardEffect, Reply};

/// Reads a card.
pub(super) fn card(svc: &Client, effect: CardEffect) -> Result<Reply, Error> {
    match effect {
        CardEffect::Person(id) => svc.person_card(id).map(|c| Reply::Person(Box::new(c))),
        CardEffect::Organisation(id) => svc
            .organisation_card(id)
            .map(|c| Reply::Organisation(Box::new(c))),
    }
}
