//! `resgraph serve`, started for real on a loopback port and asked over HTTP, route by route
//! and status by status.

use crate::util::{
    self, assert_text, encode, get, http, raw, resgraph, scratch, serve, statements,
};
use oxigraph::io::{RdfFormat, RdfParser};
use sha2::Digest as _;
use std::collections::BTreeSet;

const DATES: &str = "SELECT ?s ?d WHERE { ?s eli:date_document ?d } ORDER BY ?s";
const R2331: &str = "https://w3id.org/resgraph/resolution/unsc/2016/2331";

/// The triples of an RDF text as sorted N-Triples lines.
fn parse(text: &str, format: RdfFormat) -> BTreeSet<String> {
    RdfParser::from_format(format)
        .for_slice(text.as_bytes())
        .map(|q| format!("{} .", q.unwrap()))
        .collect()
}

#[test]
fn sparql_get_answers_in_every_results_format_by_accept() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let url = format!("{}/sparql?query={}", server.base_url, encode(DATES));
    let csv = get(&url, "text/csv");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(csv.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        csv.body.replace("\r\n", "\n"),
        "s,d\n\
         https://w3id.org/resgraph/resolution/unsc/2016/2331,2016-12-20\n\
         https://w3id.org/resgraph/resolution/unsc/2017/2388,2017-11-21\n"
    );
    let tsv = get(&url, "text/tab-separated-values");
    assert_eq!(
        tsv.body,
        "?s\t?d\n\
         <https://w3id.org/resgraph/resolution/unsc/2016/2331>\t\"2016-12-20\"^^<http://www.w3.org/2001/XMLSchema#date>\n\
         <https://w3id.org/resgraph/resolution/unsc/2017/2388>\t\"2017-11-21\"^^<http://www.w3.org/2001/XMLSchema#date>\n"
    );
    let json = r#"{"head":{"vars":["s","d"]},"results":{"bindings":[{"s":{"type":"uri","value":"https://w3id.org/resgraph/resolution/unsc/2016/2331"},"d":{"type":"literal","value":"2016-12-20","datatype":"http://www.w3.org/2001/XMLSchema#date"}},{"s":{"type":"uri","value":"https://w3id.org/resgraph/resolution/unsc/2017/2388"},"d":{"type":"literal","value":"2017-11-21","datatype":"http://www.w3.org/2001/XMLSchema#date"}}]}}"#;
    let by_json = get(&url, "application/sparql-results+json");
    assert_eq!(
        by_json.header("content-type"),
        Some("application/sparql-results+json")
    );
    assert_eq!(by_json.body, json);
    // curl's default Accept (*/*) and no Accept at all get SPARQL-JSON.
    assert_eq!(get(&url, "*/*").body, json);
    assert_eq!(http("GET", &url, &[], b"").body, json);
    let xml = get(&url, "application/sparql-results+xml");
    assert_eq!(
        xml.header("content-type"),
        Some("application/sparql-results+xml")
    );
    assert_eq!(
        xml.body,
        r#"<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/><variable name="d"/></head><results><result><binding name="s"><uri>https://w3id.org/resgraph/resolution/unsc/2016/2331</uri></binding><binding name="d"><literal datatype="http://www.w3.org/2001/XMLSchema#date">2016-12-20</literal></binding></result><result><binding name="s"><uri>https://w3id.org/resgraph/resolution/unsc/2017/2388</uri></binding><binding name="d"><literal datatype="http://www.w3.org/2001/XMLSchema#date">2017-11-21</literal></binding></result></results></sparql>"#
    );
    let ask = get(
        &format!(
            "{}/sparql?query={}",
            server.base_url,
            encode("ASK { ?r a rg:Resolution }")
        ),
        "application/sparql-results+json",
    );
    assert_eq!(ask.body, r#"{"head":{},"boolean":true}"#);
}

#[test]
fn sparql_post_form_and_direct_query() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let url = format!("{}/sparql", server.base_url);
    let expected = "s,d\r\n\
         https://w3id.org/resgraph/resolution/unsc/2016/2331,2016-12-20\r\n\
         https://w3id.org/resgraph/resolution/unsc/2017/2388,2017-11-21\r\n";
    let form = http(
        "POST",
        &url,
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "text/csv"),
        ],
        format!("query={}", encode(DATES)).as_bytes(),
    );
    assert_eq!((form.status, form.body.as_str()), (200, expected));
    let direct = http(
        "POST",
        &url,
        &[
            ("Content-Type", "application/sparql-query"),
            ("Accept", "text/csv"),
        ],
        DATES.as_bytes(),
    );
    assert_eq!((direct.status, direct.body.as_str()), (200, expected));
}

#[test]
fn construct_answers_in_every_rdf_format() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let query = "CONSTRUCT { ?s eli:date_document ?d } WHERE { ?s eli:date_document ?d }";
    let url = format!("{}/sparql?query={}", server.base_url, encode(query));
    let turtle = get(&url, "text/turtle");
    assert_eq!(
        turtle.header("content-type"),
        Some("text/turtle; charset=utf-8")
    );
    assert_eq!(
        turtle.body,
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n\
         @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
         <https://w3id.org/resgraph/resolution/unsc/2016/2331> eli:date_document \"2016-12-20\"^^xsd:date .\n\
         <https://w3id.org/resgraph/resolution/unsc/2017/2388> eli:date_document \"2017-11-21\"^^xsd:date .\n"
    );
    let expected = parse(&turtle.body, RdfFormat::Turtle);
    assert_eq!(expected.len(), 2);
    for (accept, format) in [
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
    ] {
        let reply = get(&url, accept);
        assert_eq!(reply.status, 200, "{accept}");
        assert_eq!(reply.header("content-type"), Some(accept));
        assert_eq!(parse(&reply.body, format), expected, "{accept}");
    }
    // A results format is not acceptable for a graph.
    let refused = get(&url, "text/csv");
    assert_eq!(refused.status, 406);
    assert_eq!(
        refused.body,
        "406 Not Acceptable: no format you accept is available; ask for one of text/turtle, application/n-triples, application/rdf+xml, application/ld+json, text/html, application/json\n"
    );
}

