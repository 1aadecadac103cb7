//! Full screens.

pub mod home;
pub mod incident;
pub mod intake;
pub mod recent;
pub mod setup;
pub mod unlock;
