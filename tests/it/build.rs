//! `resgraph build`, the main job, on the real data in `data/`.

use crate::util::{assert_text, resgraph, scratch, snapshot, statements, QUADS, TRIPLES};
use oxigraph::io::RdfFormat;
use std::collections::BTreeSet;

const R2331: &str = "https://w3id.org/resgraph/resolution/unsc/2016/2331";

#[test]
fn build_writes_every_export_and_answer_and_says_so() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_text(
        &run.stdout,
        &format!(
            "2 records → {TRIPLES} triples ({QUADS} quads with source graphs) → out
  answers/addressees: 3 rows
  answers/disagreements: 1 rows
  answers/evidence: 0 rows
  answers/groups: 4 rows
  answers/instruments: 2 rows
  answers/jurisdictions: 2 rows
  answers/obligations: 2 rows
  answers/resolutions: 2 rows
  answers/topics: 12 rows
  answers/unreviewed: 0 rows
  SHACL: conforms to ontology/shapes.ttl (0 warnings)
"
        ),
    );
    let files: Vec<String> = snapshot(&dir.path().join("out"))
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "answers/addressees.csv",
            "answers/addressees.txt",
            "answers/disagreements.csv",
            "answers/disagreements.txt",
            "answers/evidence.csv",
            "answers/evidence.txt",
            "answers/groups.csv",
            "answers/groups.txt",
            "answers/instruments.csv",
            "answers/instruments.txt",
            "answers/jurisdictions.csv",
            "answers/jurisdictions.txt",
            "answers/obligations.csv",
            "answers/obligations.txt",
            "answers/resolutions.csv",
            "answers/resolutions.txt",
            "answers/topics.csv",
            "answers/topics.txt",
            "answers/unreviewed.csv",
            "answers/unreviewed.txt",
            "catalog.ttl",
            "ontology.html",
            "resgraph.jsonld",
            "resgraph.nq",
            "resgraph.nt",
            "resgraph.rdf",
            "resgraph.trig",
            "resgraph.ttl",
        ]
    );
}

