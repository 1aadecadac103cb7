//! How much one request may ask of a server, so that no client (a broken one, or one
//! made by hand) can make it allocate without bound. The socket's own limits (a frame's
//! size, how long a frame or a sign-in may take) are with the socket, in
//! `remote::frame` and `remote::server`.

/// Bytes an import's upload may hold: an export of about 150,000 cases as
/// `caseline export` writes it, far more than any caseload of ours, but a bound on
/// what a server reads into memory.
pub const MAX_IMPORT_BYTES: u64 = 2 << 30;

/// Cases a demo caseload may have, on the command line and asked of a server: ten
/// times the largest caseload the benchmarks use.
pub const MAX_DEMO_CASES: usize = 1_000_000;

/// Refuses a demo of more than [`MAX_DEMO_CASES`] cases, saying the limit.
pub fn check_demo_cases(cases: usize) -> Result<(), String> {
    if cases > MAX_DEMO_CASES {
        return Err(format!(
            "a demo caseload of {cases} cases is over the limit of {MAX_DEMO_CASES}"
        ));
    }
    Ok(())
}

/// The size in words, for messages: "2 GiB", "16 MiB", "512 bytes".
pub fn in_words(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b => format!("{b} bytes"),
    }
}
