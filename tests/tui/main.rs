//! The interface in memory, driven through keys and `update()` with the test harness:
//! snapshots of the screens at 80x24 as plain text, key sequences checked against what
//! the service then holds, casework and administration screens, search, locking and the
//! wait after wrong passphrases, and random key sequences that must never break it.

mod tui_util;
#[macro_use]
mod tui_case_util;
#[macro_use]
mod tui_admin_util;
#[path = "../support/moments.rs"]
mod moments;
#[path = "../support/terminal.rs"]
mod terminal_support;
mod tui_keys_support;

mod admin;
mod admin_history;
mod admin_templates;
mod admin_users;
mod case_entries;
mod case_letters;
mod case_letters_list;
mod case_links;
mod case_pages;
mod case_reading;
mod case_reports;
mod case_screen;
mod cases;
mod dates;
mod directory;
mod duplicates;
mod intake_centres;
mod keys_bindings;
mod keys_drafts;
mod keys_escapes;
mod keys_form;
mod keys_help;
mod keys_unlock;
mod layers;
mod lock;
mod lock_backoff;
mod lock_cli;
mod lock_wait;
mod names;
mod notices;
mod notices_more;
mod person_edit;
mod props;
mod queue_rows;
mod referral_file;
mod referrals;
mod reports;
mod screens;
mod scripts;
mod search;
mod settings;
mod standard_report;
mod wrapping;
