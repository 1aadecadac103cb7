//! The store under damage and attack: panics inside sled caught and named, restores
//! that must be authorised by the live store, sign-in refusals that take as long
//! whether or not the login exists, and damage around the database named and
//! cleaned up.

#[path = "../common/mod.rs"]
mod common;

mod damage;
mod flip;
mod flips;
mod restore;
mod sign_in;
