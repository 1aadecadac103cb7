//! Full screens.

pub mod audit;
mod card;
pub mod case;
pub mod cases;
pub mod directory;
mod directory_forms;
pub mod duplicates;
pub mod home;
pub mod incident;
pub mod intake;
pub mod organisation;
pub mod person;
pub mod queue;
mod queue_table;
pub mod recent;
pub mod referral_incoming;
pub mod referrals;
pub mod reports;
pub mod search;
pub mod setup;
pub mod templates;
pub mod unlock;
pub mod users;
