//! Files: listing a folder, writing a file atomically, hashing what is written, and writing
//! past the page cache.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::borrow::Borrow;
use std::fs::File;
use std::io::{BufWriter, Write};
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

/// How [`DirectWriter`] aligns what it writes: its buffer's address, each write's length and
/// the file offset of each write are multiples of it (4 KiB, what every Linux block device
/// takes).
const DIRECT_ALIGN: usize = 4096;

/// How much [`DirectWriter`] writes at once: 1 MiB.
const DIRECT_BLOCK: usize = 1 << 20;

/// A file writer that, on Linux, writes past the page cache (`O_DIRECT`) in aligned blocks of
/// 1 MiB, and the last, shorter block through the page cache.
///
/// The exports of a build are several GB, written once and not read back by the build. Through
/// the page cache each byte was copied once more by the kernel, into pages the system had to
/// find first: on the benchmark machine, writing 4,000 MiB that way took from 1.3 s to 22 s of
/// system time from one run to the next, and about 0.5 s with `O_DIRECT`. Where `O_DIRECT` is
/// refused (by some file systems, and on every system but Linux), it writes through the page
/// cache, as a plain file does. Call [`Write::flush`] at the end: it writes the last block.
///
/// ```
/// use std::io::Write;
/// use resgraph::files::DirectWriter;
///
/// let file = tempfile::tempfile().unwrap();
/// let mut writer = DirectWriter::new(&file);
/// let line = b"<urn:s> <urn:p> <urn:o> .\n";
/// for _ in 0..100_000 {
///     writer.write_all(line).unwrap();
/// }
/// writer.flush().unwrap();
/// assert_eq!(file.metadata().unwrap().len(), 100_000 * line.len() as u64);
/// ```
pub struct DirectWriter<F: Borrow<File>> {
    file: F,
    /// [`DIRECT_BLOCK`] bytes from `start`, aligned, plus the room to align them.
    storage: Vec<u8>,
    start: usize,
    /// How many bytes of the block are filled.
    filled: usize,
    /// Whether the file is open with `O_DIRECT`.
    direct: bool,
}

impl<F: Borrow<File>> DirectWriter<F> {
    /// Writes to `file` (opened for writing, at offset 0), with `O_DIRECT` where it can.
    pub fn new(file: F) -> Self {
        let storage = vec![0; DIRECT_BLOCK + DIRECT_ALIGN];
        let start = storage.as_ptr().align_offset(DIRECT_ALIGN);
        let mut writer = DirectWriter {
            file,
            storage,
            start,
            filled: 0,
            direct: false,
        };
        writer.direct = writer.set_direct(true).is_ok();
        writer
    }

    /// Writes what is held ([`Write::flush`]) and gives back the file.
    pub fn into_inner(mut self) -> std::io::Result<F> {
        self.flush()?;
        Ok(self.file)
    }

    /// Turns `O_DIRECT` on or off.
    #[cfg(target_os = "linux")]
    fn set_direct(&mut self, on: bool) -> std::io::Result<()> {
        use rustix::fs::{fcntl_getfl, fcntl_setfl, OFlags};
        let file = self.file.borrow();
        let flags = fcntl_getfl(file)?;
        let flags = match on {
            true => flags | OFlags::DIRECT,
            false => flags - OFlags::DIRECT,
        };
        fcntl_setfl(file, flags)?;
        self.direct = on;
        Ok(())
    }

    /// Elsewhere than Linux, a file is never opened with `O_DIRECT`.
    #[cfg(not(target_os = "linux"))]
    fn set_direct(&mut self, on: bool) -> std::io::Result<()> {
        match on {
            true => Err(std::io::ErrorKind::Unsupported.into()),
            false => Ok(()),
        }
    }

    /// Writes the filled part of the block to the file. A write that fails with `O_DIRECT`
    /// (an unaligned one: the last block, or any after a short write) is tried again without
    /// it, and the rest of the file is written without it.
    fn write_block(&mut self) -> std::io::Result<()> {
        if self.direct && !self.filled.is_multiple_of(DIRECT_ALIGN) {
            self.set_direct(false)?;
        }
        let mut done = 0;
        while done < self.filled {
            let block = &self.storage[self.start + done..self.start + self.filled];
            match self.file.borrow().write(block) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) if self.direct => self.set_direct(false)?,
                Err(e) => return Err(e),
            }
        }
        self.filled = 0;
        Ok(())
    }
}

