//! `caseline demo`: a new store full of realistic synthetic casework.

use std::time::Instant;

use zeroize::Zeroizing;

use super::admin::{Context, print_recovery_key};
use super::output::say;
use super::{CliResult, Failure, secrets};
use crate::service::{Caseline, InitRequest};

/// Creates the demo store.
pub fn demo(ctx: &Context, cases: usize, seed: u64) -> CliResult {
    // Before anything is made: a store left half full would be in the way.
    crate::service::api::limits::check_demo_cases(cases).map_err(|message| Failure {
        message: format!("--cases: {message}"),
        code: 1,
    })?;
    if crate::service::store_exists(&ctx.data_dir) {
        crate::service::check_place(&ctx.data_dir)?;
        return Err(Failure {
            message: format!(
                "caseline data already exists at {}; demo makes a new store",
                ctx.data_dir.display()
            ),
            code: 1,
        });
    }
    let (passphrase, made_up) = match secrets::given(ctx.passphrase_file.as_deref())? {
        Some(p) => (p, false),
        None => (made_up_passphrase(), true),
    };
    let started = Instant::now();
    let req = InitRequest {
        organisation: "Demo Race Equality Council".into(),
        admin_login: "admin".into(),
        admin_name: "Demo Administrator".into(),
        passphrase: passphrase.clone(),
        key_cost: crate::service::KeyCost::Standard,
    };
    let (svc, recovery) = Caseline::init_with_clock(&ctx.data_dir, req, ctx.clock.clone())?;
    let doc = crate::demo::generate(cases, seed, &svc.actor(), svc.clock().now());
    let generated = started.elapsed();
    let summary = svc.import(doc)?;
    // Built now, so that the first unlock loads the search index from its snapshot.
    svc.warm_search(&mut super::search::progress())?;
    svc.close()?;
    let added: Vec<String> = summary
        .added
        .iter()
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    say!(
        "Demo store at {}: {}.",
        ctx.data_dir.display(),
        added.join(", ")
    );
    say!(
        "Generated in {:.1} s, stored in {:.1} s.",
        generated.as_secs_f64(),
        (started.elapsed() - generated).as_secs_f64()
    );
    say!("Sign in as `admin`.");
    if made_up {
        say!(
            "Passphrase (made up for this demo): {}",
            passphrase.as_str()
        );
    }
    print_recovery_key(&recovery);
    Ok(())
}

/// Four random words' worth of letters, grouped so it can be typed.
fn made_up_passphrase() -> Zeroizing<String> {
    let key = crate::service::random_letters();
    Zeroizing::new(key.to_lowercase().chars().take(24).collect())
}
