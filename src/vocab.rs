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
        STANDARD = "Standard",
        CODE_OF_CONDUCT = "CodeOfConduct",
        CORPORATE_POLICY = "CorporatePolicy",
        GUIDANCE = "Guidance",
        REPORT = "Report",
        INDEX = "Index",
        RESOURCE_TYPE = "ResourceType",
        JURISDICTION = "Jurisdiction",
        UNREVIEWED_CONCEPT = "UnreviewedConcept",
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
    /// resgraph's SHACL shapes (`ontology/shapes.ttl`).
    rgsh, "rgsh", "https://w3id.org/resgraph/shapes#", {
        RESOLUTION = "Resolution",
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
        PUBLISHER = "publisher",
        LICENSE = "license",
        LICENSE_DOCUMENT = "LicenseDocument",
        ISSUED = "issued",
        MODIFIED = "modified",
        MEDIA_TYPE = "MediaType",
        FORMAT = "format",
        CONFORMS_TO = "conformsTo",
        STANDARD = "Standard",
        HAS_PART = "hasPart",
        TYPE = "type",
        SPATIAL = "spatial",
        IDENTIFIER = "identifier",
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
        EXACT_MATCH = "exactMatch",
        CLOSE_MATCH = "closeMatch",
        BROAD_MATCH = "broadMatch",
        NARROW_MATCH = "narrowMatch",
        RELATED_MATCH = "relatedMatch",
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
        REPORT = "Report",
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
        FIRST = "first",
        REST = "rest",
        NIL = "nil",
    }
);

namespace!(
    /// RDF Schema.
    rdfs, "rdfs", "http://www.w3.org/2000/01/rdf-schema#", {
        LABEL = "label",
        COMMENT = "comment",
        RESOURCE = "Resource",
        DOMAIN = "domain",
        RANGE = "range",
        SUB_CLASS_OF = "subClassOf",
        CLASS = "Class",
        SUB_PROPERTY_OF = "subPropertyOf",
        SEE_ALSO = "seeAlso",
    }
);

namespace!(
    /// XML Schema datatypes.
    xsd, "xsd", "http://www.w3.org/2001/XMLSchema#", {
        DATE = "date",
        G_YEAR = "gYear",
        G_YEAR_MONTH = "gYearMonth",
        INTEGER = "integer",
        STRING = "string",
        NON_NEGATIVE_INTEGER = "nonNegativeInteger",
        HEX_BINARY = "hexBinary",
        BOOLEAN = "boolean",
        DECIMAL = "decimal",
        DOUBLE = "double",
        FLOAT = "float",
        DATE_TIME = "dateTime",
        TIME = "time",
        G_MONTH = "gMonth",
        G_DAY = "gDay",
        G_MONTH_DAY = "gMonthDay",
        DURATION = "duration",
        DAY_TIME_DURATION = "dayTimeDuration",
        YEAR_MONTH_DURATION = "yearMonthDuration",
        LONG = "long",
        INT = "int",
        SHORT = "short",
        BYTE = "byte",
        UNSIGNED_LONG = "unsignedLong",
        UNSIGNED_INT = "unsignedInt",
        UNSIGNED_SHORT = "unsignedShort",
        UNSIGNED_BYTE = "unsignedByte",
        POSITIVE_INTEGER = "positiveInteger",
        NON_POSITIVE_INTEGER = "nonPositiveInteger",
        NEGATIVE_INTEGER = "negativeInteger",
    }
);

namespace!(
    /// OWL, for the ontology files.
    owl, "owl", "http://www.w3.org/2002/07/owl#", {
        ONTOLOGY = "Ontology",
        CLASS = "Class",
        OBJECT_PROPERTY = "ObjectProperty",
        DATATYPE_PROPERTY = "DatatypeProperty",
        EQUIVALENT_CLASS = "equivalentClass",
        EQUIVALENT_PROPERTY = "equivalentProperty",
        SAME_AS = "sameAs",
        VERSION_INFO = "versionInfo",
    }
);

