//! Reading RDF files into quads, with the format from each file's extension.

use crate::error::{Error, Result};
use crate::shipped::Text;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::Quad;
use std::io::Read;
use std::path::Path;

/// Reads RDF files (as `resgraph build` exports them) into quads; the format comes from each
/// file's extension (`ttl`, `nt`, `nq`, `trig`, `rdf`, `jsonld`) and relative IRIs resolve
/// against the file's own `file:` URL. A syntax error names the file, line and column.
pub fn read_rdf_files(paths: &[impl AsRef<Path>]) -> Result<Vec<Quad>> {
    let mut quads = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let format = format_of(path)?;
        let file = std::fs::File::open(path).map_err(Error::io(path))?;
        quads.extend(parse(path, format, std::io::BufReader::new(file))?);
    }
    Ok(quads)
}

/// Parses RDF texts (shipped or read from disk) into quads, the format from each path's
/// extension, with the same errors as [`read_rdf_files`].
pub fn parse_rdf_texts(texts: &[Text]) -> Result<Vec<Quad>> {
    let mut quads = Vec::new();
    for text in texts {
        let format = format_of(&text.path)?;
        quads.extend(parse(&text.path, format, text.text.as_bytes())?);
    }
    Ok(quads)
}

/// The `file:` URL of `path` (made absolute against the working directory; built by the `url`
/// crate): the base IRI of the RDF read from it, as rapper and riot use, so that relative IRIs
/// such as `<>` resolve.
pub fn file_base_iri(path: &Path) -> Result<String> {
    let absolute = std::path::absolute(path).map_err(Error::io(path))?;
    url::Url::from_file_path(&absolute)
        .map(String::from)
        .map_err(|()| Error::invalid(path, "", "this path cannot be written as a file: URL"))
}

fn format_of(path: &Path) -> Result<RdfFormat> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    RdfFormat::from_extension(extension).ok_or_else(|| {
        Error::invalid(
            path,
            "",
            "unknown RDF format: name the file .ttl, .nt, .nq, .trig, .rdf or .jsonld",
        )
    })
}

fn parse(path: &Path, format: RdfFormat, reader: impl Read) -> Result<Vec<Quad>> {
    let base = file_base_iri(path)?;
    RdfParser::from_format(format)
        .with_base_iri(&base)
        .map_err(|e| Error::invalid(path, "", format!("{base} is not a base IRI: {e}")))?
        .for_reader(reader)
        .map(|quad| {
            quad.map_err(|e| match e {
                RdfParseError::Io(cause) => Error::Io {
                    path: path.to_path_buf(),
                    cause,
                },
                RdfParseError::Syntax(e) => {
                    let (line, column) = e
                        .location()
                        .map_or((0, 0), |l| (l.start.line + 1, l.start.column + 1));
                    Error::Syntax {
                        path: path.to_path_buf(),
                        line: line as usize,
                        column: column as usize,
                        field: String::new(),
                        message: e.to_string(),
                    }
                }
            })
        })
        .collect()
}
