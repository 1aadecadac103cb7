//! The store on disk: nothing personal in plain text, damage and SIGKILL mid-write
//! survived, one process at a time, sled's late release of its lock, the codec, the
//! version-1 fixture, and export and import with the published schema.

#[path = "../support/common/mod.rs"]
mod common;

mod codec_props;
mod corruption;
mod crash;
mod damage;
mod export_schema;
mod fixture_v1;
mod flip;
mod flips;
mod import_committed;
mod import_export;
mod lock;
mod privacy;
mod reopen_race;
mod restore_live;
mod sign_in;
