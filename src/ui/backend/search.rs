//! Search effects: the bar's text, and a person's or an organisation's card, each one
//! coarse view from the service.

use crate::service::{Client, Error};
use crate::ui::msg::{Effect, Reply};

/// Runs a search effect; `None` for any other effect.
pub(super) fn run(svc: &Client, effect: &Effect) -> Option<Result<Reply, Error>> {
    match effect {
        Effect::Search(text) => Some(svc.search_view(text).map(|d| Reply::Found(Box::new(d)))),
        Effect::LoadPerson(id) => Some(svc.person_card(*id).map(|c| Reply::Person(Box::new(c)))),
        Effect::LoadOrganisation(id) => Some(
            svc.organisation_card(*id)
                .map(|c| Reply::Organisation(Box::new(c))),
        ),
        _ => None,
    }
}
