//! The stored SPARQL queries (`queries/*.rq`, shipped, or from a data folder), and their
//! answers as text.

use crate::error::{Error, Result};
use crate::files::{DirectWriter, StagedFile};
use crate::graph::store::{Answer, Piece};
use crate::publish::export::{write_quads, Format};
use crate::shipped::{self, Text};
use crate::vocab::curie;
use oxigraph::model::{GraphName, Quad, Term, TermRef};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, QueryResultsSerializer, ReaderQueryResultsParserOutput,
    WriterSolutionsSerializer,
};
use oxigraph::sparql::QuerySolution;
use std::borrow::Cow;
use std::io::{BufWriter, Write};
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

    /// The SPARQL results formats, in which `build --store` keeps each answer ([`AnswerFiles`]).
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
/// stored query ([`AnswerFiles`]), so that `serve --store` sends it without running the query.
pub const KEPT_ANSWERS_DIR: &str = "answers";

/// An answer to a stored query written to its files as it is evaluated
/// ([`SparqlGraph::stream`](crate::graph::store::SparqlGraph::stream)), so that no answer is
/// held whole, however many rows it has: `NAME.txt` (the text table) and `NAME.csv` in the
/// answers folder and, where the answer is kept with a store, in its [`KEPT_ANSWERS_DIR`]
/// the query's text (`NAME.rq`) and the answer in each SPARQL results format (`NAME.csv`,
/// `.tsv`, `.srj`, `.srx`). A CONSTRUCT or DESCRIBE answer is held and written at the end,
/// and not kept. Every file is staged until the caller commits it.
pub struct AnswerFiles {
    /// The table, the CSV and, where kept, the kept files; each with its format.
    files: Vec<(AnswerFormat, StagedFile)>,
    /// The query's text (`NAME.rq`), where the answer is kept with a store.
    kept: Option<StagedFile>,
    /// The results serializers of a SELECT answer, one per file but the table; each writes
    /// past the page cache, as the exports do ([`DirectWriter`]).
    serializers: Vec<WriterSolutionsSerializer<DirectWriter<std::fs::File>>>,
    variables: Vec<oxigraph::sparql::Variable>,
    /// The table's cells, a row a line ([`SPILL_SEPARATOR`] between cells), until the column
    /// widths are known.
    cells: Option<BufWriter<std::fs::File>>,
    widths: Vec<usize>,
    rows: usize,
    /// An answer that is not a SELECT answer, held whole.
    held: Option<Answer>,
}

impl AnswerFiles {
    /// Stages the files of the answer to `query` in `answers`, and in `keep` (a store's
    /// folder) if given.
    pub fn create(query: &StoredQuery, answers: &Path, keep: Option<&Path>) -> Result<Self> {
        let stage = |dir: &Path, format: AnswerFormat| {
            let path = dir.join(format!("{}.{}", query.name, format.extension()));
            Ok((format, StagedFile::create(&path)?))
        };
        let mut files = vec![
            stage(answers, AnswerFormat::Table)?,
            stage(answers, AnswerFormat::Csv)?,
        ];
        let kept = match keep.map(|dir| dir.join(KEPT_ANSWERS_DIR)) {
            Some(dir) => {
                for format in AnswerFormat::RESULTS {
                    files.push(stage(&dir, format)?);
                }
                let text = StagedFile::create(&dir.join(format!("{}.rq", query.name)))?;
                let mut file = text.file();
                file.write_all(query.sparql.as_bytes())
                    .map_err(Error::io(text.path()))?;
                Some(text)
            }
            None => None,
        };
        Ok(AnswerFiles {
            files,
            kept,
            serializers: Vec::new(),
            variables: Vec::new(),
            cells: None,
            widths: Vec::new(),
            rows: 0,
            held: None,
        })
    }