#[test]
fn resolution_2331_has_exactly_these_triples() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let graph = statements(&dir.path().join("out/resgraph.ttl"), RdfFormat::Turtle);
    let about = |subject: &str| -> Vec<String> {
        graph
            .iter()
            .filter(|t| t.starts_with(&format!("<{subject}> ")))
            .cloned()
            .collect()
    };
    let eli = "http://data.europa.eu/eli/ontology#";
    let rg = "https://w3id.org/resgraph/ontology#";
    let b = "https://w3id.org/resgraph/";
    let expected: BTreeSet<String> = [
        format!("<{R2331}> <{eli}date_document> \"2016-12-20\"^^<http://www.w3.org/2001/XMLSchema#date> ."),
        format!("<{R2331}> <{eli}id_local> \"S/RES/2331 (2016)\" ."),
        format!("<{R2331}> <{eli}number> \"2331\" ."),
        format!("<{R2331}> <{rg}year> \"2016\"^^<http://www.w3.org/2001/XMLSchema#gYear> ."),
        format!("<{R2331}> <{eli}passed_by> <{b}body/unsc> ."),
        format!("<{R2331}> <{eli}is_realized_by> <{R2331}/expression/eng> ."),
        format!("<{R2331}> <{eli}is_about> <{b}topic/armed-conflict> ."),
        format!("<{R2331}> <{eli}is_about> <{b}topic/forced-labour> ."),
        format!("<{R2331}> <{eli}is_about> <{b}topic/procurement> ."),
        format!("<{R2331}> <{eli}is_about> <{b}topic/sexual-slavery> ."),
        format!("<{R2331}> <{eli}is_about> <{b}topic/supply-chains> ."),
        format!("<{R2331}> <{eli}is_about> <{b}topic/trafficking-in-persons> ."),
        format!("<{R2331}> <{eli}is_about> <{b}topic/transnational-organized-crime> ."),
        format!("<{R2331}> <{rg}namesGroup> <{b}group/al-shabaab> ."),
        format!("<{R2331}> <{rg}namesGroup> <{b}group/boko-haram> ."),
        format!("<{R2331}> <{rg}namesGroup> <{b}group/isil> ."),
        format!("<{R2331}> <{rg}namesGroup> <{b}group/lords-resistance-army> ."),
        format!("<{R2331}> <{rg}hasObligation> <{R2331}/obligation/1> ."),
        format!("<{R2331}> <{rg}catalogueType> \"International legislation / policy\"@en ."),
        format!("<{R2331}> <http://purl.org/dc/terms/coverage> \"Global\"@en ."),
        format!("<{R2331}> <http://purl.org/dc/terms/spatial> <{b}jurisdiction/global> ."),
        format!("<{R2331}> <http://purl.org/dc/terms/type> <{b}type/international-legislation-policy> ."),
        format!("<{R2331}> <http://purl.org/dc/terms/title> \"Resolution 2331 (2016) Maintenance of international peace and security\"@en ."),
        format!("<{R2331}> <http://purl.org/dc/terms/description> \"The resolution condemns, in the strongest terms, all instances of human trafficking in areas affected by armed conflict. The resolution condemned the sale of, or trade in, persons seized by Islamic State in Iraq and the Levant (ISIL/Da’esh), including Yazidis and persons belonging to religious and ethnic minorities, as well as trafficking in persons by Boko Haram, Al-Shabaab, the Lord’s Resistance Army and other groups for purposes of sexual slavery, and exploitation and forced labour. It stressed that human trafficking contributed to other forms of transnational organized crime, which could exacerbate conflict and foster insecurity and instability.\\n\\nUnited Nations agencies are recommended at Point 24 of the Resolution to mitigate the risk of contributing to trafficking in persons in armed conflict through procurement and supply chains.\"@en ."),
        format!("<{R2331}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{eli}LegalResource> ."),
        format!("<{R2331}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Legislation> ."),
        format!("<{R2331}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{rg}Resolution> ."),
        format!("<{R2331}> <http://www.w3.org/ns/prov#wasDerivedFrom> <http://peacewomen.org/node/97107> ."),
        format!("<{R2331}> <http://www.w3.org/ns/prov#wasDerivedFrom> <http://unscr.com/en/resolutions/2331> ."),
        format!("<{R2331}> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://communities.osce.org/plugins/viewsource/viewpagesrc.action?pageId=590440> ."),
    ]
    .into_iter()
    .collect();
    assert_eq!(about(R2331).into_iter().collect::<BTreeSet<_>>(), expected);

    let obligation = format!("{R2331}/obligation/1");
    let expected: BTreeSet<String> = [
        format!("<{obligation}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{rg}Obligation> ."),
        format!("<{obligation}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{rg}ProcurementObligation> ."),
        format!("<{obligation}> <http://purl.org/dc/terms/isPartOf> <{R2331}> ."),
        format!("<{obligation}> <{rg}addressee> <{b}addressee/un-agencies> ."),
        format!("<{obligation}> <{rg}action> \"mitigate the risk of contributing to trafficking in persons in armed conflict through procurement and supply chains\"@en ."),
        format!("<{obligation}> <{rg}quote> \"United Nations agencies are recommended at Point 24 of the Resolution to mitigate the risk of contributing to trafficking in persons in armed conflict through procurement and supply chains.\"@en ."),
        format!("<{obligation}> <{rg}citedAt> <{obligation}/citation/1> ."),
        format!("<{obligation}> <{rg}citedAt> <{obligation}/citation/2> ."),
        format!("<{obligation}> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://communities.osce.org/plugins/viewsource/viewpagesrc.action?pageId=590440> ."),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        about(&obligation).into_iter().collect::<BTreeSet<_>>(),
        expected
    );

    // What the catalogue claims and what the resolution says, each with its source.
    let expected: BTreeSet<String> = [
        format!("<{obligation}/citation/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{rg}ParagraphCitation> ."),
        format!("<{obligation}/citation/1> <http://www.w3.org/2000/01/rdf-schema#label> \"Point 24\"@en ."),
        format!("<{obligation}/citation/1> <{rg}paragraphNumber> \"24\"^^<http://www.w3.org/2001/XMLSchema#integer> ."),
        format!("<{obligation}/citation/1> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://communities.osce.org/plugins/viewsource/viewpagesrc.action?pageId=590440> ."),
        format!("<{obligation}/citation/2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{rg}ParagraphCitation> ."),
        format!("<{obligation}/citation/2> <http://www.w3.org/2000/01/rdf-schema#label> \"paragraph 23\"@en ."),
        format!("<{obligation}/citation/2> <{rg}paragraphNumber> \"23\"^^<http://www.w3.org/2001/XMLSchema#integer> ."),
        format!("<{obligation}/citation/2> <{rg}quote> \"recommendations for UN agencies to mitigate the risk of contributing to trafficking in persons in armed conflict through procurement and supply chains\"@en ."),
        format!("<{obligation}/citation/2> <http://www.w3.org/ns/prov#wasDerivedFrom> <http://peacewomen.org/node/97107> ."),
    ]
    .into_iter()
    .collect();
    let citations: BTreeSet<String> = graph
        .iter()
        .filter(|t| t.starts_with(&format!("<{obligation}/citation/")))
        .cloned()
        .collect();
    assert_eq!(citations, expected);
}

