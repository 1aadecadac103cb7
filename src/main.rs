//! The `caseline` binary: everything lives in the library; this only hands over, and
//! gives the command line the terminal interface to start when no command is given.

use std::path::PathBuf;

fn main() -> std::process::ExitCode {
    caseline::cli::main(interface)
}

fn interface(
    data_dir: PathBuf,
    keymap: Option<PathBuf>,
    socket: Option<PathBuf>,
) -> Result<(), caseline::Failure> {
    caseline::ui::run(caseline::ui::UiOptions {
        data_dir,
        keymap,
        socket,
    })
}