    /// Takes the next piece of the answer.
    pub fn take(&mut self, piece: Piece<'_>) -> Result<()> {
        // An error spilling the table's cells is named after the table.
        let table = self.files[0].1.path();
        match piece {
            Piece::Variables(variables) => {
                self.variables = variables.to_vec();
                self.widths = variables
                    .iter()
                    .map(|v| v.as_str().chars().count())
                    .collect();
                for (format, file) in &self.files[1..] {
                    let out =
                        DirectWriter::new(file.file().try_clone().map_err(Error::io(file.path()))?);
                    let results = format.results_format().expect("a results format");
                    let serializer = QueryResultsSerializer::from_format(results)
                        .serialize_solutions_to_writer(out, variables.to_vec())
                        .map_err(Error::io(file.path()))?;
                    self.serializers.push(serializer);
                }
                let spill = tempfile::tempfile().map_err(Error::io(table))?;
                self.cells = Some(BufWriter::new(spill));
            }
            Piece::Row(row) => {
                self.rows += 1;
                for ((_, file), serializer) in self.files[1..].iter().zip(&mut self.serializers) {
                    let bound = self.variables.iter().zip(row);
                    let solution = bound.filter_map(|(v, t)| Some((v.as_ref(), (*t)?)));
                    serializer
                        .serialize(solution)
                        .map_err(Error::io(file.path()))?;
                }
                let spill = self.cells.as_mut().expect("the variables come first");
                for (i, (width, term)) in self.widths.iter_mut().zip(row).enumerate() {
                    let text = term.map(cell).unwrap_or_default();
                    *width = (*width).max(text.chars().count());
                    if i > 0 {
                        spill
                            .write_all(&[SPILL_SEPARATOR])
                            .map_err(Error::io(table))?;
                    }
                    spill.write_all(text.as_bytes()).map_err(Error::io(table))?;
                }
                spill.write_all(b"\n").map_err(Error::io(table))?;
            }
            Piece::Boolean(value) => self.held = Some(Answer::Boolean(value)),
            Piece::Graph => self.held = Some(Answer::Graph(Vec::new())),
            Piece::Triple(triple) => {
                if let Some(Answer::Graph(triples)) = &mut self.held {
                    triples.push(triple);
                }
            }
        }
        Ok(())
    }

    /// Finishes the files; returns the number of rows (or triples, or 1 for a boolean), the
    /// staged files of the answers folder (the table, then the CSV) and those to keep with
    /// the store, if any (none for a CONSTRUCT or DESCRIBE answer).
    pub fn finish(self) -> Result<(usize, Vec<StagedFile>, Vec<StagedFile>)> {
        let AnswerFiles {
            files,
            kept,
            serializers,
            variables,
            cells,
            widths,
            rows,
            held,
        } = self;
        let rows = match held {
            Some(answer) => {
                for (format, file) in &files {
                    write_answer(&answer, *format, file.file()).map_err(Error::io(file.path()))?;
                }
                match answer {
                    Answer::Graph(triples) => {
                        let answers: Vec<StagedFile> =
                            files.into_iter().take(2).map(|(_, f)| f).collect();
                        return Ok((triples.len(), answers, Vec::new()));
                    }
                    _ => 1,
                }
            }
            None => {
                for (serializer, (_, file)) in serializers.into_iter().zip(&files[1..]) {
                    let out = serializer.finish().map_err(Error::io(file.path()))?;
                    out.into_inner().map_err(Error::io(file.path()))?;
                }
                let (_, table) = &files[0];
                let mut out = DirectWriter::new(table.file());
                let names: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
                let spill = match cells {
                    Some(spill) => Some(
                        spill
                            .into_inner()
                            .map_err(|e| Error::io(table.path())(e.into_error()))?,
                    ),
                    None => None,
                };
                write_spilled_table(&names, &widths, spill, &mut out)
                    .map_err(Error::io(table.path()))?;
                out.flush().map_err(Error::io(table.path()))?;
                rows
            }
        };
        let mut files = files.into_iter().map(|(_, f)| f);
        let answers: Vec<StagedFile> = files.by_ref().take(2).collect();
        let mut keep: Vec<StagedFile> = files.collect();
        keep.extend(kept);
        Ok((rows, answers, keep))
    }
}

