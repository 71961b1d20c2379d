//! Writing certificate and key files: atomically, keys 0600, never over an existing file
//! unless the user said `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// An existing file that would have been overwritten.
#[derive(Debug, thiserror::Error)]
#[error("refusing to overwrite {} (it exists; pass --force to replace it)", .0.display())]
pub struct ClobberRefused(pub PathBuf);

/// Fails when any of the paths exists and `force` is not set (checked before writing anything).
pub fn ensure_writable(paths: &[&Path], force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    for path in paths {
        if path.exists() {
            return Err(ClobberRefused(path.to_path_buf()).into());
        }
    }
    Ok(())
}

/// Writes `contents` to `path` through a temporary file and a rename, with the given mode.
pub fn write_atomic(path: &Path, contents: &[u8], mode: u32) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = write_new(&tmp, contents, mode).and_then(|()| {
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot move the new file into place at {}", path.display()))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn write_new(path: &Path, contents: &[u8], mode: u32) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(contents)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Writes a private key: mode 0600.
pub fn write_key(path: &Path, pem: &str) -> Result<()> {
    write_atomic(path, pem.as_bytes(), 0o600)
}

/// Writes a certificate: mode 0644.
pub fn write_cert(path: &Path, pem: &str) -> Result<()> {
    write_atomic(path, pem.as_bytes(), 0o644)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_private_and_never_clobbered() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("tls.key");
        write_key(&key, "secret").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let err = ensure_writable(&[&key], false).unwrap_err();
        assert!(err.to_string().contains("tls.key"), "{err}");
        ensure_writable(&[&key], true).unwrap();
        write_key(&key, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&key).unwrap(), "new");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    }
}