#[test]
fn sparql_without_query_gives_the_service_description() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let reply = get(
        &format!("{}/sparql", server.base_url),
        "application/n-triples",
    );
    assert_eq!(reply.status, 200);
    let sd = "http://www.w3.org/ns/sparql-service-description#";
    let f = "http://www.w3.org/ns/formats/";
    let endpoint = "<https://w3id.org/resgraph/sparql>";
    // The dataset of the catalog (/catalog).
    let dataset = "<https://w3id.org/resgraph/dataset>";
    let mut expected: BTreeSet<String> = [
        format!("{endpoint} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{sd}Service> ."),
        format!("{endpoint} <{sd}endpoint> {endpoint} ."),
        format!("{endpoint} <{sd}supportedLanguage> <{sd}SPARQL11Query> ."),
        format!("{endpoint} <{sd}defaultDataset> {dataset} ."),
        format!("{dataset} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{sd}Dataset> ."),
    ]
    .into_iter()
    .collect();
    for format in [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ] {
        expected.insert(format!("{endpoint} <{sd}resultFormat> <{f}{format}> ."));
    }
    assert_eq!(parse(&reply.body, RdfFormat::NTriples), expected);
}

#[test]
fn refusals_have_clear_statuses_and_messages() {
    let dir = scratch();
    let server = serve(
        dir.path(),
        &["--max-rows", "5", "--max-body", "300", "--timeout", "0.5"],
    );
    let url = format!("{}/sparql", server.base_url);
    let form = |body: String| {
        http(
            "POST",
            &url,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
    };
    let check = |reply: util::Reply, status: u16, body: &str| {
        assert_eq!((reply.status, reply.body.as_str()), (status, body));
    };
    let update = "403 Forbidden: SPARQL Update is refused: this endpoint is read-only\n";
    check(form(format!("update={}", encode("DROP ALL"))), 403, update);
    check(
        http(
            "POST",
            &url,
            &[("Content-Type", "application/sparql-update")],
            b"DROP ALL",
        ),
        403,
        update,
    );
    // An update sent as a query is recognised as one.
    check(
        get(&format!("{url}?query={}", encode("CLEAR DEFAULT")), "*/*"),
        403,
        "403 Forbidden: /sparql: SPARQL Update is refused: this endpoint is read-only\n",
    );
    let service = "400 Bad Request: /sparql: SERVICE (federated query) is disabled: this server does not fetch other endpoints\n";
    check(
        get(
            &format!(
                "{url}?query={}",
                encode("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
            ),
            "*/*",
        ),
        400,
        service,
    );
    // Hidden in a FILTER EXISTS of an OPTIONAL: still found in the algebra.
    check(
        get(
            &format!(
                "{url}?query={}",
                encode(
                    "SELECT ?s WHERE { ?s a rg:Resolution OPTIONAL { ?s eli:number ?n FILTER EXISTS { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } } } } LIMIT 1"
                )
            ),
            "*/*",
        ),
        400,
        service,
    );
    let syntax = get(&format!("{url}?query={}", encode("SELECT WHERE")), "*/*");
    assert_eq!(syntax.status, 400);
    assert!(
        syntax
            .body
            .starts_with("400 Bad Request: /sparql: error at 1:13: "),
        "{}",
        syntax.body
    );
    check(
        get(
            &format!("{url}?query={}", encode("SELECT * WHERE { ?s ?p ?o }")),
            "*/*",
        ),
        403,
        "403 Forbidden: /sparql: the answer has more than 5 rows, the limit of this server: add a LIMIT or narrow the query\n",
    );
    check(
        get(
            &format!(
                "{url}?query={}",
                encode("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
            ),
            "*/*",
        ),
        503,
        "503 Service Unavailable: /sparql: the query was cancelled after 0.5 s, the time limit of this server\n",
    );
    check(
        form(format!("query={}", encode(&format!("{DATES} {}", " ".repeat(300))))),
        413,
        "413 Payload Too Large: the request body is larger than 300 bytes, the limit of this server\n",
    );
    check(
        http("POST", &url, &[("Content-Type", "text/plain")], b"x"),
        415,
        "415 Unsupported Media Type: a POST to /sparql is application/x-www-form-urlencoded or application/sparql-query, not \"text/plain\"\n",
    );
    check(
        get(&format!("{url}?query=a&query=b"), "*/*"),
        400,
        "400 Bad Request: give exactly one query (one query= parameter, or the request body)\n",
    );
    let delete = http("DELETE", &format!("{}/", server.base_url), &[], b"");
    assert_eq!(delete.header("allow"), Some("GET, HEAD"));
    check(
        delete,
        405,
        "405 Method Not Allowed: DELETE is not allowed on /: this server is read-only (allowed: GET, HEAD)\n",
    );
    check(
        http("PUT", &url, &[], b""),
        405,
        "405 Method Not Allowed: PUT is not allowed on /sparql: this server is read-only (allowed: GET, HEAD, POST)\n",
    );
    check(
        get(&format!("{}/resolution/unsc/1999/1", server.base_url), "*/*"),
        404,
        "404 Not Found: nothing is described at /resolution/unsc/1999/1 (IRI https://w3id.org/resgraph/resolution/unsc/1999/1); see / for what is here\n",
    );
    check(
        get(&format!("{}/query/nope", server.base_url), "*/*"),
        404,
        "404 Not Found: there is no stored query \"nope\" (there are: addressees, disagreements, evidence, groups, instruments, jurisdictions, obligations, resolutions, topics, unreviewed)\n",
    );
    check(
        get(&format!("{}/", server.base_url), "application/json"),
        406,
        "406 Not Acceptable: no format you accept is available; ask for one of text/html\n",
    );
}

#[test]
fn cors_preflight_is_answered() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let reply = http(
        "OPTIONS",
        &format!("{}/sparql", server.base_url),
        &[
            ("Origin", "http://127.0.0.1:1"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(reply.status, 204);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    // GET, HEAD and POST are CORS-safelisted methods: no Access-Control-Allow-Methods needed.
    assert_eq!(
        reply.header("access-control-allow-headers"),
        Some("Accept, Content-Type")
    );
}

/// The triples of the exported default graph that have `iri` as subject or object.
fn exported_description(dir: &std::path::Path, iri: &str) -> BTreeSet<String> {
    let run = resgraph(dir, &["export", "--format", "nt", "-o", "all.nt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let subject = format!("<{iri}> ");
    let object = format!(" <{iri}> .");
    statements(&dir.join("all.nt"), RdfFormat::NTriples)
        .into_iter()
        .filter(|t| t.starts_with(&subject) || t.ends_with(&object))
        .collect()
}

#[test]
fn a_resolution_iri_redirects_303_to_its_description() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let resource = format!("{}/resolution/unsc/2016/2331", server.base_url);
    for accept in ["text/turtle", "text/html"] {
        let reply = raw("GET", &resource, accept);
        assert_eq!(reply.status, 303);
        assert_eq!(
            reply.header("location"),
            Some("/doc/resolution/unsc/2016/2331")
        );
        assert_eq!(
            reply.body,
            format!("303 See Other: {R2331} is described by /doc/resolution/unsc/2016/2331\n")
        );
    }
    let expected = exported_description(dir.path(), R2331);
    assert_eq!(expected.len(), 35);
    let doc = format!("{}/doc/resolution/unsc/2016/2331", server.base_url);
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
    ] {
        let reply = get(&doc, accept);
        assert_eq!(reply.status, 200, "{accept}");
        assert_eq!(reply.header("vary"), Some("Accept"));
        assert_eq!(parse(&reply.body, format), expected, "{accept}");
    }
    let ttl = get(&format!("{doc}.ttl"), "text/html");
    assert_eq!(
        ttl.header("content-type"),
        Some("text/turtle; charset=utf-8")
    );
    assert_eq!(parse(&ttl.body, RdfFormat::Turtle), expected);
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let html = get(&doc, browser);
    assert_eq!(
        html.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(get(&format!("{doc}.html"), "*/*").body, html.body);
    for part in [
        "<title>Resolution 2331 (2016) Maintenance of international peace and security · resgraph</title>",
        "<h1 id=\"title\">Resolution 2331 (2016) Maintenance of international peace and security</h1>",
        "<dt>Adopted</dt><dd>2016-12-20</dd>",
        "<dt>Issuing body</dt><dd><a href=\"/body/unsc\">United Nations Security Council</a></dd>",
        "<li><a href=\"/topic/trafficking-in-persons\">trafficking in persons</a></li>",
        "<li><a href=\"/group/lords-resistance-army\">Lord’s Resistance Army</a> <span class=\"muted\">(also Lord's Resistance Army)</span></li>",
        "<p><b>Addressed to:</b> <a href=\"/addressee/un-agencies\">United Nations agencies</a></p>",
        "<tr><td>paragraph 23</td><td>23</td><td>recommendations for UN agencies to mitigate the risk of contributing to trafficking in persons in armed conflict through procurement and supply chains</td>",
        "<tr><td>Point 24</td><td>24</td><td></td>",
        "<a href=\"http://peacewomen.org/node/97107\">Text of S/RES/2331 (2016), operative paragraph 23, as reproduced by PeaceWomen</a> <span class=\"muted\">(the instrument's text)</span>",
        "<li>ENG <a href=\"https://www.un.org/en/ga/search/view_doc.asp?symbol=S/RES/2331(2016)\">",
    ] {
        assert!(html.body.contains(part), "missing {part}\n{}", html.body);
    }
    // A concept dereferences the same way, to the generic page.
    let concept = raw(
        "GET",
        &format!("{}/group/isil", server.base_url),
        "text/turtle",
    );
    assert_eq!(concept.status, 303);
    assert_eq!(concept.header("location"), Some("/doc/group/isil"));
}

#[test]
fn the_base_iri_can_differ_from_the_listening_address() {
    let dir = scratch();
    let base = "https://example.org/laws/";
    let server = serve(dir.path(), &["--base", base]);
    let doc = get(
        &format!("{}/doc/resolution/unsc/2017/2388", server.base_url),
        "application/n-triples",
    );
    assert_eq!(doc.status, 200);
    let triples = parse(&doc.body, RdfFormat::NTriples);
    assert!(triples.contains(
        "<https://example.org/laws/resolution/unsc/2017/2388> <http://data.europa.eu/eli/ontology#date_document> \"2017-11-21\"^^<http://www.w3.org/2001/XMLSchema#date> ."
    ));
    assert!(triples
        .iter()
        .all(|t| !t.contains("w3id.org/resgraph/resolution")));
    let html = get(
        &format!("{}/doc/resolution/unsc/2017/2388.html", server.base_url),
        "*/*",
    );
    assert!(html
        .body
        .contains("<dt>Issuing body</dt><dd><a href=\"/body/unsc\">"));
}

#[test]
fn home_page_shows_counts_stored_queries_and_the_form() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let home = get(&format!("{}/", server.base_url), "text/html");
    assert_eq!(home.status, 200);
    for part in [
        "<tr><th>instruments</th><td>2</td></tr>",
        &format!("<tr><th>triples (default graph)</th><td>{}</td></tr>", util::TRIPLES),
        &format!("<tr><th>quads (with the source graphs)</th><td>{}</td></tr>", util::QUADS),
        "<li><a href=\"/resolution/unsc/2016/2331\">S/RES/2331 (2016)</a>",
        "<tr><td><a href=\"/query/obligations\">obligations</a></td><td>Which procurement and supply-chain obligations does each instrument set, for whom, at which paragraph, in which words?</td></tr>",
        "<form id=\"query-form\" action=\"/sparql\" method=\"get\">",
        "<option value=\"resolutions\" data-sparql=\"# Which resolutions were adopted, by which issuing body and on what date?\nPREFIX rg: &lt;https://w3id.org/resgraph/ontology#&gt;",
        "a query runs at most 10 s, an answer has at most 10000 rows, a request body at most 1048576 bytes",
    ] {
        assert!(home.body.contains(part), "missing {part}\n{}", home.body);
    }
}

#[test]
fn stored_queries_answer_as_the_cli_does() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    for name in [
        "obligations",
        "resolutions",
        "groups",
        "topics",
        "disagreements",
        "instruments",
        "jurisdictions",
        "unreviewed",
        "addressees",
    ] {
        let cli = resgraph(dir.path(), &["query", name, "--format", "csv"]);
        assert_eq!(cli.code, 0, "{}", cli.stderr);
        let reply = get(&format!("{}/query/{name}", server.base_url), "text/csv");
        assert_eq!(reply.status, 200);
        assert_eq!(reply.body, cli.stdout, "{name}");
    }
    let html = get(
        &format!("{}/query/resolutions", server.base_url),
        "text/html",
    );
    assert!(html.body.contains("<p id=\"row-count\">2 rows</p>"));
    assert!(html.body.contains(
        "<td>S/RES/2331 (2016)</td><td>United Nations Security Council</td><td>2016-12-20</td>"
    ));
}

#[test]
fn a_browser_gets_the_catalog_as_a_page_of_the_same_graph() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let page = get(&format!("{}/catalog", server.base_url), browser);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("vary"), Some("Accept"));
    let well_known = get(&format!("{}/.well-known/void", server.base_url), browser);
    assert_eq!(well_known.body, page.body);
    let body = &page.body;
    let has = |html: &str| assert!(body.contains(html), "missing {html} in {body}");
    has("<title>resgraph catalogue · resgraph</title>");
    has("<h1>resgraph catalogue</h1>");
    has("<tr><th>publisher</th><td>The resgraph project</td></tr>");
    has(
        r#"<tr><th>licence</th><td><a href="http://creativecommons.org/licenses/by/4.0/">http://creativecommons.org/licenses/by/4.0/</a></td></tr>"#,
    );
    has("<h2>Dataset: resgraph knowledge graph</h2>");
    has(&format!(
        "<tr><th>triples</th><td>{}</td></tr>",
        util::TRIPLES
    ));
    has(
        r#"<tr><th>endpoint</th><td><a href="/sparql">https://w3id.org/resgraph/sparql</a></td></tr>"#,
    );
    has(r#"<tr><td><a href="/ontology#Resolution">rg:Resolution</a></td><td>2</td></tr>"#);
    // Each of the six downloads, with the size and SHA-256 of what /dump/ serves.
    for (ext, name, media) in [
        ("ttl", "Turtle", "text/turtle"),
        ("nt", "N-Triples", "application/n-triples"),
        ("rdf", "RDF/XML", "application/rdf+xml"),
        ("jsonld", "JSON-LD", "application/ld+json"),
        ("trig", "TriG", "application/trig"),
        ("nq", "N-Quads", "application/n-quads"),
    ] {
        let dump = get(&format!("{}/dump/resgraph.{ext}", server.base_url), "*/*");
        assert_eq!(dump.status, 200);
        let sha256: String = sha2::Sha256::digest(dump.body.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        has(&format!(
            "<tr><td><a href=\"/dataset/distribution/{ext}\">resgraph knowledge graph in {name}</a></td>\
             <td>{media}</td><td>{}</td><td class=\"iri\">{sha256}</td>\
             <td><a href=\"/dump/resgraph.{ext}\">https://w3id.org/resgraph/dump/resgraph.{ext}</a></td></tr>",
            dump.body.len()
        ));
    }
}

#[test]
fn catalog_and_well_known_void_describe_the_dataset() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let catalog = get(
        &format!("{}/catalog", server.base_url),
        "application/n-triples",
    );
    assert_eq!(catalog.status, 200);
    assert_eq!(catalog.header("vary"), Some("Accept"));
    let well_known = get(
        &format!("{}/.well-known/void", server.base_url),
        "application/n-triples",
    );
    assert_eq!(well_known.body, catalog.body);
    let triples = parse(&catalog.body, RdfFormat::NTriples);
    let d = "<https://w3id.org/resgraph/dataset>";
    let v = "http://rdfs.org/ns/void#";
    for expected in [
        format!(
            "{d} <{v}triples> \"{}\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
            util::TRIPLES
        ),
        format!("{d} <{v}sparqlEndpoint> <https://w3id.org/resgraph/sparql> ."),
        format!("{d} <{v}dataDump> <https://w3id.org/resgraph/dump/resgraph.nt> ."),
        format!("{d} <{v}exampleResource> <{R2331}> ."),
    ] {
        assert!(triples.contains(&expected), "missing {expected}");
    }
    // It is the description `build` writes: out/catalog.ttl, byte for byte.
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let turtle = get(&format!("{}/catalog", server.base_url), "text/turtle");
    assert_text(
        &turtle.body,
        &std::fs::read_to_string(dir.path().join("out/catalog.ttl")).unwrap(),
    );
    // The dump it points to is the graph `resgraph export` writes, with the stated checksum.
    let dump = get(&format!("{}/dump/resgraph.nt", server.base_url), "*/*");
    let run = resgraph(dir.path(), &["export", "--format", "nt"]);
    assert_eq!(dump.body, run.stdout);
    let sha256: String = sha2::Sha256::digest(dump.body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let checksum = format!(
        "<https://w3id.org/resgraph/dataset/distribution/nt/checksum> <http://spdx.org/rdf/terms#checksumValue> \"{sha256}\"^^<http://www.w3.org/2001/XMLSchema#hexBinary> ."
    );
    assert!(triples.contains(&checksum), "missing {checksum}");
}

#[test]
fn build_counts_what_serve_asks_its_store_for_the_catalog() {
    // `build` counts VoID's numbers as the quads stream by, and its store holds only what the
    // queries (here one, of titles) and the catalog read; `serve` holds every quad and counts
    // them there. On records of every kind, with sources of their own, both describe the
    // graph alike.
    let dir = scratch();
    util::synthetic_data(dir.path(), "synthetic", 60, 11);
    std::fs::create_dir(dir.path().join("titles")).unwrap();
    std::fs::write(
        dir.path().join("titles/titles.rq"),
        "# What are the titles?\nSELECT ?t WHERE { ?s dcterms:title ?t } ORDER BY ?t\n",
    )
    .unwrap();
    let run = resgraph(
        dir.path(),
        &[
            "build",
            "--data",
            "synthetic",
            "--queries",
            "titles",
            "--no-validate",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built = std::fs::read_to_string(dir.path().join("out/catalog.ttl")).unwrap();
    let server = serve(dir.path(), &["--data", "synthetic"]);
    let served = get(&format!("{}/catalog", server.base_url), "text/turtle");
    assert_eq!(served.status, 200);
    assert_text(&served.body, &built);
    let triples = parse(&built, RdfFormat::Turtle);
    let run = resgraph(dir.path(), &["export", "synthetic", "--format", "nt"]);
    let exported = run.stdout.lines().count();
    let d = "<https://w3id.org/resgraph/dataset>";
    let expected = format!(
        "{d} <http://rdfs.org/ns/void#triples> \"{exported}\"^^<http://www.w3.org/2001/XMLSchema#integer> ."
    );
    assert!(triples.contains(&expected), "missing {expected}");
}

#[test]
fn ontology_is_its_rdf_or_the_page_build_writes() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let url = format!("{}/ontology", server.base_url);
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let html = get(&url, browser);
    assert_eq!(html.status, 200);
    assert_eq!(
        html.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(html.header("vary"), Some("Accept"));
    assert_text(
        &html.body,
        &std::fs::read_to_string(dir.path().join("out/ontology.html")).unwrap(),
    );
    let turtle = get(&url, "text/turtle");
    assert_eq!(turtle.status, 200);
    let rg = "https://w3id.org/resgraph/ontology#";
    assert!(parse(&turtle.body, RdfFormat::Turtle).contains(&format!(
        "<{rg}Resolution> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> ."
    )));
    // The ontology is built in: without an ontology folder anywhere, /ontology is the same.
    drop(server);
    std::fs::rename(dir.path().join("ontology"), dir.path().join("elsewhere")).unwrap();
    let server = serve(dir.path(), &[]);
    let again = get(&format!("{}/ontology", server.base_url), browser);
    assert_eq!(again.status, 200);
    assert_text(&again.body, &html.body);
}

#[test]
fn serve_from_exported_files_answers_the_same() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let server = serve(dir.path(), &["--from", "out/resgraph.trig"]);
    let reply = get(
        &format!("{}/query/obligations", server.base_url),
        "text/csv",
    );
    assert_eq!(
        reply.body,
        std::fs::read_to_string(dir.path().join("out/answers/obligations.csv")).unwrap()
    );
}

#[test]
fn html_pages_escape_what_the_data_says() {
    let dir = scratch();
    let record = dir.path().join("data/records/unsc-2016-2331.json");
    let text = std::fs::read_to_string(&record).unwrap();
    let text = text.replace(
        "Resolution 2331 (2016) Maintenance of international peace and security",
        "Resolution 2331 <script>alert(\\\"x\\\")</script> & co",
    );
    std::fs::write(&record, text).unwrap();
    let server = serve(dir.path(), &[]);
    let html = get(
        &format!("{}/doc/resolution/unsc/2016/2331.html", server.base_url),
        "*/*",
    );
    assert!(html.body.contains(
        "<h1 id=\"title\">Resolution 2331 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</h1>"
    ));
    assert!(!html.body.contains("<script>alert"));
    let home = get(&format!("{}/", server.base_url), "text/html");
    assert!(!home.body.contains("<script>alert"));
}

#[test]
fn deep_queries_are_answered_within_the_limits_and_refused_beyond() {
    let dir = scratch();
    // A debug build takes seconds over the largest shapes.
    let server = serve(dir.path(), &["--timeout", "300"]);
    let url = format!("{}/sparql", server.base_url);
    let post = |query: &str| {
        http(
            "POST",
            &url,
            &[
                ("Content-Type", "application/sparql-query"),
                ("Accept", "text/csv"),
            ],
            query.as_bytes(),
        )
    };
    for (within, beyond, message) in util::query_shapes() {
        let reply = post(&within);
        assert_eq!(reply.status, 200, "{}", reply.body);
        let reply = post(&beyond);
        assert_eq!(reply.status, 400);
        assert_text(
            &reply.body,
            &format!("400 Bad Request: /sparql: {message}\n"),
        );
    }
    let reply = get(&format!("{url}?query={}", encode(DATES)), "text/csv");
    assert_eq!(reply.status, 200);
}

#[test]
fn every_iri_the_catalog_mints_dereferences_to_what_the_catalog_says_of_it() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build", "--no-validate"]).code, 0);
    let catalog = std::fs::read_to_string(dir.path().join("out/catalog.ttl")).unwrap();
    let lines = parse(&catalog, RdfFormat::Turtle);
    let base = "https://w3id.org/resgraph/";
    let subjects: BTreeSet<String> = lines
        .iter()
        .filter_map(|l| {
            l.strip_prefix('<')?
                .split_once('>')
                .map(|(s, _)| s.to_owned())
        })
        .filter(|s| s.starts_with(base))
        .collect();
    assert!(subjects.contains("https://w3id.org/resgraph/dataset"));
    assert!(subjects.contains("https://w3id.org/resgraph/publisher"));
    assert!(subjects.contains("https://w3id.org/resgraph/service/sparql"));
    let server = serve(dir.path(), &[]);
    let named = |lines: &BTreeSet<String>| -> BTreeSet<String> {
        lines
            .iter()
            .filter(|l| !l.contains("_:"))
            .cloned()
            .collect()
    };
    // The catalog's own IRI is the document /catalog.
    let whole = get(&format!("{}/catalog", server.base_url), "text/turtle");
    let served = parse(&whole.body, RdfFormat::Turtle);
    assert_eq!((named(&served), served.len()), (named(&lines), lines.len()));
    // The endpoint's IRI is the endpoint: without a query, its service description.
    let endpoint = get(&format!("{}/sparql", server.base_url), "text/turtle");
    assert_eq!(endpoint.status, 200);
    assert!(endpoint
        .body
        .contains("<https://w3id.org/resgraph/sparql> a sd:Service"));
    let documents = [
        "https://w3id.org/resgraph/catalog",
        "https://w3id.org/resgraph/sparql",
    ];
    for subject in subjects.iter().filter(|s| !documents.contains(&s.as_str())) {
        let path = &subject[base.len() - 1..];
        let resource = raw("GET", &format!("{}{path}", server.base_url), "text/turtle");
        assert_eq!(resource.status, 303, "{subject}: {}", resource.body);
        assert_eq!(
            resource.header("location"),
            Some(format!("/doc{path}").as_str())
        );
        let doc = get(&format!("{}/doc{path}", server.base_url), "text/turtle");
        assert_eq!(doc.status, 200, "{subject}: {}", doc.body);
        // Blank nodes (checksums, partitions) are renamed by each parse: compare the rest, and
        // count the statements that point to one.
        let about = |lines: &BTreeSet<String>| -> (BTreeSet<String>, usize) {
            let own: Vec<&String> = lines
                .iter()
                .filter(|l| l.starts_with(&format!("<{subject}> ")))
                .collect();
            let blank = own.iter().filter(|l| l.contains(" _:")).count();
            let named = own
                .into_iter()
                .filter(|l| !l.contains(" _:"))
                .cloned()
                .collect();
            (named, blank)
        };
        assert_eq!(
            about(&parse(&doc.body, RdfFormat::Turtle)),
            about(&lines),
            "{subject}"
        );
    }
}

#[test]
fn every_negotiated_answer_says_it_varies_by_accept() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let base = &server.base_url;
    for (path, accept) in [
        ("/doc/resolution/unsc/2016/2331".to_owned(), "text/turtle"),
        ("/doc/resolution/unsc/2016/2331".to_owned(), "text/html"),
        (format!("/sparql?query={}", encode(DATES)), "text/csv"),
        (format!("/sparql?query={}", encode(DATES)), "text/html"),
        ("/sparql".to_owned(), "text/turtle"),
        ("/query/resolutions".to_owned(), "application/json"),
        ("/query/resolutions".to_owned(), "text/html"),
        ("/catalog".to_owned(), "text/turtle"),
        ("/ontology".to_owned(), "text/turtle"),
    ] {
        let reply = get(&format!("{base}{path}"), accept);
        assert_eq!(reply.status, 200, "{path} {accept}: {}", reply.body);
        assert_eq!(reply.header("vary"), Some("Accept"), "{path} {accept}");
    }
}

#[test]
fn the_errors_of_negotiated_paths_vary_by_accept_and_other_answers_do_not() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let base = &server.base_url;
    let r2331 = "/doc/resolution/unsc/2016/2331";
    let bad = format!("/sparql?query={}", encode("SELECT ?s WHERE {"));
    for (path, accept, status, vary) in [
        // 406: no format asked for is offered.
        (r2331, "image/png", 406, Some("Accept")),
        ("/catalog", "image/png", 406, Some("Accept")),
        ("/.well-known/void", "image/png", 406, Some("Accept")),
        ("/ontology", "image/png", 406, Some("Accept")),
        ("/sparql", "image/png", 406, Some("Accept")),
        ("/query/resolutions", "image/png", 406, Some("Accept")),
        ("/", "application/json", 406, Some("Accept")),
        ("/instruments", "application/json", 406, Some("Accept")),
        // 404 on a negotiated path: nothing there in any format.
        (
            "/doc/resolution/unsc/1900/1",
            "text/turtle",
            404,
            Some("Accept"),
        ),
        (
            "/doc/resolution/unsc/1900/1.ttl",
            "text/turtle",
            404,
            Some("Accept"),
        ),
        ("/query/nothing", "text/csv", 404, Some("Accept")),
        // A query error: text for a client, the form page for a browser.
        (&bad, "text/csv", 400, Some("Accept")),
        (&bad, "text/html", 400, Some("Accept")),
        // HTML only, but a 406 otherwise.
        ("/", "text/html", 200, Some("Accept")),
        ("/instruments", "text/html", 200, Some("Accept")),
        // Not negotiated: the same answer whatever the Accept.
        ("/nothing/here", "text/turtle", 404, None),
        ("/dump/resgraph.nt", "text/html", 200, None),
    ] {
        let reply = get(&format!("{base}{path}"), accept);
        assert_eq!(reply.status, status, "{path} {accept}: {}", reply.body);
        assert_eq!(reply.header("vary"), vary, "{path} {accept}");
    }
}

#[test]
fn an_empty_query_is_a_bad_request() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    for query in ["", "%20%0A"] {
        let reply = get(
            &format!("{}/sparql?query={query}", server.base_url),
            "text/csv",
        );
        assert_eq!(reply.status, 400);
        assert_text(
            &reply.body,
            "400 Bad Request: /sparql: the query is empty\n",
        );
    }
    let run = resgraph(dir.path(), &["query", "--sparql", " "]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_text(&run.stderr, "error: --sparql: the query is empty\n");
}

#[test]
fn head_has_the_content_length_of_get() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    for path in [
        "/".to_owned(),
        "/doc/resolution/unsc/2016/2331".to_owned(),
        format!("/sparql?query={}", encode(DATES)),
        "/query/resolutions".to_owned(),
    ] {
        let url = format!("{}{path}", server.base_url);
        let got = http("GET", &url, &[("Accept", "text/html")], b"");
        let head = raw("HEAD", &url, "text/html");
        assert_eq!(got.status, 200, "{path}");
        assert_eq!(head.status, 200, "{path}");
        assert_eq!(head.body, "", "{path}");
        let length = got.body.len().to_string();
        assert_eq!(
            head.header("content-length"),
            Some(length.as_str()),
            "{path}"
        );
    }
}

#[test]
fn a_document_asked_for_json_is_json_ld() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let url = format!("{}/doc/resolution/unsc/2016/2331", server.base_url);
    let turtle = get(&url, "text/turtle");
    let json = get(&url, "application/json");
    assert_eq!(json.status, 200, "{}", json.body);
    assert_eq!(json.header("content-type"), Some("application/ld+json"));
    let json_ld = RdfFormat::JsonLd {
        profile: Default::default(),
    };
    let expected = parse(&turtle.body, RdfFormat::Turtle);
    assert!(expected.len() > 10, "{}", turtle.body);
    assert_eq!(parse(&json.body, json_ld), expected);
}

