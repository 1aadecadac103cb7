//! The command line, run as the real binary: exit codes (0 success, 1 failure, 2
//! usage), messages, the files it writes, and that failures change nothing; users,
//! the audit log, the follow-up queue, search and keymaps from the command line; and
//! the store's server with the commands and sessions it serves.

#[path = "../support/common/mod.rs"]
mod common;

mod audit;
mod commands;
mod directory;
mod import;
mod keymap;
mod letters;
mod people;
mod queue;
mod referral_summary;
mod reports;
mod restore;
mod search;
mod server;
mod users;
