//! Users, roles and the audit log, through the service: what each role may do, managing
//! users and passphrases, every audited action's entry, the audit chain giving away
//! tampering, and nothing personal readable in the log.

#[path = "../support/common/mod.rs"]
mod common;
mod roles_support;

mod audit_actions;
mod audit_chain;
mod audit_privacy;
mod live_roles;
mod report_facts;
mod report_tables;
mod reports;
mod roles_access;
mod roles_centre;
mod roles_users;
mod work_settings;