/// Waits for the work a server starts on its own at start-up (the browse index, the home
/// page's counts, and the catalog, which writes every dump to a hash), so that a test that
/// counts the server's CPU time counts only what it asked for.
fn warmed(server: &util::Served) {
    for (path, accept) in [
        ("/instruments", "text/html"),
        ("/", "text/html"),
        ("/catalog", "text/turtle"),
    ] {
        let reply = get(&format!("{}{path}", server.base_url), accept);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    }
}

/// The CPU time a process has used (user and system), in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command name, in parentheses: fields 3 onwards; utime and stime are 14 and 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// Sends four runaway queries at once to a server started with `--timeout 3` and done with its
/// start-up work ([`warmed`]): while they take every slot and both cores, a stored query
/// answers in under 1 s; each gets its 503 at the deadline; and within 1 s of it the server
/// idles.
fn four_runaways_stop_at_their_deadline(server: &util::Served, queries: &[&str]) {
    assert_eq!(queries.len(), 4);
    // Its bounds are in seconds and CPU ticks: other heavy tests are kept off the cores.
    let _heavy = util::heavy();
    warmed(server);
    let runaways: Vec<_> = queries
        .iter()
        .map(|query| {
            let url = format!("{}/sparql?query={}", server.base_url, encode(query));
            std::thread::spawn(move || get(&url, "text/csv, application/n-triples;q=0.5"))
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_secs(1));
    util::stored_query_answers_within(server, 1.0, &format!("{queries:?}"));
    for (runaway, query) in runaways.into_iter().zip(queries) {
        let reply = runaway.join().unwrap();
        assert_eq!(reply.status, 503, "{query}: {}", reply.body);
        assert_text(
            &reply.body,
            "503 Service Unavailable: /sparql: the query was cancelled after 3 s, the time limit of this server\n",
        );
    }
    std::thread::sleep(std::time::Duration::from_secs(1));
    let before = cpu_ticks(server.pid());
    std::thread::sleep(std::time::Duration::from_secs(2));
    let used = cpu_ticks(server.pid()) - before;
    assert!(
        used <= 20,
        "{queries:?}: the server used {used} ticks of CPU in 2 s"
    );
}

#[test]
fn runaway_queries_stop_at_their_deadline_and_stored_queries_still_answer() {
    const RUNAWAY: &str =
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1";
    let dir = scratch();
    let server = serve(
        dir.path(),
        &["--timeout", "3", "--max-query-memory", "65536"],
    );
    four_runaways_stop_at_their_deadline(&server, &[RUNAWAY; 4]);
}

/// Runaway queries of every kind that spareval evaluates without reading the store: an
/// aggregate over a cross join, a sort in a sub-query, many groups, DISTINCT, and
/// UNION/OPTIONAL/MINUS under a sort; then a filter that drops everything, an OFFSET past
/// everything, a CONSTRUCT whose triples are all the same.
const RUNAWAYS: [&str; 8] = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { { SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i } } LIMIT 1",
    "SELECT ?a ?f (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a ?f LIMIT 1",
    "SELECT DISTINCT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { { ?a ?b ?c . ?d ?e ?f } UNION { ?g ?h ?i } OPTIONAL { ?a ?x ?y . ?q ?r ?s } \
     MINUS { ?a ?b ?z . ?o ?p ?t } } ORDER BY ?a LIMIT 1",
    "ASK { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STRLEN(STR(?c)) + STRLEN(STR(?i)) = 1000000) }",
    "SELECT * WHERE { ?a ?b ?c . [] ?e [] . [] ?h [] } OFFSET 100000000000 LIMIT 1",
    "CONSTRUCT { <urn:a> <urn:b> <urn:c> } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
];

