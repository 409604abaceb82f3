//! Reading RDF files into quads, with the format from each file's extension.

use crate::error::{Error, Result};
use std::path::Path;

/// Reads RDF files (as `resgraph build` exports them) into quads; the format comes from each
/// file's extension (`ttl`, `nt`, `nq`, `trig`, `rdf`, `jsonld`). A syntax error names the
/// file, line and column.
pub fn read_rdf_files(paths: &[impl AsRef<Path>]) -> Result<Vec<oxigraph::model::Quad>> {
    use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
    let mut quads = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let format = RdfFormat::from_extension(extension).ok_or_else(|| {
            Error::invalid(
                path,
                "",
                "unknown RDF format: name the file .ttl, .nt, .nq, .trig, .rdf or .jsonld",
            )
        })?;
        let file = std::fs::File::open(path).map_err(Error::io(path))?;
        for quad in RdfParser::from_format(format).for_reader(std::io::BufReader::new(file)) {
            quads.push(quad.map_err(|e| match e {
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
            })?);
        }
    }
    Ok(quads)
}
