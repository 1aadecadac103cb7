//! Import refuses what it cannot take whole (trailing data, unknown fields, impossible
//! dates, loops of corrections, oversized lists, duplicate logins) and says where; the
//! command line survives a reader that leaves early and shows arguments inert.

mod document;
mod escapes;
mod logins;
mod parsing;
pub(crate) mod pipes;
mod props;
mod rules;
