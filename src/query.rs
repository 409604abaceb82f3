//! Stage 4b: the stored SPARQL queries in `queries/`, and their answers as text.

use crate::error::{Error, Result};
use crate::files::files_with_extension;
use crate::graph::store::Answer;
use crate::publish::export::{write_quads, Format};
use crate::vocab::curie;
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QuerySolution;
use std::path::{Path, PathBuf};

/// A `.rq` file of `queries/`: its name (the file stem), the question it answers (its first
/// comment line) and its text.
#[derive(Debug, Clone)]
pub struct StoredQuery {
    /// The file stem, used as `resgraph query NAME`.
    pub name: String,
    /// The question it answers, from its first line (`# …`).
    pub question: String,
    /// The SPARQL text.
    pub sparql: String,
    /// The file.
    pub path: PathBuf,
}

/// Reads every `*.rq` file of `dir`, sorted by name. Each must start with a `# ` comment line.
pub fn stored_queries(dir: &Path) -> Result<Vec<StoredQuery>> {
    if !dir.is_dir() {
        return Err(Error::invalid(dir, "", "the queries folder does not exist"));
    }
    files_with_extension(dir, "rq")?
        .iter()
        .map(|p| read_query(p))
        .collect()
}

/// Reads one stored query file.
pub fn read_query(path: &Path) -> Result<StoredQuery> {
    let sparql = std::fs::read_to_string(path).map_err(Error::io(path))?;
    let question = sparql
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("# "))
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .ok_or_else(|| Error::Syntax {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            field: String::new(),
            message: "a stored query starts with a `# ` comment saying what question it answers"
                .into(),
        })?
        .to_owned();
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(StoredQuery {
        name,
        question,
        sparql,
        path: path.to_path_buf(),
    })
}

/// How to print an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnswerFormat {
    /// An aligned text table (IRIs shortened with resgraph's prefixes)
    Table,
    /// SPARQL 1.1 CSV
    Csv,
    /// SPARQL 1.1 TSV
    Tsv,
    /// SPARQL 1.1 Query Results JSON
    Json,
    /// SPARQL Query Results XML
    Xml,
}

impl AnswerFormat {
    /// The file extension for answers written in this format.
    pub fn extension(self) -> &'static str {
        match self {
            AnswerFormat::Table => "txt",
            AnswerFormat::Csv => "csv",
            AnswerFormat::Tsv => "tsv",
            AnswerFormat::Json => "srj",
            AnswerFormat::Xml => "srx",
        }
    }
}

/// Writes `answer` in `format`. A CONSTRUCT or DESCRIBE answer is written as Turtle whatever
/// the format.
pub fn write_answer(
    answer: &Answer,
    format: AnswerFormat,
    mut writer: impl std::io::Write,
) -> std::io::Result<()> {
    let results_format = match format {
        AnswerFormat::Table => None,
        AnswerFormat::Csv => Some(QueryResultsFormat::Csv),
        AnswerFormat::Tsv => Some(QueryResultsFormat::Tsv),
        AnswerFormat::Json => Some(QueryResultsFormat::Json),
        AnswerFormat::Xml => Some(QueryResultsFormat::Xml),
    };
    match (answer, results_format) {
        (Answer::Graph(triples), _) => {
            let quads: Vec<Quad> = triples
                .iter()
                .map(|t| t.clone().in_graph(GraphName::DefaultGraph))
                .collect();
            write_quads(&quads, Format::Ttl, writer).map(drop)
        }
        (Answer::Boolean(value), None) => writeln!(writer, "{value}"),
        (Answer::Boolean(value), Some(f)) => QueryResultsSerializer::from_format(f)
            .serialize_boolean_to_writer(writer, *value)
            .map(drop),
        (Answer::Solutions { variables, rows }, None) => write_table(variables, rows, writer),
        (Answer::Solutions { variables, rows }, Some(f)) => {
            let mut serializer = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(writer, variables.clone())?;
            for row in rows {
                let solution = QuerySolution::from((variables.clone(), row.clone()));
                serializer.serialize(&solution)?;
            }
            serializer.finish().map(drop)
        }
    }
}

/// An aligned text table: a header of variable names, a rule, one line per row.
fn write_table(
    variables: &[oxigraph::sparql::Variable],
    rows: &[Vec<Option<Term>>],
    mut writer: impl std::io::Write,
) -> std::io::Result<()> {
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|t| t.as_ref().map(cell).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |values: &[String]| -> String {
        let padded: Vec<String> = values
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v}{}", " ".repeat(w - v.chars().count())))
            .collect();
        padded.join(" | ").trim_end().to_owned()
    };
    writeln!(writer, "{}", line(&header))?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(writer, "{}", rule.join("-+-"))?;
    for row in &cells {
        writeln!(writer, "{}", line(row))?;
    }
    writeln!(
        writer,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}

/// A term as a table cell: IRIs with a known prefix shortened, literals by their value, line
/// breaks shown as `\n`.
fn cell(term: &Term) -> String {
    let text = match term {
        Term::NamedNode(n) => curie(n.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    };
    text.replace('\r', "").replace('\n', "\\n")
}
