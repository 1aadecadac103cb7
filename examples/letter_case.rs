//! Makes a store holding one case to write letters from (see `support/letters.rs`),
//! for the LibreOffice check in `.ci/run`. Prints, tab-separated: the case reference,
//! the recipient, the date of the act complained of and the chronology's dates.
//!
//! ```sh
//! cargo run --example letter_case -- DIR
//! ```

use caseline::service::Caseline;
use caseline::service::KeyCost;

mod support;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: letter_case DIR (a new store is made there)");
        std::process::exit(2);
    };
    let request = support::init_request(KeyCost::CheapForTests);
    let (svc, _) = Caseline::init(std::path::Path::new(&dir), request).expect("a new store");
    let case = support::letters::letter_case(&svc, 3);
    svc.close().expect("close");
    let mut fields = vec![case.reference, support::letters::EMPLOYER.into(), case.act];
    fields.extend(case.dates);
    println!("{}", fields.join("\t"));
}
