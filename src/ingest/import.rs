//! `resgraph import`: catalogue files in, a data folder out: one JSON record file per
//! instrument in `records/`, and every concept scheme in `concepts/`, with the concepts the
//! catalogue named that no scheme had (new and unreviewed, see [`crate::ingest::open_world`]).
//! `resgraph build --data DIR` takes the folder as it is.

use crate::error::{Error, Result};
use crate::files::write_file_atomically;
use crate::ingest::extract::{record_file_name, records_from_catalogue, CatalogueSource};
use crate::ingest::open_world::OpenWorld;
use crate::ingest::profile::Profile;
use crate::ingest::Collection;
use crate::model::SchemeKind;
use std::path::{Path, PathBuf};

/// What `import` reads and where it writes.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The catalogue files.
    pub files: Vec<PathBuf>,
    /// The catalogue they come from.
    pub source: CatalogueSource,
    /// Their headings.
    pub profile: Profile,
    /// The data folder to write (`records/` and `concepts/` in it).
    pub output: PathBuf,
    /// Replace record files that already exist.
    pub force: bool,
    /// Refuse a label no concept names, instead of making a new, unreviewed concept.
    pub strict: bool,
}

/// What `import` wrote.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The record files, in order.
    pub records: Vec<PathBuf>,
    /// The concept scheme files.
    pub concepts: Vec<PathBuf>,
    /// Each new, unreviewed concept: its scheme, id and label, in the order they were met.
    pub added: Vec<(SchemeKind, String, String)>,
}

/// Reads the catalogue files of `options` with the concept schemes of `concepts`, checks every
/// record they make, and writes the data folder `options.output`. A file with any bad record
/// is refused whole, and nothing is written unless every record is good. An existing record
/// file is replaced only with `force`; the concept scheme files are always written whole
/// (those of `concepts`, with the new concepts).
pub fn import(concepts: &Collection, options: &ImportOptions) -> Result<Imported> {
    let mut grown = concepts.clone();
    grown.records.clear();
    let mut records = Vec::new();
    let added = {
        let mut world = OpenWorld::new(&mut grown, options.strict, options.source.url.clone());
        for file in &options.files {
            for record in
                records_from_catalogue(file, &mut world, &options.source, &options.profile)?
            {
                let path = options
                    .output
                    .join("records")
                    .join(record_file_name(&record));
                records.push((path, record));
            }
        }
        world.added().to_vec()
    };
    grown.add_records(records.iter().cloned())?;
    if let Some((path, _)) = records
        .iter()
        .find(|(path, _)| path.exists() && !options.force)
    {
        return Err(Error::Exists(path.clone()));
    }
    let mut imported = Imported::default();
    for (path, record) in &records {
        write_json(path, record)?;
        imported.records.push(path.clone());
    }
    for (path, scheme) in grown.schemes.values() {
        let file = options
            .output
            .join("concepts")
            .join(file_name(path, scheme.scheme));
        write_json(&file, scheme)?;
        imported.concepts.push(file);
    }
    for (kind, id) in added {
        let (_, scheme) = &grown.schemes[&kind];
        if let Some(concept) = scheme.concepts.iter().find(|c| c.id == id) {
            imported
                .added
                .push((kind, id.to_string(), concept.label.clone()));
        }
    }
    Ok(imported)
}

/// The file a scheme is written to: the name it was read from, else `{segment}s.json`.
fn file_name(path: &Path, kind: SchemeKind) -> PathBuf {
    path.file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| format!("{}s.json", kind.segment()).into())
}

fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    write_file_atomically(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        writeln!(w)
    })
}
