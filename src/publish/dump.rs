//! Dumps for the stores users scale to: gzip-compressed files and numbered shards of whole
//! lines, the forms QLever's index builder and Virtuoso's bulk loader take directly, each with
//! a SHA-256 beside it (`FILE.sha256`, in `sha256sum` format).
//!
//! Every file is written to a temporary file and renamed once complete.

use crate::error::{Error, Result};
use crate::files::{file_writer, FileWriter};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes a line-based dump (N-Triples, N-Quads) into one file or into shards of at most
/// `lines` lines, gzip-compressed when the file name ends in `.gz`.
///
/// With shards, `out.nt.gz` becomes `out.000001.nt.gz`, `out.000002.nt.gz`, …
pub struct DumpWriter {
    path: PathBuf,
    lines_per_shard: Option<u64>,
    shard: Option<Shard>,
    shards: u64,
    lines: u64,
    written: Vec<(PathBuf, String)>,
}

/// One file being written.
struct Shard {
    path: PathBuf,
    temp: tempfile::TempPath,
    writer: ShardWriter,
}

/// A file's writer: plain or gzip, over a [`FileWriter`].
enum ShardWriter {
    Plain(FileWriter<File>),
    Gzip(GzEncoder<FileWriter<File>>),
}

impl DumpWriter {
    /// A dump at `path`, split every `lines_per_shard` lines if given.
    pub fn new(path: &Path, lines_per_shard: Option<u64>) -> DumpWriter {
        DumpWriter {
            path: path.to_path_buf(),
            lines_per_shard: lines_per_shard.filter(|n| *n > 0),
            shard: None,
            shards: 0,
            lines: 0,
            written: Vec::new(),
        }
    }

    /// The path of shard `n` (or of the only file).
    fn shard_path(&self, n: u64) -> PathBuf {
        if self.lines_per_shard.is_none() {
            return self.path.clone();
        }
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (stem, extension) = match name.find('.') {
            Some(dot) => (&name[..dot], &name[dot..]),
            None => (name.as_str(), ""),
        };
        self.path
            .with_file_name(format!("{stem}.{n:06}{extension}"))
    }

    fn open(&mut self) -> std::io::Result<()> {
        self.shards += 1;
        let path = self.shard_path(self.shards);
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir)?;
        let (file, temp) = tempfile::Builder::new()
            .prefix(".resgraph-")
            .tempfile_in(&dir)?
            .into_parts();
        let buffered = file_writer(file);
        let gzip = path.extension().is_some_and(|e| e == "gz");
        let writer = if gzip {
            ShardWriter::Gzip(GzEncoder::new(buffered, Compression::fast()))
        } else {
            ShardWriter::Plain(buffered)
        };
        self.shard = Some(Shard { path, temp, writer });
        self.lines = 0;
        Ok(())
    }

    fn close(&mut self) -> std::io::Result<()> {
        let Some(shard) = self.shard.take() else {
            return Ok(());
        };
        let buffered = match shard.writer {
            ShardWriter::Plain(b) => b,
            ShardWriter::Gzip(gz) => gz.finish()?,
        };
        let hashing = buffered.into_inner().map_err(|e| e.into_error())?;
        let (direct, _, sha256) = hashing.finish();
        let file = direct.into_inner()?;
        file.sync_all()?;
        crate::files::make_readable(&file)?;
        shard.temp.persist(&shard.path).map_err(|e| e.error)?;
        self.written.push((shard.path, sha256));
        Ok(())
    }

    fn current(&mut self) -> std::io::Result<&mut ShardWriter> {
        if self.shard.is_none() {
            self.open()?;
        }
        Ok(&mut self.shard.as_mut().expect("just opened").writer)
    }

    /// Closes the last file and writes a `.sha256` beside every file; returns each file with
    /// its SHA-256.
    pub fn finish(mut self) -> Result<Vec<(PathBuf, String)>> {
        if self.shards == 0 {
            self.open().map_err(Error::io(&self.path))?;
        }
        self.close().map_err(Error::io(&self.path))?;
        for (path, sha256) in &self.written {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let sidecar = PathBuf::from(format!("{}.sha256", path.display()));
            crate::files::write_file_atomically(&sidecar, |w| writeln!(w, "{sha256}  {name}"))?;
        }
        Ok(self.written)
    }
}

impl Write for ShardWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            ShardWriter::Plain(w) => w.write(buf),
            ShardWriter::Gzip(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            ShardWriter::Plain(w) => w.flush(),
            ShardWriter::Gzip(w) => w.flush(),
        }
    }
}

impl Write for DumpWriter {
    /// Writes whole lines to the current shard, starting a new one after every
    /// `lines_per_shard` lines.
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let Some(limit) = self.lines_per_shard else {
            self.current()?.write_all(buf)?;
            return Ok(buf.len());
        };
        let mut rest = buf;
        while !rest.is_empty() {
            if self.lines == limit {
                self.close()?;
            }
            let room = limit - self.lines;
            let mut end = rest.len();
            let mut newlines = 0;
            for (i, b) in rest.iter().enumerate() {
                if *b == b'\n' {
                    newlines += 1;
                    if newlines == room {
                        end = i + 1;
                        break;
                    }
                }
            }
            self.current()?.write_all(&rest[..end])?;
            self.lines += newlines;
            rest = &rest[end..];
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.shard {
            Some(shard) => shard.writer.flush(),
            None => Ok(()),
        }
    }
}