#[test]
fn runaway_aggregates_subqueries_and_joins_stop_at_their_deadline() {
    let dir = scratch();
    // 300 synthetic records: about 15 000 triples, so a three-way cross join never ends. The
    // memory limit is set out of the way: these queries must stop at their deadline.
    util::synthetic_data(dir.path(), "synthetic", 300, 3);
    let server = serve(
        dir.path(),
        &[
            "--data",
            "synthetic",
            "--timeout",
            "3",
            "--max-query-memory",
            "65536",
        ],
    );
    for batch in RUNAWAYS.chunks(4) {
        four_runaways_stop_at_their_deadline(&server, batch);
    }
}

/// The peak resident memory of process `pid`, in KiB (VmHWM).
fn peak_rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmHWM:")
}

/// The resident memory of process `pid` now, in KiB (VmRSS).
fn resident_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

/// A memory figure of `/proc/PID/status`, in KiB.
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_query_over_its_memory_limit_is_stopped_long_before_its_deadline() {
    // Its bounds are in seconds and CPU ticks: other heavy tests are kept off the cores.
    let _heavy = util::heavy();
    let dir = scratch();
    let server = serve(dir.path(), &["--timeout", "60", "--max-query-memory", "64"]);
    warmed(&server);
    // A sort of every combination of three triples: over 100 million rows, each held until
    // the sort ends. Without the limit it grows by gigabytes until the 60 s deadline.
    let query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1";
    let url = format!("{}/sparql?query={}", server.base_url, encode(query));
    let started = std::time::Instant::now();
    let reply = get(&url, "text/csv");
    let took = started.elapsed();
    assert_text(
        &reply.body,
        "503 Service Unavailable: /sparql: the query was stopped when it held more than 64 MiB, the memory limit of this server for one query\n",
    );
    assert_eq!(reply.status, 503);
    assert!(took.as_secs_f64() < 10.0, "stopped after {took:?}");
    let peak = peak_rss_kib(server.pid());
    assert!(peak < 400 << 10, "the server's peak RSS was {peak} KiB");
    // The server goes on answering, and its CPU is idle again.
    let stored = get(
        &format!("{}/query/resolutions", server.base_url),
        "text/csv",
    );
    assert_eq!(stored.status, 200, "{}", stored.body);
    let before = cpu_ticks(server.pid());
    std::thread::sleep(std::time::Duration::from_secs(2));
    let used = cpu_ticks(server.pid()) - before;
    assert!(used <= 20, "the server used {used} ticks of CPU in 2 s");
}

