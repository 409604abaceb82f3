//! The options several commands share, each declared once and flattened where it is used, and
//! the parsers that turn option values into library types.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use resgraph::graph::mint::{Minter, DEFAULT_BASE};
use resgraph::ingest::extract::CatalogueSource;
use resgraph::ingest::profile::Profile;
use resgraph::ingest::Collection;
use resgraph::model::{HttpIri, Slug};
use resgraph::publish::export::Format;
use resgraph::query::{queries_for, AnswerFormat, StoredQuery};
use resgraph::serve::timeout_from_secs;
use resgraph::shipped::{self, Text};
use std::path::PathBuf;

use super::Usage;

/// The data folder.
#[derive(clap::Args)]
pub struct DataArgs {
    /// The data folder, holding records/ and concepts/; its queries/, ontology/ and
    /// mappings.sssom.tsv, if present, replace the ones resgraph ships.
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
}

impl DataArgs {
    /// Reads and checks the data folder.
    pub fn collection(&self) -> resgraph::Result<Collection> {
        Collection::read_dir(&self.data)
    }
}

/// The base IRI.
#[derive(clap::Args)]
pub struct BaseArgs {
    /// The base IRI every resource is minted under.
    #[arg(long, default_value = DEFAULT_BASE)]
    pub base: String,
}

impl BaseArgs {
    /// The minter for the base.
    pub fn minter(&self) -> resgraph::Result<Minter> {
        Minter::new(&self.base)
    }
}

/// Where the stored queries come from.
#[derive(clap::Args)]
pub struct QueriesArgs {
    /// A folder of stored queries (*.rq) to use instead of the shipped ones and the data
    /// folder's queries/.
    #[arg(long, value_name = "DIR")]
    pub queries: Option<PathBuf>,
}

impl QueriesArgs {
    /// The stored queries for the data folder `data`.
    pub fn load(&self, data: &DataArgs) -> resgraph::Result<Vec<StoredQuery>> {
        queries_for(&data.data, self.queries.as_deref())
    }
}

/// Where the ontology comes from.
#[derive(clap::Args)]
pub struct OntologyArgs {
    /// A folder of ontology files (*.ttl) to use instead of the shipped ones and the data
    /// folder's ontology/.
    #[arg(long, value_name = "DIR")]
    pub ontology: Option<PathBuf>,
}

impl OntologyArgs {
    /// The ontology's Turtle files for the data folder `data`.
    pub fn load(&self, data: &DataArgs) -> resgraph::Result<Vec<Text>> {
        shipped::ontology_for(&data.data, self.ontology.as_deref())
    }
}

/// The catalogue that catalogue files come from.
#[derive(clap::Args)]
pub struct SourceArgs {
    /// The id of the catalogue, used in records and source graph IRIs.
    #[arg(long, default_value = "osce-compendium")]
    source_id: String,
    /// Where the catalogue can be read (default: the OSCE compendium's page).
    #[arg(long)]
    source_url: Option<String>,
    /// What the catalogue is (default: the OSCE compendium's title).
    #[arg(long)]
    source_title: Option<String>,
    /// A profile (JSON) giving the catalogue's headings and the field each fills, instead of
    /// the OSCE compendium's (see docs/catalogue-format.md).
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
}

impl SourceArgs {
    /// The catalogue these options describe.
    pub fn source(&self) -> Result<CatalogueSource, Usage> {
        let mut source = CatalogueSource::osce_compendium();
        source.id = Slug::parse(&self.source_id).map_err(Usage)?;
        if let Some(url) = &self.source_url {
            source.url = HttpIri::parse(url).map_err(Usage)?;
        }
        if let Some(title) = &self.source_title {
            source.title = title.clone();
        }
        Ok(source)
    }

    /// The profile the catalogue files are read with: `--profile`, or the OSCE compendium's.
    pub fn profile(&self) -> resgraph::Result<Profile> {
        match &self.profile {
            Some(path) => Profile::read(path),
            None => Ok(Profile::osce_compendium()),
        }
    }
}

/// The RDF formats, by extension, each with what it holds.
pub fn rdf_format() -> impl TypedValueParser<Value = Format> {
    let values = Format::ALL.map(|f| PossibleValue::new(f.extension()).help(f.description()));
    PossibleValuesParser::new(values)
        .map(|name| Format::from_extension(&name).expect("a listed format"))
}

/// The answer formats, by name, each with what it is.
pub fn answer_format() -> impl TypedValueParser<Value = AnswerFormat> {
    let values = AnswerFormat::ALL.map(|f| PossibleValue::new(f.name()).help(f.description()));
    PossibleValuesParser::new(values).map(|name| {
        AnswerFormat::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .expect("a listed format")
    })
}

/// A number of seconds above 0, as a duration; `option` names it in the error.
pub fn seconds(option: &str, secs: f64) -> Result<std::time::Duration, Usage> {
    timeout_from_secs(secs)
        .ok_or_else(|| Usage(format!("{option} {secs}: give a number of seconds above 0")))
}