impl<F: Borrow<File>> Write for DirectWriter<F> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.filled == DIRECT_BLOCK {
            self.write_block()?;
        }
        let start = self.start + self.filled;
        let n = buf.len().min(DIRECT_BLOCK - self.filled);
        self.storage[start..start + n].copy_from_slice(&buf[..n]);
        self.filled += n;
        Ok(n)
    }

    /// Writes what is held to the file, and leaves it a plain file again, without `O_DIRECT`
    /// (which any later reads and writes through it would have to align too).
    fn flush(&mut self) -> std::io::Result<()> {
        self.write_block()?;
        match self.direct {
            true => self.set_direct(false),
            false => Ok(()),
        }
    }
}

/// The writer of an export file: a 1 MiB buffer, then the SHA-256 and size of what passes
/// ([`HashingWriter`]), then a [`DirectWriter`] to `file`. The buffer comes before the hashing:
/// RDF/XML's and JSON-LD's serializers write a few bytes at a time, and hashing each piece on
/// its own took a fifth of a JSON-LD export's time.
pub type FileWriter<F> = BufWriter<HashingWriter<DirectWriter<F>>>;

/// A [`FileWriter`] to `file`.
pub fn file_writer<F: Borrow<File>>(file: F) -> FileWriter<F> {
    BufWriter::with_capacity(1 << 20, HashingWriter::new(DirectWriter::new(file)))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `length` bytes of a pattern in pieces of every size from 1 byte to more than a
    /// block, to a new file in `dir`; returns whether the writer still used `O_DIRECT` before
    /// its flush, after it, and the bytes written.
    fn write_pattern(dir: &Path, length: usize) -> (bool, bool, Vec<u8>) {
        let file = tempfile::tempfile_in(dir).unwrap();
        let written = write_pattern_to(&file, length);
        let mut back = Vec::new();
        std::io::Seek::rewind(&mut &file).unwrap();
        std::io::Read::read_to_end(&mut &file, &mut back).unwrap();
        assert_eq!(back.len(), length);
        assert!(
            back == written.2,
            "the file holds other bytes than were written"
        );
        written
    }

    /// [`write_pattern`] to `file`, without reading it back.
    fn write_pattern_to(file: &File, length: usize) -> (bool, bool, Vec<u8>) {
        let bytes: Vec<u8> = (0..length).map(|i| (i * 7 % 251) as u8).collect();
        let mut writer = DirectWriter::new(file);
        let sizes = [1, 7, 4095, 4096, 65_537, DIRECT_BLOCK + 5];
        let (mut at, mut size) = (0, sizes.iter().cycle());
        while at < length {
            let end = length.min(at + size.next().unwrap());
            writer.write_all(&bytes[at..end]).unwrap();
            at = end;
        }
        let before = writer.direct;
        writer.flush().unwrap();
        (before, writer.direct, bytes)
    }

    #[test]
    fn a_direct_writer_writes_exactly_the_bytes_given() {
        let dir = tempfile::tempdir().unwrap();
        let (direct, _, _) = write_pattern(dir.path(), 3 * DIRECT_BLOCK + 12_345);
        // A length of whole blocks keeps O_DIRECT to the end, where the system allows it, and
        // the flush ends it, so that the file can be read back.
        let (before, after, _) = write_pattern(dir.path(), 2 * DIRECT_BLOCK);
        assert_eq!((before, after), (direct, false));
        let pattern = write_pattern_to(&tempfile::tempfile().unwrap(), DIRECT_BLOCK + 1).2;
        // A last block shorter than the alignment: O_DIRECT lasts until the flush writes it.
        assert_eq!(
            write_pattern(dir.path(), DIRECT_BLOCK + 1),
            (direct, false, pattern)
        );
        assert_eq!(write_pattern(dir.path(), 0).2, b"");
    }

    #[test]
    fn a_write_that_o_direct_refuses_is_written_without_it() {
        // A file that holds a byte already: every block then starts at an unaligned offset.
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"#").unwrap();
        let (_, after, bytes) = write_pattern_to(&file, 2 * DIRECT_BLOCK + 3);
        assert!(!after);
        let mut back = Vec::new();
        std::io::Seek::rewind(&mut file).unwrap();
        std::io::Read::read_to_end(&mut file, &mut back).unwrap();
        assert_eq!(back.len(), 1 + bytes.len());
        assert!(back[0] == b'#' && back[1..] == bytes[..]);
    }
}