#[test]
fn at_most_two_stored_queries_run_at_once_and_a_third_waits_for_a_slot() {
    // Its bounds are in seconds: other heavy tests are kept off the cores.
    let _heavy = util::heavy();
    let dir = scratch();
    let queries = dir.path().join("slow-queries");
    std::fs::create_dir_all(&queries).unwrap();
    // Every combination of three triples, counted: longer than the deadline, in flat memory.
    std::fs::write(
        queries.join("slow.rq"),
        "# How many combinations of three triples are there?\nSELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n",
    )
    .unwrap();
    let server = serve(dir.path(), &["--queries", "slow-queries", "--timeout", "2"]);
    let url = format!("{}/query/slow", server.base_url);
    let started = std::time::Instant::now();
    let requests: Vec<_> = (0..3)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || {
                // The third comes when the two run: it would end 0.5 s after them if it ran.
                if i == 2 {
                    std::thread::sleep(std::time::Duration::from_millis(500));
                }
                (get(&url, "text/csv"), started.elapsed())
            })
        })
        .collect();
    let mut replies: Vec<_> = requests.into_iter().map(|r| r.join().unwrap()).collect();
    replies.sort_by_key(|(_, took)| *took);
    for (reply, _) in &replies {
        assert_text(
            &reply.body,
            "503 Service Unavailable: /query/slow: the query was cancelled after 2 s, the time limit of this server\n",
        );
    }
    // Two run at once and stop at their deadline; the third waits for one of their slots
    // (less than its 2 s), then runs to its own deadline.
    let took: Vec<f64> = replies.iter().map(|(_, t)| t.as_secs_f64()).collect();
    assert!(took[1] < 3.0 && took[2] > 3.5, "answered after {took:?} s");
}

