//! Files: listing a folder, writing a file atomically, and hashing what is written.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files of a folder whose name ends in `.{extension}`, sorted by name; none if the folder
/// does not exist.
pub fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(Error::io(dir))? {
        let path = entry.map_err(Error::io(dir))?.path();
        if path.extension().is_some_and(|e| e == extension) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The name prefix of the temporary files [`write_file_atomically`] writes beside their target.
pub const TEMP_PREFIX: &str = ".resgraph-";

/// Removes the temporary files (named `.resgraph-…`) that a run killed while writing left in
/// `dir`, and returns how many. A missing `dir` holds none. Never run it on a folder that
/// another resgraph process is writing into.
pub fn remove_stale_temp_files(dir: &Path) -> Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(Error::io(dir)(e)),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry.map_err(Error::io(dir))?;
        let is_temp = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX);
        if is_temp && entry.file_type().map_err(Error::io(dir))?.is_file() {
            std::fs::remove_file(entry.path()).map_err(Error::io(&entry.path()))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Writes a file atomically: into a temporary file beside it, renamed over it once complete.
///
/// If `write` fails, the temporary file is removed and an existing file at `path` is untouched.
/// If the process is killed first, the temporary file (`.resgraph-…`) stays behind, and the
/// file at `path` is still the old one; [`remove_stale_temp_files`] clears such leftovers.
/// Writes reach the file in pieces of up to 1 MiB.
pub fn write_file_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let staged = StagedFile::create(path)?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, staged.file());
        write(&mut buffered).map_err(Error::io(path))?;
        buffered.flush().map_err(Error::io(path))?;
    }
    staged.commit()
}

/// A file written into a temporary file beside its target (`.resgraph-…`), which appears at
/// the target only at [`StagedFile::commit`]; dropped uncommitted, it is removed. It lets a
/// job write several files and put them in place only once all are complete.
pub struct StagedFile {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl StagedFile {
    /// A new, empty temporary file for `path` (its folder is created if need be).
    pub fn create(path: &Path) -> Result<StagedFile> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(dir)
            .map_err(Error::io(dir))?;
        Ok(StagedFile {
            temp,
            path: path.to_path_buf(),
        })
    }

    /// The temporary file, to write to.
    pub fn file(&self) -> &std::fs::File {
        self.temp.as_file()
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file to disk, makes it `rw-r--r--` and renames it over its target.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        self.temp.as_file().sync_all().map_err(Error::io(&path))?;
        make_readable(self.temp.as_file()).map_err(Error::io(&path))?;
        self.temp.persist(&path).map_err(|e| Error::Io {
            path: path.clone(),
            cause: e.error,
        })?;
        Ok(())
    }
}

/// A writer that counts the bytes it passes on and computes their SHA-256.
pub struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// The writer, the number of bytes written and their SHA-256 in lowercase hexadecimal.
    pub fn finish(self) -> (W, u64, String) {
        let digest = self
            .hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        (self.inner, self.bytes, digest)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Gives a file the permissions of a published file, `rw-r--r--` (temporary files are created
/// readable by their owner only).
pub(crate) fn make_readable(file: &File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}