namespace!(
    /// SHACL, the Shapes Constraint Language.
    sh, "sh", "http://www.w3.org/ns/shacl#", {
        NODE_SHAPE = "NodeShape",
        PROPERTY_SHAPE = "PropertyShape",
        TARGET_CLASS = "targetClass",
        TARGET_NODE = "targetNode",
        TARGET_SUBJECTS_OF = "targetSubjectsOf",
        TARGET_OBJECTS_OF = "targetObjectsOf",
        PROPERTY = "property",
        PATH = "path",
        INVERSE_PATH = "inversePath",
        ALTERNATIVE_PATH = "alternativePath",
        ZERO_OR_MORE_PATH = "zeroOrMorePath",
        ONE_OR_MORE_PATH = "oneOrMorePath",
        ZERO_OR_ONE_PATH = "zeroOrOnePath",
        CLASS = "class",
        DATATYPE = "datatype",
        NODE_KIND = "nodeKind",
        MIN_COUNT = "minCount",
        MAX_COUNT = "maxCount",
        MIN_LENGTH = "minLength",
        MAX_LENGTH = "maxLength",
        PATTERN = "pattern",
        FLAGS = "flags",
        LANGUAGE_IN = "languageIn",
        UNIQUE_LANG = "uniqueLang",
        IN = "in",
        HAS_VALUE = "hasValue",
        NODE = "node",
        OR = "or",
        AND = "and",
        NOT = "not",
        XONE = "xone",
        CLOSED = "closed",
        IGNORED_PROPERTIES = "ignoredProperties",
        SEVERITY = "severity",
        MESSAGE = "message",
        DEACTIVATED = "deactivated",
        VIOLATION = "Violation",
        WARNING = "Warning",
        INFO = "Info",
        IRI = "IRI",
        BLANK_NODE = "BlankNode",
        LITERAL = "Literal",
        BLANK_NODE_OR_IRI = "BlankNodeOrIRI",
        BLANK_NODE_OR_LITERAL = "BlankNodeOrLiteral",
        IRI_OR_LITERAL = "IRIOrLiteral",
        MIN_EXCLUSIVE = "minExclusive",
        MIN_INCLUSIVE = "minInclusive",
        MAX_EXCLUSIVE = "maxExclusive",
        MAX_INCLUSIVE = "maxInclusive",
        EQUALS = "equals",
        DISJOINT = "disjoint",
        LESS_THAN = "lessThan",
        LESS_THAN_OR_EQUALS = "lessThanOrEquals",
        QUALIFIED_VALUE_SHAPE = "qualifiedValueShape",
        QUALIFIED_MIN_COUNT = "qualifiedMinCount",
        QUALIFIED_MAX_COUNT = "qualifiedMaxCount",
        QUALIFIED_VALUE_SHAPES_DISJOINT = "qualifiedValueShapesDisjoint",
        VALIDATION_REPORT = "ValidationReport",
        VALIDATION_RESULT = "ValidationResult",
        CONFORMS = "conforms",
        RESULT = "result",
        FOCUS_NODE = "focusNode",
        RESULT_PATH = "resultPath",
        VALUE = "value",
        SOURCE_SHAPE = "sourceShape",
        SOURCE_CONSTRAINT_COMPONENT = "sourceConstraintComponent",
        RESULT_SEVERITY = "resultSeverity",
        RESULT_MESSAGE = "resultMessage",
    }
);

namespace!(
    /// The Data Catalog Vocabulary (DCAT 3).
    dcat, "dcat", "http://www.w3.org/ns/dcat#", {
        CATALOG = "Catalog",
        DATASET = "Dataset",
        DISTRIBUTION = "Distribution",
        DATA_SERVICE = "DataService",
        DATASET_PROP = "dataset",
        SERVICE = "service",
        DISTRIBUTION_PROP = "distribution",
        ACCESS_URL = "accessURL",
        DOWNLOAD_URL = "downloadURL",
        MEDIA_TYPE = "mediaType",
        BYTE_SIZE = "byteSize",
        ENDPOINT_URL = "endpointURL",
        SERVES_DATASET = "servesDataset",
        ACCESS_SERVICE = "accessService",
        THEME = "theme",
        THEME_TAXONOMY = "themeTaxonomy",
        KEYWORD = "keyword",
        LANDING_PAGE = "landingPage",
    }
);

namespace!(
    /// DCAT-AP's own terms.
    dcatap, "dcatap", "http://data.europa.eu/r5r/", {
        APPLICABLE_LEGISLATION = "applicableLegislation",
    }
);

namespace!(
    /// The Vocabulary of Interlinked Datasets.
    void, "void", "http://rdfs.org/ns/void#", {
        DATASET = "Dataset",
        TRIPLES = "triples",
        ENTITIES = "entities",
        CLASSES = "classes",
        PROPERTIES = "properties",
        DISTINCT_SUBJECTS = "distinctSubjects",
        DISTINCT_OBJECTS = "distinctObjects",
        CLASS_PARTITION = "classPartition",
        PROPERTY_PARTITION = "propertyPartition",
        CLASS = "class",
        PROPERTY = "property",
        VOCABULARY = "vocabulary",
        EXAMPLE_RESOURCE = "exampleResource",
        SPARQL_ENDPOINT = "sparqlEndpoint",
        DATA_DUMP = "dataDump",
        URI_SPACE = "uriSpace",
    }
);

