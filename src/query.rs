//! The stored SPARQL queries (`queries/*.rq`, shipped, or from a data folder), and their
//! answers as text.

use crate::error::{Error, Result};
use crate::files::write_file_atomically;
use crate::graph::store::Answer;
use crate::publish::export::{write_quads, Format};
use crate::shipped::{self, Text};
use crate::vocab::curie;
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, QueryResultsSerializer, ReaderQueryResultsParserOutput,
};
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

/// Reads every `*.rq` file of `dir`, sorted by name, and none shipped. Each must start with a
/// `# ` comment line.
pub fn stored_queries(dir: &Path) -> Result<Vec<StoredQuery>> {
    if !dir.is_dir() {
        return Err(Error::invalid(dir, "", "the queries folder does not exist"));
    }
    shipped::only(dir, "rq")?
        .iter()
        .map(StoredQuery::parse)
        .collect()
}

/// The stored queries of a run: those of `dir` if given, else the shipped ones with the
/// `*.rq` files of `DATA/queries/` replacing (or adding to) them by name.
pub fn queries_for(data: &Path, dir: Option<&Path>) -> Result<Vec<StoredQuery>> {
    let texts = match dir {
        Some(dir) => return stored_queries(dir),
        None => shipped::overlay(shipped::QUERIES, &data.join("queries"), "rq")?,
    };
    texts.iter().map(StoredQuery::parse).collect()
}

/// Reads one stored query file.
pub fn read_query(path: &Path) -> Result<StoredQuery> {
    StoredQuery::parse(&Text::read(path)?)
}

/// The stored query called `name`, or an error that lists them all and suggests the nearest
/// name.
///
/// ```
/// let queries = resgraph::query::queries_for("data".as_ref(), None).unwrap();
/// let error = resgraph::query::find(&queries, "obligation").unwrap_err();
/// assert!(error.to_string().starts_with("no stored query obligation: did you mean obligations?"));
/// ```
pub fn find<'a>(queries: &'a [StoredQuery], name: &str) -> Result<&'a StoredQuery> {
    if let Some(query) = queries.iter().find(|q| q.name == name) {
        return Ok(query);
    }
    let nearest = queries
        .iter()
        .map(|q| (edit_distance(&q.name, name), &q.name))
        .min()
        .filter(|(distance, near)| *distance <= near.chars().count().max(name.chars().count()) / 2);
    let known: Vec<&str> = queries.iter().map(|q| q.name.as_str()).collect();
    Err(Error::UnknownQuery {
        name: name.to_owned(),
        suggestion: nearest.map(|(_, near)| near.clone()),
        known: known.join(", "),
    })
}

/// The Levenshtein distance between two names, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

impl StoredQuery {
    /// Reads a stored query from its text; its name is the file stem.
    pub fn parse(file: &Text) -> Result<StoredQuery> {
        let path = &file.path;
        let sparql = file.text.to_string();
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
                message:
                    "a stored query starts with a `# ` comment saying what question it answers"
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
}

/// How to print an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Every answer format.
    pub const ALL: [AnswerFormat; 5] = [
        AnswerFormat::Table,
        AnswerFormat::Csv,
        AnswerFormat::Tsv,
        AnswerFormat::Json,
        AnswerFormat::Xml,
    ];

    /// The format's name on the command line (`table`, `csv`, …).
    pub fn name(self) -> &'static str {
        match self {
            AnswerFormat::Table => "table",
            AnswerFormat::Csv => "csv",
            AnswerFormat::Tsv => "tsv",
            AnswerFormat::Json => "json",
            AnswerFormat::Xml => "xml",
        }
    }

    /// What the format is, for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            AnswerFormat::Table => {
                "An aligned text table (IRIs shortened with resgraph's prefixes)"
            }
            AnswerFormat::Csv => "SPARQL 1.1 CSV",
            AnswerFormat::Tsv => "SPARQL 1.1 TSV",
            AnswerFormat::Json => "SPARQL 1.1 Query Results JSON",
            AnswerFormat::Xml => "SPARQL Query Results XML",
        }
    }

    /// The SPARQL results formats, in which `build --store` keeps each answer ([`keep_answer`]).
    pub const RESULTS: [AnswerFormat; 4] = [
        AnswerFormat::Csv,
        AnswerFormat::Tsv,
        AnswerFormat::Json,
        AnswerFormat::Xml,
    ];

    /// The SPARQL results format; none for the text table.
    pub fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            AnswerFormat::Table => None,
            AnswerFormat::Csv => Some(QueryResultsFormat::Csv),
            AnswerFormat::Tsv => Some(QueryResultsFormat::Tsv),
            AnswerFormat::Json => Some(QueryResultsFormat::Json),
            AnswerFormat::Xml => Some(QueryResultsFormat::Xml),
        }
    }

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
    match (answer, format.results_format()) {
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

/// The folder, in an on-disk store's folder, where `build --store` keeps the answer to each
/// stored query ([`keep_answer`]), so that `serve --store` sends it without running the query.
pub const KEPT_ANSWERS_DIR: &str = "answers";

/// Keeps in the folder `dir` the answer to `query`: in `answers/`, the query's text
/// (`NAME.rq`) and the answer in each SPARQL results format (`NAME.csv`, `.tsv`, `.srj`,
/// `.srx`). A CONSTRUCT or DESCRIBE answer is not kept; returns whether the answer was.
pub fn keep_answer(dir: &Path, query: &StoredQuery, answer: &Answer) -> Result<bool> {
    if let Answer::Graph(_) = answer {
        return Ok(false);
    }
    let dir = dir.join(KEPT_ANSWERS_DIR);
    for format in AnswerFormat::RESULTS {
        let path = dir.join(format!("{}.{}", query.name, format.extension()));
        write_file_atomically(&path, |w| write_answer(answer, format, w))?;
    }
    let path = dir.join(format!("{}.rq", query.name));
    write_file_atomically(&path, |w| w.write_all(query.sparql.as_bytes()))?;
    Ok(true)
}

/// The file in which the folder `dir` keeps the answer to `query` in `format`
/// ([`keep_answer`]), if it keeps the answer to this very query: one whose text is the same.
pub fn kept_answer(dir: &Path, query: &StoredQuery, format: AnswerFormat) -> Option<PathBuf> {
    let dir = dir.join(KEPT_ANSWERS_DIR);
    let text = std::fs::read_to_string(dir.join(format!("{}.rq", query.name))).ok()?;
    let path = dir.join(format!("{}.{}", query.name, format.extension()));
    (text == query.sparql && path.is_file()).then_some(path)
}

/// The first `limit` rows of the answer kept in `path` in SPARQL Query Results JSON
/// ([`keep_answer`]), read no further than they are.
pub fn first_kept_rows(path: &Path, limit: usize) -> Result<Answer> {
    let invalid = |e: &dyn std::fmt::Display| Error::invalid(path, "", e.to_string());
    let file = std::fs::File::open(path).map_err(Error::io(path))?;
    let parser = QueryResultsParser::from_format(QueryResultsFormat::Json);
    let read = std::io::BufReader::new(file);
    match parser.for_reader(read).map_err(|e| invalid(&e))? {
        ReaderQueryResultsParserOutput::Boolean(value) => Ok(Answer::Boolean(value)),
        ReaderQueryResultsParserOutput::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let rows = solutions
                .take(limit)
                .map(|s| s.map(|s| s.values().to_vec()).map_err(|e| invalid(&e)))
                .collect::<Result<_>>()?;
            Ok(Answer::Solutions { variables, rows })
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
