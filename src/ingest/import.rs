//! `resgraph import`: catalogue files in, one JSON record file per instrument out.

use crate::error::{Error, Result};
use crate::files::write_file_atomically;
use crate::ingest::extract::{record_file_name, records_from_catalogue, CatalogueSource};
use crate::ingest::profile::Profile;
use crate::ingest::Collection;
use std::path::{Path, PathBuf};

/// Reads `files` (the OSCE compendium's format, with the headings of `profile`) with the
/// concept schemes of `concepts`, checks every record they make, and writes each into `output`
/// as `NAME.json`. A file with any bad record is refused whole, and nothing is written unless
/// every record is good. An existing record file is replaced only with `force`. Returns the
/// files written.
pub fn import(
    files: &[PathBuf],
    concepts: &Collection,
    source: &CatalogueSource,
    profile: &Profile,
    output: &Path,
    force: bool,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for file in files {
        for record in records_from_catalogue(file, concepts, source, profile)? {
            written.push((output.join(record_file_name(&record)), record));
        }
    }
    let mut check = concepts.clone();
    check.records.clear();
    check.add_records(written.iter().cloned())?;
    if let Some((path, _)) = written.iter().find(|(path, _)| path.exists() && !force) {
        return Err(Error::Exists(path.clone()));
    }
    for (path, record) in &written {
        write_file_atomically(path, |w| {
            serde_json::to_writer_pretty(&mut *w, record)?;
            writeln!(w)
        })?;
    }
    Ok(written.into_iter().map(|(path, _)| path).collect())
}