#[test]
fn each_fact_sits_in_the_graph_of_each_source_that_states_it() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let quads = statements(&dir.path().join("out/resgraph.nq"), RdfFormat::NQuads);
    let date_graphs: Vec<&String> = quads
        .iter()
        .filter(|q| {
            q.starts_with(&format!(
                "<{R2331}> <http://data.europa.eu/eli/ontology#date_document>"
            ))
        })
        .collect();
    assert_eq!(
        date_graphs,
        [
            &format!("<{R2331}> <http://data.europa.eu/eli/ontology#date_document> \"2016-12-20\"^^<http://www.w3.org/2001/XMLSchema#date> ."),
            &format!("<{R2331}> <http://data.europa.eu/eli/ontology#date_document> \"2016-12-20\"^^<http://www.w3.org/2001/XMLSchema#date> <{R2331}/source/osce-compendium> ."),
            &format!("<{R2331}> <http://data.europa.eu/eli/ontology#date_document> \"2016-12-20\"^^<http://www.w3.org/2001/XMLSchema#date> <{R2331}/source/unscr> ."),
        ]
    );
    assert!(quads.contains(&format!(
        "<{R2331}/source/unscr> <http://www.w3.org/ns/prov#wasDerivedFrom> <http://unscr.com/en/resolutions/2331> ."
    )));
}

