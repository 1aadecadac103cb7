//! Where a store's server listens.
//!
//! On one machine the server of a data directory listens in `DIR/run/socket`: the data
//! directory is its owner's alone, so only that OS user can connect. A path longer
//! than a Unix socket address can hold (108 bytes) moves to a directory of the user's
//! own under the runtime directory, named by a hash of the data directory. An office
//! server names its socket itself (`caseline serve --socket PATH`), in a directory only
//! the `caseline` group can enter; clients find it with `--socket` or `CASELINE_SOCKET`
//! (which the package's profile line sets to [`SYSTEM_SOCKET`] while it exists).

use std::path::{Path, PathBuf};

/// Where the packaged system service listens.
pub const SYSTEM_SOCKET: &str = "/run/caseline/caseline.sock";

/// The longest path a Unix socket address holds, its final NUL aside.
const MAX_SOCKET_PATH: usize = 107;

/// The socket of the server for `data_dir` when nobody named one.
pub fn socket_for(data_dir: &Path) -> PathBuf {
    let near = data_dir.join("run").join("socket");
    if near.as_os_str().len() <= MAX_SOCKET_PATH {
        return near;
    }
    let absolute = std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let hash = blake3::hash(absolute.as_os_str().as_encoded_bytes()).to_hex();
    runtime_dir()
        .join(format!("caseline-{}", &hash[..16]))
        .join("socket")
}

/// The user's runtime directory, else a directory of their own in /tmp.
fn runtime_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    // SAFETY: geteuid only reads the process's user id.
    let uid = unsafe { libc::geteuid() };
    std::env::temp_dir().join(format!("caseline-{uid}"))
}

/// Makes the directory a socket goes in: its owner's alone (`0700`), or with a
/// `group` open to that group too (`0750`, and the group's when made here), so that
/// members can reach the socket and nobody else can.
pub fn make_socket_dir(socket: &Path, group: Option<u32>) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let Some(dir) = socket.parent() else {
        return Ok(());
    };
    let mode = if group.is_some() { 0o750 } else { 0o700 };
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(mode)
            .create(dir)?;
        // Made with this process's own group, which members need not share, and
        // under its umask (a server's is 077), which would shut the group out.
        if let Some(gid) = group {
            std::os::unix::fs::chown(dir, None, Some(gid))?;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode))?;
        }
    }
    let meta = std::fs::symlink_metadata(dir)?;
    if !meta.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    // A directory made by a service manager may already be right; never widen it.
    let current = meta.permissions().mode() & 0o777;
    if current & !mode != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(current & mode))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_the_profile_line_and_the_program_name_one_socket() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in ["docs/caseline.service", "docs/debian/caseline.sh"] {
            let text = std::fs::read_to_string(root.join(file)).expect("packaging file");
            assert!(
                text.contains(SYSTEM_SOCKET),
                "{file} does not name {SYSTEM_SOCKET}"
            );
        }
        let unit = std::fs::read_to_string(root.join("docs/caseline.service")).expect("unit");
        let socket_dir = Path::new(SYSTEM_SOCKET).parent().expect("a directory");
        assert!(
            unit.contains("RuntimeDirectory=caseline") && socket_dir == Path::new("/run/caseline")
        );
    }

    #[test]
    fn a_short_data_directory_keeps_its_socket_inside() {
        let s = socket_for(Path::new("/srv/caseline"));
        assert_eq!(s, Path::new("/srv/caseline/run/socket"));
    }

    #[test]
    fn a_long_one_moves_it_somewhere_that_fits() {
        let long = PathBuf::from("/").join("d".repeat(120));
        let s = socket_for(&long);
        assert!(s.as_os_str().len() <= MAX_SOCKET_PATH, "{}", s.display());
        assert_eq!(s, socket_for(&long), "the same directory, the same socket");
    }
}