namespace!(
    /// Friend of a Friend, for the publisher.
    foaf, "foaf", "http://xmlns.com/foaf/0.1/", {
        AGENT = "Agent",
        NAME = "name",
    }
);

namespace!(
    /// SPDX, for checksums.
    spdx, "spdx", "http://spdx.org/rdf/terms#", {
        CHECKSUM = "Checksum",
        CHECKSUM_PROP = "checksum",
        ALGORITHM = "algorithm",
        CHECKSUM_VALUE = "checksumValue",
        CHECKSUM_ALGORITHM = "ChecksumAlgorithm",
        SHA256 = "checksumAlgorithm_sha256",
    }
);

namespace!(
    /// The Semantic Mapping Vocabulary, for SSSOM mapping justifications.
    semapv, "semapv", "https://w3id.org/semapv/vocab/", {
        MANUAL_MAPPING_CURATION = "ManualMappingCuration",
    }
);

namespace!(
    /// SSSOM's own namespace, built into every SSSOM mapping table.
    sssom, "sssom", "https://w3id.org/sssom/", {
        MAPPING_SET = "MappingSet",
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

/// The EU Publications Office authority table of data themes (`…/data-theme/JUST`).
pub const EU_DATA_THEME: &str = "http://publications.europa.eu/resource/authority/data-theme";

/// IANA's media type registry, as DCAT-AP names media types (`…/media-types/text/turtle`).
pub const IANA_MEDIA_TYPES: &str = "http://www.iana.org/assignments/media-types/";

/// The SPARQL 1.1 Protocol recommendation, the standard our SPARQL endpoint conforms to.
pub const SPARQL_PROTOCOL: &str = "http://www.w3.org/TR/sparql11-protocol/";

/// The prefixes resgraph declares in Turtle output and stored queries, in the order tried.
pub const PREFIXES: &[(&str, &str)] = &[
    (rg::PREFIX, rg::NS),
    (rgsh::PREFIX, rgsh::NS),
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
    (sh::PREFIX, sh::NS),
    (dcat::PREFIX, dcat::NS),
    (dcatap::PREFIX, dcatap::NS),
    (void::PREFIX, void::NS),
    (foaf::PREFIX, foaf::NS),
    (spdx::PREFIX, spdx::NS),
    (sd::PREFIX, sd::NS),
    (formats::PREFIX, formats::NS),
];

/// `iri` shortened with the first of [`PREFIXES`] it starts with (`eli:date_document`), or the
/// IRI itself.
///
/// ```
/// assert_eq!(resgraph::vocab::curie("http://data.europa.eu/eli/ontology#date_document"), "eli:date_document");
/// assert_eq!(resgraph::vocab::curie("https://example.org/x"), "https://example.org/x");
/// ```
pub fn curie(iri: &str) -> String {
    shorten(iri, |local| !local.is_empty()).unwrap_or_else(|| iri.to_owned())
}

/// `iri` as a CURIE whose local name Turtle and SPARQL take as it is (letters, digits, `_` and
/// `-`), or `None`.
///
/// ```
/// assert_eq!(resgraph::vocab::strict_curie("http://www.w3.org/ns/shacl#minCount").as_deref(), Some("sh:minCount"));
/// assert_eq!(resgraph::vocab::strict_curie("http://www.w3.org/ns/shacl#a.b"), None);
/// ```
pub fn strict_curie(iri: &str) -> Option<String> {
    shorten(iri, |local| {
        !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    })
}

/// `iri` with the first of [`PREFIXES`] it starts with whose local name `accept` takes.
fn shorten(iri: &str, accept: impl Fn(&str) -> bool) -> Option<String> {
    PREFIXES.iter().find_map(|(prefix, ns)| {
        iri.strip_prefix(ns)
            .filter(|local| accept(local))
            .map(|local| format!("{prefix}:{local}"))
    })
}

/// The prefixes of the vocabularies the graph itself uses (records, concept schemes,
/// mappings): what the exports of the graph may declare. Fewer prefixes to try makes the
/// serializer faster.
pub const GRAPH_PREFIXES: &[(&str, &str)] = &[
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