#[test]
fn four_queries_at_their_memory_limit_keep_the_server_within_1_gb_of_its_store() {
    let dir = scratch();
    // The default memory limit; a deadline far enough that memory stops each query first.
    let server = serve(dir.path(), &["--timeout", "120"]);
    let before = resident_kib(server.pid());
    let query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1";
    let url = format!("{}/sparql?query={}", server.base_url, encode(query));
    let runaways: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || get(&url, "text/csv"))
        })
        .collect();
    for runaway in runaways {
        let reply = runaway.join().unwrap();
        assert_text(
            &reply.body,
            "503 Service Unavailable: /sparql: the query was stopped when it held more than 128 MiB, the memory limit of this server for one query\n",
        );
    }
    let grew = peak_rss_kib(server.pid()).saturating_sub(before);
    assert!(grew < 1 << 20, "the server grew by {grew} KiB");
}

#[test]
fn a_cross_product_built_into_a_table_is_stopped_at_the_memory_limit() {
    let dir = scratch();
    // 1 000 resolutions. sparopt estimates `?a a rg:Resolution` small and `?x ?y ?z` huge, so
    // it builds a table of every pair of resolutions, a million rows, before it reads
    // `?x ?y ?z`, in a loop where no `ALIVE` is: when only `ALIVE` checked the memory limit,
    // the server grew by 480 MB before the query was stopped.
    util::synthetic_data(dir.path(), "synthetic", 1000, 5);
    let server = serve(
        dir.path(),
        &[
            "--data",
            "synthetic",
            "--timeout",
            "60",
            "--max-query-memory",
            "16",
        ],
    );
    let before = resident_kib(server.pid());
    let query =
        "SELECT (COUNT(*) AS ?n) WHERE { ?a a rg:Resolution . ?b a rg:Resolution . ?x ?y ?z }";
    let url = format!("{}/sparql?query={}", server.base_url, encode(query));
    let reply = get(&url, "text/csv");
    assert_text(
        &reply.body,
        "503 Service Unavailable: /sparql: the query was stopped when it held more than 16 MiB, the memory limit of this server for one query\n",
    );
    let grew = peak_rss_kib(server.pid()).saturating_sub(before);
    assert!(grew < 100 << 10, "the server grew by {grew} KiB");
}

