//! The files resgraph ships and embeds as defaults, so that it runs from any folder: the
//! ontology and its SHACL shapes (`ontology/*.ttl`), the stored queries (`queries/*.rq`), the
//! concept schemes (`data/concepts/*.json`) and the SSSOM mapping table
//! (`data/mappings.sssom.tsv`), each as `(path in the repository, text)`.
//!
//! A data folder overrides them: `DATA/ontology/NAME.ttl` and `DATA/queries/NAME.rq` replace
//! the shipped file of the same name (or add one), a concept scheme in `DATA/concepts/`
//! replaces the shipped scheme of the same kind, and `DATA/mappings.sssom.tsv` replaces the
//! shipped table. See [`overlay`].
//!
//! ```
//! assert!(resgraph::shipped::QUERIES.iter().any(|(path, _)| *path == "queries/obligations.rq"));
//! assert!(resgraph::shipped::ONTOLOGY.iter().any(|(path, _)| *path == "ontology/shapes.ttl"));
//! ```

use crate::error::{Error, Result};
use crate::files::files_with_extension;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// The shipped SHACL shapes file, within [`ONTOLOGY`].
pub const SHAPES_FILE: &str = "ontology/shapes.ttl";

/// A file's path and text: one shipped with resgraph, or one read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// Where it came from: a path on disk, or the shipped file's path in the repository.
    pub path: PathBuf,
    /// Its content.
    pub text: Cow<'static, str>,
}

impl Text {
    /// A shipped file.
    pub fn shipped((path, text): (&'static str, &'static str)) -> Text {
        Text {
            path: PathBuf::from(path),
            text: Cow::Borrowed(text),
        }
    }

    /// Reads a file from disk.
    pub fn read(path: &Path) -> Result<Text> {
        let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
        Ok(Text {
            path: path.to_path_buf(),
            text: Cow::Owned(text),
        })
    }

    /// The file name (`shapes.ttl`).
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The shipped files, with every `*.{extension}` file of `dir` (if it exists) replacing the
/// shipped file of the same name or added to them; sorted by file name.
///
/// ```
/// use resgraph::shipped::{overlay, QUERIES};
/// let queries = overlay(QUERIES, "no/such/folder".as_ref(), "rq").unwrap();
/// assert_eq!(queries.len(), QUERIES.len());
/// ```
pub fn overlay(
    shipped: &[(&'static str, &'static str)],
    dir: &Path,
    extension: &str,
) -> Result<Vec<Text>> {
    let mut texts: Vec<Text> = shipped.iter().copied().map(Text::shipped).collect();
    for path in files_with_extension(dir, extension)? {
        let text = Text::read(&path)?;
        texts.retain(|t| t.file_name() != text.file_name());
        texts.push(text);
    }
    texts.sort_by_key(Text::file_name);
    Ok(texts)
}

/// Every `*.{extension}` file of `dir`, and none shipped: what an explicit `--queries DIR` or
/// `--ontology DIR` gives.
pub fn only(dir: &Path, extension: &str) -> Result<Vec<Text>> {
    files_with_extension(dir, extension)?
        .iter()
        .map(|path| Text::read(path))
        .collect()
}

/// The ontology's Turtle files for a run: those of `dir` if given, else the shipped ones with
/// the `*.ttl` files of `DATA/ontology/` replacing (or adding to) them by name.
pub fn ontology_for(data: &Path, dir: Option<&Path>) -> Result<Vec<Text>> {
    let texts = match dir {
        Some(dir) => only(dir, "ttl")?,
        None => overlay(ONTOLOGY, &data.join("ontology"), "ttl")?,
    };
    if texts.is_empty() {
        let dir = dir.unwrap_or(data);
        return Err(Error::invalid(
            dir,
            "",
            "the ontology folder has no .ttl file",
        ));
    }
    Ok(texts)
}

/// The SHACL shapes for a run: the files given, else the ontology's `shapes.ttl`.
pub fn shapes_for(ontology: &[Text], files: &[PathBuf]) -> Result<Vec<Text>> {
    if !files.is_empty() {
        return files.iter().map(|path| Text::read(path)).collect();
    }
    Ok(ontology
        .iter()
        .filter(|text| text.file_name() == "shapes.ttl")
        .cloned()
        .collect())
}
