//! Every IRI of every vocabulary resgraph writes, in one place.
//!
//! Our own terms live in [`rg`]; the rest are the standards we reuse. Code elsewhere names a
//! term by its constant here, never by a string literal.

use oxigraph::model::NamedNodeRef;

/// Declares a namespace module: its IRI, its usual prefix, and one constant per term.
macro_rules! namespace {
    ($(#[$doc:meta])* $module:ident, $prefix:literal, $iri:literal, { $($name:ident = $local:literal),* $(,)? }) => {
        $(#[$doc])*
        pub mod $module {
            use super::NamedNodeRef;
            /// The namespace IRI.
            pub const NS: &str = $iri;
            /// The prefix resgraph uses for this namespace in Turtle and in queries.
            pub const PREFIX: &str = $prefix;
            $(
                #[doc = concat!("`", $prefix, ":", $local, "`")]
                pub const $name: NamedNodeRef<'static> =
                    NamedNodeRef::new_unchecked(concat!($iri, $local));
            )*
        }
    };
}

namespace!(
    /// resgraph's own ontology: what no standard covers.
    rg, "rg", "https://w3id.org/resgraph/ontology#", {
        RESOLUTION = "Resolution",
        ISSUING_BODY = "IssuingBody",
        ARMED_GROUP = "ArmedGroup",
        TOPIC = "Topic",
        ADDRESSEE = "Addressee",
        OBLIGATION = "Obligation",
        PROCUREMENT_OBLIGATION = "ProcurementObligation",
        PARAGRAPH_CITATION = "ParagraphCitation",
        CATALOGUE_RECORD = "CatalogueRecord",
        INSTRUMENT_TEXT = "InstrumentText",
        SOURCE_GRAPH = "SourceGraph",
        NAMES_GROUP = "namesGroup",
        HAS_OBLIGATION = "hasObligation",
        ADDRESSEE_PROP = "addressee",
        ACTION = "action",
        QUOTE = "quote",
        CITED_AT = "citedAt",
        PARAGRAPH_NUMBER = "paragraphNumber",
        YEAR = "year",
        CATALOGUE_TYPE = "catalogueType",
        DESCRIBES = "describes",
    }
);

namespace!(
    /// The European Legislation Identifier ontology (ELI 1.5).
    eli, "eli", "http://data.europa.eu/eli/ontology#", {
        LEGAL_RESOURCE = "LegalResource",
        LEGAL_EXPRESSION = "LegalExpression",
        MANIFESTATION = "Manifestation",
        ORGANIZATION = "Organization",
        DATE_DOCUMENT = "date_document",
        PASSED_BY = "passed_by",
        IS_ABOUT = "is_about",
        ID_LOCAL = "id_local",
        NUMBER = "number",
        IS_REALIZED_BY = "is_realized_by",
        REALIZES = "realizes",
        LANGUAGE = "language",
        IS_EMBODIED_BY = "is_embodied_by",
        EMBODIES = "embodies",
        IS_EXEMPLIFIED_BY = "is_exemplified_by",
    }
);

namespace!(
    /// DCMI Metadata Terms.
    dcterms, "dcterms", "http://purl.org/dc/terms/", {
        TITLE = "title",
        DESCRIPTION = "description",
        COVERAGE = "coverage",
        IS_PART_OF = "isPartOf",
        SOURCE = "source",
        LANGUAGE = "language",
    }
);

namespace!(
    /// Simple Knowledge Organization System.
    skos, "skos", "http://www.w3.org/2004/02/skos/core#", {
        CONCEPT = "Concept",
        CONCEPT_SCHEME = "ConceptScheme",
        PREF_LABEL = "prefLabel",
        ALT_LABEL = "altLabel",
        DEFINITION = "definition",
        IN_SCHEME = "inScheme",
        HAS_TOP_CONCEPT = "hasTopConcept",
    }
);

namespace!(
    /// The PROV ontology.
    prov, "prov", "http://www.w3.org/ns/prov#", {
        ENTITY = "Entity",
        WAS_DERIVED_FROM = "wasDerivedFrom",
    }
);

namespace!(
    /// schema.org, used for its `Legislation` alignment.
    schema, "schema", "https://schema.org/", {
        LEGISLATION = "Legislation",
        URL = "url",
    }
);

namespace!(
    /// RDF itself.
    rdf, "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", {
        TYPE = "type",
        LANG_STRING = "langString",
    }
);

namespace!(
    /// RDF Schema.
    rdfs, "rdfs", "http://www.w3.org/2000/01/rdf-schema#", {
        LABEL = "label",
    }
);

namespace!(
    /// XML Schema datatypes.
    xsd, "xsd", "http://www.w3.org/2001/XMLSchema#", {
        DATE = "date",
        G_YEAR = "gYear",
        INTEGER = "integer",
        STRING = "string",
    }
);

namespace!(
    /// OWL, for the ontology files.
    owl, "owl", "http://www.w3.org/2002/07/owl#", {
        ONTOLOGY = "Ontology",
    }
);

namespace!(
    /// The SPARQL 1.1 Service Description vocabulary.
    sd, "sd", "http://www.w3.org/ns/sparql-service-description#", {
        SERVICE = "Service",
        DATASET = "Dataset",
        ENDPOINT = "endpoint",
        SUPPORTED_LANGUAGE = "supportedLanguage",
        SPARQL11_QUERY = "SPARQL11Query",
        RESULT_FORMAT = "resultFormat",
        DEFAULT_DATASET = "defaultDataset",
    }
);

namespace!(
    /// The Vocabulary of Interlinked Datasets.
    void, "void", "http://rdfs.org/ns/void#", {
        DATASET = "Dataset",
        TRIPLES = "triples",
        SPARQL_ENDPOINT = "sparqlEndpoint",
        DATA_DUMP = "dataDump",
        EXAMPLE_RESOURCE = "exampleResource",
        URI_SPACE = "uriSpace",
        VOCABULARY = "vocabulary",
    }
);

namespace!(
    /// The W3C's IRIs for media formats, as SPARQL service descriptions name them.
    formats, "formats", "http://www.w3.org/ns/formats/", {
        SPARQL_RESULTS_JSON = "SPARQL_Results_JSON",
        SPARQL_RESULTS_XML = "SPARQL_Results_XML",
        SPARQL_RESULTS_CSV = "SPARQL_Results_CSV",
        SPARQL_RESULTS_TSV = "SPARQL_Results_TSV",
        TURTLE = "Turtle",
        N_TRIPLES = "N-Triples",
        RDF_XML = "RDF_XML",
        JSON_LD = "JSON-LD",
    }
);

/// The EU Publications Office authority table of languages (`…/language/ENG`).
pub const EU_LANGUAGE: &str = "http://publications.europa.eu/resource/authority/language/";

/// The prefixes resgraph declares in Turtle output and stored queries, in the order tried.
pub const PREFIXES: &[(&str, &str)] = &[
    (rg::PREFIX, rg::NS),
    (eli::PREFIX, eli::NS),
    (dcterms::PREFIX, dcterms::NS),
    (skos::PREFIX, skos::NS),
    (prov::PREFIX, prov::NS),
    (schema::PREFIX, schema::NS),
    (rdf::PREFIX, rdf::NS),
    (rdfs::PREFIX, rdfs::NS),
    (xsd::PREFIX, xsd::NS),
    (owl::PREFIX, owl::NS),
    (sd::PREFIX, sd::NS),
    (void::PREFIX, void::NS),
    (formats::PREFIX, formats::NS),
];