#[test]
fn guarded_queries_answer_exactly_as_unguarded_ones() {
    use resgraph::graph::store::{parse_query, Answer, GraphStore, QueryLimits, SparqlGraph};
    let dataset =
        resgraph::ingest::folder::Collection::read_dir(&util::repo().join("data")).unwrap();
    let minter = resgraph::graph::mint::Minter::new(resgraph::graph::mint::DEFAULT_BASE).unwrap();
    let store = GraphStore::load(&resgraph::graph::map::map_dataset(&dataset, &minter)).unwrap();
    let limits = QueryLimits {
        timeout: std::time::Duration::from_secs(60),
        max_rows: usize::MAX,
        max_memory: usize::MAX,
    };
    let mut queries: Vec<(String, String)> =
        resgraph::query::stored_queries(&util::repo().join("queries"))
            .unwrap()
            .into_iter()
            .map(|q| (q.name, q.sparql))
            .collect();
    let shapes = [
        "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 20) ORDER BY DESC(?n) ?s",
        "SELECT DISTINCT ?p WHERE { ?s ?p ?o . ?o ?q [] }",
        "SELECT REDUCED ?t WHERE { ?s a ?t }",
        "SELECT ?s ?d ?l WHERE { ?s eli:date_document ?d OPTIONAL { ?s rdfs:label ?l FILTER(LANG(?l) = \"fr\") } } ORDER BY ?s",
        "SELECT ?s ?t WHERE { ?s a ?t MINUS { ?s eli:date_document ?d } } ORDER BY ?s ?t",
        "SELECT ?x WHERE { { ?x a rg:Resolution } UNION { ?x a skos:Concept } } ORDER BY ?x LIMIT 5 OFFSET 3",
        "SELECT ?s ?m WHERE { { SELECT ?s (MAX(?d) AS ?m) WHERE { ?s eli:date_document ?d } GROUP BY ?s ORDER BY ?m LIMIT 1 } ?s ?p ?o } ORDER BY ?s ?m",
        "SELECT ?s WHERE { ?s ?p ?o FILTER(isLiteral(?o) && STRLEN(STR(?o)) > 200) FILTER NOT EXISTS { ?s a skos:Concept } } ORDER BY ?s",
        "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(?o = 12 || ?o) } ORDER BY ?s ?o",
        "SELECT ?s ?n WHERE { ?s ?p ?o BIND(STRLEN(STR(?o)) AS ?n) FILTER(?n > 300) } ORDER BY ?n ?s",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { [] ?p [] } } GROUP BY ?g ORDER BY ?g",
        "SELECT ?s ?x WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?x } FILTER(!BOUND(?x)) } ORDER BY ?s ?x LIMIT 20",
        "SELECT * WHERE { VALUES ?t { rg:Resolution skos:Concept } ?s a ?t } ORDER BY ?s",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a a rg:Resolution . ?b a rg:Resolution . ?c a skos:Concept . ?d ?e ?f }",
        "SELECT ?a ?b WHERE { ?a eli:date_document ?d . ?b a rg:Resolution OPTIONAL { ?b rdfs:label ?l } } ORDER BY ?a ?b",
        "ASK { ?s ?p ?o FILTER(?o = \"no such value\") }",
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }",
        "DESCRIBE ?s WHERE { ?s eli:date_document ?d }",
    ];
    queries.extend(
        shapes
            .iter()
            .enumerate()
            .map(|(i, q)| (format!("shape {i}"), q.to_string())),
    );
    for (name, sparql) in queries {
        let unguarded = store.query(&name, &sparql).unwrap();
        let guarded = store
            .run(
                &name,
                parse_query(&name, &sparql).unwrap(),
                None,
                Some(&limits),
            )
            .unwrap();
        match (unguarded, guarded) {
            // Without ORDER BY, rows and triples come in no set order.
            (Answer::Graph(mut a), Answer::Graph(mut b)) => {
                a.sort_by_key(ToString::to_string);
                b.sort_by_key(ToString::to_string);
                assert!(!a.is_empty(), "{name}");
                assert_eq!(a, b, "{name}");
            }
            (
                Answer::Solutions {
                    variables: va,
                    rows: mut a,
                },
                Answer::Solutions {
                    variables: vb,
                    rows: mut b,
                },
            ) => {
                if !sparql.contains("ORDER BY") {
                    a.sort_by_key(|row| format!("{row:?}"));
                    b.sort_by_key(|row| format!("{row:?}"));
                }
                // data/ has no extracted facts and no concept under review.
                let empty = ["evidence", "unreviewed"].contains(&name.as_str());
                assert_eq!(a.is_empty(), empty, "{name}");
                assert_eq!((va, a), (vb, b), "{name}");
            }
            (a, b) => assert_eq!(a, b, "{name}"),
        }
    }
}

#[test]
fn a_browser_gets_the_query_form_and_its_errors_in_place() {
    let dir = scratch();
    let server = serve(dir.path(), &[]);
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let form = get(&format!("{}/sparql", server.base_url), browser);
    assert_eq!(form.status, 200);
    assert_eq!(
        form.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(form.header("vary"), Some("Accept"));
    assert!(form.body.contains("<h1>SPARQL query</h1>"), "{}", form.body);
    assert!(
        form.body
            .contains(r#"<textarea id="query" name="query" rows="14"></textarea>"#),
        "{}",
        form.body
    );
    let wrong = "SELECT ?s WHERE { ?s <a> \"<b>\" ";
    let reply = get(
        &format!("{}/sparql?query={}", server.base_url, encode(wrong)),
        browser,
    );
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        reply.body.contains(
            r#"<textarea id="query" name="query" rows="14">SELECT ?s WHERE { ?s &lt;a&gt; &quot;&lt;b&gt;&quot; </textarea>"#
        ),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains(r#"<p id="query-error">/sparql: "#),
        "{}",
        reply.body
    );
}