#[test]
fn every_stored_query_gives_exactly_its_answer() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let answer = |name: &str| {
        std::fs::read_to_string(dir.path().join(format!("out/answers/{name}.csv")))
            .unwrap()
            .replace("\r\n", "\n")
    };
    assert_text(&answer("resolutions"), "symbol,body,adopted,title,resolution
S/RES/2331 (2016),United Nations Security Council,2016-12-20,Resolution 2331 (2016) Maintenance of international peace and security,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2388 (2017),United Nations Security Council,2017-11-21,Resolution 2388 (2017) Maintenance of international peace and security – trafficking in persons,https://w3id.org/resgraph/resolution/unsc/2017/2388
");
    assert_text(&answer("groups"), "symbol,group,aliases,resolution
S/RES/2331 (2016),Al-Shabaab,,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2331 (2016),Boko Haram,,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2331 (2016),Islamic State in Iraq and the Levant,Da'esh | Da’esh | ISIL | ISIL/Da’esh,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2331 (2016),Lord’s Resistance Army,Lord's Resistance Army,https://w3id.org/resgraph/resolution/unsc/2016/2331
");
    assert_text(&answer("obligations"), "symbol,addressee,action,paragraph,catalogueSays,quote,obligation
S/RES/2331 (2016),United Nations agencies,mitigate the risk of contributing to trafficking in persons in armed conflict through procurement and supply chains,23,Point 24,United Nations agencies are recommended at Point 24 of the Resolution to mitigate the risk of contributing to trafficking in persons in armed conflict through procurement and supply chains.,https://w3id.org/resgraph/resolution/unsc/2016/2331/obligation/1
S/RES/2388 (2017),United Nations system organizations,\"enhance transparency in their procurement and supply chains and step up their efforts to strengthen protections against trafficking in persons in all United Nations procurement and to that effect, request major suppliers to establish and implement anti-human trafficking policies and disclose information on measures taken to counter trafficking in persons in their operations and supply chains\",,,\"The resolution calls upon United Nations system organizations to enhance transparency in their procurement and supply chains and step up their efforts to strengthen protections against trafficking in persons in all United Nations procurement and to that effect, request major suppliers to establish and implement anti-human trafficking policies and disclose information on measures taken to counter trafficking in persons in their operations and supply chains.\",https://w3id.org/resgraph/resolution/unsc/2017/2388/obligation/2
");
    assert_text(
        &answer("topics"),
        "symbol,topic,resolution
S/RES/2331 (2016),armed conflict,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2331 (2016),forced labour,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2331 (2016),procurement,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2331 (2016),sexual slavery,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2331 (2016),supply chains,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2331 (2016),trafficking in persons,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2331 (2016),transnational organized crime,https://w3id.org/resgraph/resolution/unsc/2016/2331
S/RES/2388 (2017),armed conflict,https://w3id.org/resgraph/resolution/unsc/2017/2388
S/RES/2388 (2017),peacekeeping,https://w3id.org/resgraph/resolution/unsc/2017/2388
S/RES/2388 (2017),procurement,https://w3id.org/resgraph/resolution/unsc/2017/2388
S/RES/2388 (2017),supply chains,https://w3id.org/resgraph/resolution/unsc/2017/2388
S/RES/2388 (2017),trafficking in persons,https://w3id.org/resgraph/resolution/unsc/2017/2388
",
    );
    assert_text(&answer("disagreements"), "symbol,catalogueSays,catalogue,textSays,text,obligation
S/RES/2331 (2016),Point 24,https://communities.osce.org/plugins/viewsource/viewpagesrc.action?pageId=590440,paragraph 23,http://peacewomen.org/node/97107,https://w3id.org/resgraph/resolution/unsc/2016/2331/obligation/1
");
}

#[test]
fn a_stored_query_that_reads_the_source_graphs_is_answered_from_them() {
    // Without such a query the in-memory store holds the default graph alone; with one, build
    // loads the source graphs too, whether the query names them with GRAPH or FROM NAMED.
    let dir = scratch();
    std::fs::create_dir_all(dir.path().join("data/queries")).unwrap();
    for (name, sparql) in [
        (
            "by-graph",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        ),
        (
            "from-named",
            "SELECT ?g (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/resgraph/resolution/unsc/2016/2331/source/unscr> WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        ),
    ] {
        let query = format!("# How many statements does each source graph hold?\n{sparql}\n");
        std::fs::write(dir.path().join(format!("data/queries/{name}.rq")), query).unwrap();
    }
    let run = resgraph(dir.path(), &["build", "--formats", "ttl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let answer = |name: &str| {
        std::fs::read_to_string(dir.path().join(format!("out/answers/{name}.csv")))
            .unwrap()
            .replace("\r\n", "\n")
    };
    assert_text(
        &answer("by-graph"),
        "g,n
https://w3id.org/resgraph/resolution/unsc/2016/2331/source/osce-compendium,43
https://w3id.org/resgraph/resolution/unsc/2016/2331/source/resolution-text,6
https://w3id.org/resgraph/resolution/unsc/2016/2331/source/unscr,5
https://w3id.org/resgraph/resolution/unsc/2017/2388/source/osce-compendium,39
",
    );
    assert_text(
        &answer("from-named"),
        "g,n
https://w3id.org/resgraph/resolution/unsc/2016/2331/source/unscr,5
",
    );
}

/// Runs `build` in a scratch folder whose data folder holds one more stored query,
/// `NAME.rq`, and returns the folder and that query's answer table.
fn build_table(name: &str, sparql: &str) -> (tempfile::TempDir, String) {
    let dir = scratch();
    std::fs::create_dir_all(dir.path().join("data/queries")).unwrap();
    std::fs::write(dir.path().join(format!("data/queries/{name}.rq")), sparql).unwrap();
    let run = resgraph(dir.path(), &["build", "--formats", "ttl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table = dir.path().join(format!("out/answers/{name}.txt"));
    let table = std::fs::read_to_string(table).unwrap();
    (dir, table)
}

#[test]
fn the_answer_table_shows_line_breaks_and_aligns_every_cell() {
    // The table's cells wait in a file, a row a line, until the column widths are known: a
    // cell with a line break, a carriage return, a tab or a bar, and an unbound one, come back
    // whole and in their columns.
    let (_dir, table) = build_table(
        "awkward",
        "# Which awkward cells does the table show?\n\
         SELECT ?a ?b ?c WHERE { VALUES (?a ?b ?c) {\n\
         (\"two\\r\\nlines\" \"tab\\there\" 1)\n\
         (\"a | b\" UNDEF <https://w3id.org/resgraph/resolution/unsc/2016/2331>)\n\
         } } ORDER BY ?a\n",
    );
    assert_text(
        &table,
        "a          | b        | c
-----------+----------+----------------------------------------------------
a | b      |          | https://w3id.org/resgraph/resolution/unsc/2016/2331
two\\nlines | tab\there | 1
(2 rows)
",
    );
}

#[test]
fn the_answer_table_keeps_an_empty_last_cell() {
    // A row whose last cell is unbound or empty ends with the separator before its line feed
    // in the spilled cells; the build's table shows it as `query`'s table does.
    let (dir, table) = build_table(
        "last",
        "# Which cells end unbound?\n\
         SELECT ?a ?b WHERE { VALUES (?a ?b) { (\"x\" UNDEF) (\"yy\" \"\") (\"z\" \"w\") } }\n\
         ORDER BY ?a\n",
    );
    let expected = "a  | b\n---+--\nx  |\nyy |\nz  | w\n(3 rows)\n";
    assert_text(&table, expected);
    let query = resgraph(dir.path(), &["query", "last"]);
    assert_eq!(query.code, 0, "{}", query.stderr);
    assert_text(&query.stdout, expected);
}

#[test]
fn the_in_memory_store_holds_every_predicate_a_stored_query_reads() {
    // The in-memory store takes only the predicates the stored queries and the catalog read: a
    // query of its own makes build load the predicate it names, and a query with a variable
    // predicate every statement of the default graph.
    let dir = scratch();
    std::fs::create_dir_all(dir.path().join("data/queries")).unwrap();
    let query = |name: &str, sparql: &str| {
        let text = format!("# How many statements are there?\n{sparql}\n");
        std::fs::write(dir.path().join(format!("data/queries/{name}.rq")), text).unwrap();
    };
    let answer = |name: &str| {
        std::fs::read_to_string(dir.path().join(format!("out/answers/{name}.csv")))
            .unwrap()
            .replace("\r\n", "\n")
    };
    query(
        "described",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s dcterms:description ?o }",
    );
    let run = resgraph(dir.path(), &["build", "--formats", "ttl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_text(&answer("described"), "n\n2\n");
    query("all", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    let run = resgraph(dir.path(), &["build", "--formats", "ttl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_text(&answer("all"), &format!("n\n{}\n", crate::util::TRIPLES));
}

/// The exports `out/catalog.ttl` names, by file name, each once.
fn dumps_in_catalog(out: &std::path::Path) -> BTreeSet<String> {
    let catalog = std::fs::read_to_string(out.join("catalog.ttl")).unwrap();
    catalog
        .split("/dump/")
        .skip(1)
        .map(|rest| rest[..rest.find('>').unwrap()].to_owned())
        .collect()
}

#[test]
fn build_exports_only_the_formats_chosen_and_counts_the_same() {
    let dir = scratch();
    let out = dir.path().join("out");
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let full = std::fs::read(out.join("resgraph.ttl")).unwrap();
    let first_line = |stdout: &str| stdout.lines().next().unwrap().to_owned();
    let expected =
        format!("2 records → {TRIPLES} triples ({QUADS} quads with source graphs) → out");
    // The triples and quads are counted as the records stream, whatever the exports: the
    // same figures with or without an export that keeps the source graphs.
    for (formats, kept) in [
        ("ttl", vec!["resgraph.ttl"]),
        ("nq,trig", vec!["resgraph.nq", "resgraph.trig"]),
        ("jsonld,ttl,jsonld", vec!["resgraph.jsonld", "resgraph.ttl"]),
    ] {
        let run = resgraph(dir.path(), &["build", "--formats", formats]);
        assert_eq!(run.code, 0, "{formats}: {}", run.stderr);
        assert_eq!(first_line(&run.stdout), expected, "{formats}");
        // The exports of the other formats, left by the first build, are gone.
        let exports: BTreeSet<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("resgraph."))
            .collect();
        assert_eq!(
            exports,
            kept.iter().map(|s| s.to_string()).collect(),
            "{formats}"
        );
        assert_eq!(dumps_in_catalog(&out), exports, "{formats}");
    }
    assert!(std::fs::read(out.join("resgraph.ttl")).unwrap() == full);
    let run = resgraph(dir.path(), &["build", "--formats", "ttl,xml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: invalid value 'xml' for '--formats <EXT,…>'\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn building_twice_gives_byte_identical_files() {
    let first = scratch();
    let second = scratch();
    assert_eq!(resgraph(first.path(), &["build"]).code, 0);
    assert_eq!(resgraph(second.path(), &["build"]).code, 0);
    let (a, b) = (
        snapshot(&first.path().join("out")),
        snapshot(&second.path().join("out")),
    );
    assert_eq!(a.len(), 28);
    for ((path_a, bytes_a), (path_b, bytes_b)) in a.iter().zip(&b) {
        assert_eq!(path_a, path_b);
        assert!(
            bytes_a == bytes_b,
            "{} differs between two builds",
            path_a.display()
        );
    }
}

#[test]
fn every_export_parses_back_to_the_same_graph() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let out = dir.path().join("out");
    let nt = statements(&out.join("resgraph.nt"), RdfFormat::NTriples);
    assert_eq!(nt.len(), TRIPLES);
    assert_eq!(statements(&out.join("resgraph.ttl"), RdfFormat::Turtle), nt);
    assert_eq!(statements(&out.join("resgraph.rdf"), RdfFormat::RdfXml), nt);
    let nq = statements(&out.join("resgraph.nq"), RdfFormat::NQuads);
    assert_eq!(nq.len(), QUADS);
    assert_eq!(statements(&out.join("resgraph.trig"), RdfFormat::TriG), nq);
    assert_eq!(
        statements(
            &out.join("resgraph.jsonld"),
            RdfFormat::from_extension("jsonld").unwrap()
        ),
        nq
    );
    // The quads hold the triples as their default graph, plus the source graphs.
    assert!(nt.is_subset(&nq));
    let graphs: BTreeSet<&str> = nq
        .difference(&nt)
        .map(|q| q.rsplit(' ').nth(1).unwrap())
        .collect();
    assert_eq!(
        graphs,
        [
            "<https://w3id.org/resgraph/resolution/unsc/2016/2331/source/osce-compendium>",
            "<https://w3id.org/resgraph/resolution/unsc/2016/2331/source/resolution-text>",
            "<https://w3id.org/resgraph/resolution/unsc/2016/2331/source/unscr>",
            "<https://w3id.org/resgraph/resolution/unsc/2017/2388/source/osce-compendium>",
        ]
        .into_iter()
        .collect()
    );
}

#[test]
fn turtle_is_grouped_by_subject_and_declares_only_the_prefixes_it_uses() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    let ttl = std::fs::read_to_string(dir.path().join("out/resgraph.ttl")).unwrap();
    let prefixes: Vec<&str> = ttl.lines().filter(|l| l.starts_with("@prefix")).collect();
    assert_eq!(
        prefixes,
        [
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
            "@prefix eli: <http://data.europa.eu/eli/ontology#> .",
            "@prefix rg: <https://w3id.org/resgraph/ontology#> .",
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
            "@prefix prov: <http://www.w3.org/ns/prov#> .",
            "@prefix dcterms: <http://purl.org/dc/terms/> .",
            "@prefix schema: <https://schema.org/> .",
        ]
    );
    // Each subject starts exactly one statement block.
    let subjects: Vec<&str> = ttl
        .lines()
        .filter(|l| l.starts_with('<'))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let distinct: BTreeSet<&str> = subjects.iter().copied().collect();
    assert_eq!(subjects.len(), distinct.len());
    assert!(
        ttl.contains(&format!(
            "<{R2331}> a eli:LegalResource , schema:Legislation , rg:Resolution ;\n"
        )),
        "{ttl}"
    );
}

#[test]
fn base_iri_is_configurable() {
    let dir = scratch();
    let run = resgraph(
        dir.path(),
        &["build", "--base", "https://example.org/unres/"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let nt = std::fs::read_to_string(dir.path().join("out/resgraph.nt")).unwrap();
    assert!(nt.contains("<https://example.org/unres/resolution/unsc/2016/2331> <http://data.europa.eu/eli/ontology#passed_by> <https://example.org/unres/body/unsc> ."));
    assert!(!nt.contains("https://w3id.org/resgraph/resolution"));
}
