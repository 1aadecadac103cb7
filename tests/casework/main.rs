//! Cases, timelines and follow-up queues, seen from a caller of the service: the
//! status workflow, statutory clocks, follow-ups, links, lists, the derived indexes,
//! the queue's buckets and counts, calls from two threads at once, and the rules the
//! service enforces (refusals are typed, name the field, and write nothing).

mod casework_support;
#[path = "../support/common/mod.rs"]
mod common;
#[path = "../support/moments.rs"]
mod moments;
mod referrals_support;
mod service_rules_support;

mod centre_reports;
mod clocks;
mod concurrency;
mod dates;
mod directory;
mod drafts;
mod duplicates;
mod edit_conflicts;
mod follow_ups;
mod indexes;
mod letters;
mod links;
mod list_pages;
mod lists;
mod person_history;
mod queue;
mod queue_counts;
mod queue_done;
mod referrals;
mod service_rules_cases;
mod service_rules_intake;
mod service_rules_roles;
mod sessions;
mod status;
mod timeline;
