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
        DECISION = "Decision",
        CONVENTION = "Convention",
        PROTOCOL = "Protocol",
        ACT = "Act",
        DIRECTIVE = "Directive",
        REGULATION = "Regulation",
        EXECUTIVE_ORDER = "ExecutiveOrder",
        GUIDANCE = "Guidance",
        CURATION = "Curation",
        EXTRACTION = "Extraction",
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
        SUBJECT = "subject",
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
        ACTIVITY = "Activity",
        SOFTWARE_AGENT = "SoftwareAgent",
        WAS_DERIVED_FROM = "wasDerivedFrom",
        WAS_GENERATED_BY = "wasGeneratedBy",
        WAS_ASSOCIATED_WITH = "wasAssociatedWith",
    }
);

namespace!(
    /// schema.org, used for its `Legislation` alignment.
    schema, "schema", "https://schema.org/", {
        LEGISLATION = "Legislation",
        CREATIVE_WORK = "CreativeWork",
        SOFTWARE_VERSION = "softwareVersion",
        URL = "url",
    }
);

namespace!(
    /// The W3C Web Annotation vocabulary, for where extracted facts stand in a text.
    oa, "oa", "http://www.w3.org/ns/oa#", {
        ANNOTATION = "Annotation",
        SPECIFIC_RESOURCE = "SpecificResource",
        TEXT_QUOTE_SELECTOR = "TextQuoteSelector",
        TEXT_POSITION_SELECTOR = "TextPositionSelector",
        HAS_BODY = "hasBody",
        HAS_TARGET = "hasTarget",
        HAS_SOURCE = "hasSource",
        HAS_SELECTOR = "hasSelector",
        MOTIVATED_BY = "motivatedBy",
        IDENTIFYING = "identifying",
        CLASSIFYING = "classifying",
        DESCRIBING = "describing",
        EXACT = "exact",
        PREFIX_PROP = "prefix",
        SUFFIX = "suffix",
        START = "start",
        END = "end",
    }
);

namespace!(
    /// The DCMI Type vocabulary.
    dctype, "dctype", "http://purl.org/dc/dcmitype/", {
        TEXT = "Text",
    }
);

namespace!(
    /// RDF itself.
    rdf, "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", {
        TYPE = "type",
        VALUE = "value",
        LANG_STRING = "langString",
    }
);

namespace!(
    /// RDF Schema.
    rdfs, "rdfs", "http://www.w3.org/2000/01/rdf-schema#", {
        LABEL = "label",
        COMMENT = "comment",
    }
);

namespace!(
    /// XML Schema datatypes.
    xsd, "xsd", "http://www.w3.org/2001/XMLSchema#", {
        DATE = "date",
        G_YEAR = "gYear",
        INTEGER = "integer",
        NON_NEGATIVE_INTEGER = "nonNegativeInteger",
        STRING = "string",
    }
);

namespace!(
    /// OWL, for the ontology files.
    owl, "owl", "http://www.w3.org/2002/07/owl#", {
        ONTOLOGY = "Ontology",
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
    (oa::PREFIX, oa::NS),
    (dctype::PREFIX, dctype::NS),
    (rdf::PREFIX, rdf::NS),
    (rdfs::PREFIX, rdfs::NS),
    (xsd::PREFIX, xsd::NS),
    (owl::PREFIX, owl::NS),
];