/// The file in which the folder `dir` keeps the answer to `query` in `format`
/// ([`AnswerFiles`]), if it keeps the answer to this very query: one whose text is the same.
pub fn kept_answer(dir: &Path, query: &StoredQuery, format: AnswerFormat) -> Option<PathBuf> {
    let dir = dir.join(KEPT_ANSWERS_DIR);
    let text = std::fs::read_to_string(dir.join(format!("{}.rq", query.name))).ok()?;
    let path = dir.join(format!("{}.{}", query.name, format.extension()));
    (text == query.sparql && path.is_file()).then_some(path)
}

/// The first `limit` rows of the answer kept in `path` in SPARQL Query Results JSON
/// ([`AnswerFiles`]), read no further than they are.
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
    writer: impl std::io::Write,
) -> std::io::Result<()> {
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|t| {
                    t.as_ref()
                        .map_or_else(String::new, |t| cell(t.as_ref()).into())
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    write_aligned(&header, &widths, cells.into_iter().map(Ok), writer)
}

/// What separates the cells of a row that [`AnswerFiles`] spills, a row a line: a carriage
/// return, which no [`cell`] holds, as no cell holds a line feed either. A byte, so that a row
/// is split with `memchr` rather than a substring search.
const SPILL_SEPARATOR: u8 = b'\r';

/// [`write_table`] for rows whose cells were spilled to `spill`, a row a line with
/// [`SPILL_SEPARATOR`] between cells, as [`AnswerFiles`] writes them, with the column
/// `widths` it noted.
fn write_spilled_table(
    header: &[String],
    widths: &[usize],
    spill: Option<std::fs::File>,
    writer: impl std::io::Write,
) -> std::io::Result<()> {
    use std::io::{BufRead, Seek};
    // Split on line feeds alone: `lines()` would take a row's last separator, before its
    // line feed, for a CR LF line ending and drop the row's empty last cell.
    let lines = match spill {
        Some(mut file) => {
            file.rewind()?;
            Some(std::io::BufReader::new(file).split(b'\n'))
        }
        None => None,
    };
    let rows = lines.into_iter().flatten().map(|line| {
        let line = String::from_utf8(line?).map_err(std::io::Error::other)?;
        Ok(line
            .split(char::from(SPILL_SEPARATOR))
            .map(str::to_owned)
            .collect())
    });
    write_aligned(header, widths, rows, writer)
}

/// Writes the header, the rule, each row padded to `widths`, and the number of rows.
fn write_aligned(
    header: &[String],
    widths: &[usize],
    rows: impl Iterator<Item = std::io::Result<Vec<String>>>,
    mut writer: impl std::io::Write,
) -> std::io::Result<()> {
    // Each line is built in one buffer, used again for the next.
    let mut buffer = String::new();
    let mut line = |values: &[String], writer: &mut dyn std::io::Write| {
        buffer.clear();
        for (i, (value, width)) in values.iter().zip(widths).enumerate() {
            if i > 0 {
                buffer.push_str(" | ");
            }
            buffer.push_str(value);
            let pad = width - value.chars().count();
            buffer.extend(std::iter::repeat_n(' ', pad));
        }
        writeln!(writer, "{}", buffer.trim_end())
    };
    line(header, &mut writer)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(writer, "{}", rule.join("-+-"))?;
    let mut count = 0;
    for row in rows {
        line(&row?, &mut writer)?;
        count += 1;
    }
    writeln!(writer, "({count} row{})", if count == 1 { "" } else { "s" })
}

/// A term as a table cell: IRIs with a known prefix shortened, literals by their value, line
/// breaks shown as `\n`.
fn cell(term: TermRef<'_>) -> Cow<'_, str> {
    let text = match term {
        TermRef::NamedNode(n) => Cow::Owned(curie(n.as_str())),
        TermRef::Literal(l) => Cow::Borrowed(l.value()),
        other => Cow::Owned(other.to_string()),
    };
    if text.contains(['\r', '\n']) {
        Cow::Owned(text.replace('\r', "").replace('\n', "\\n"))
    } else {
        text
    }
}
