//! `resgraph export` and `resgraph query`, run as a user would.

use crate::util::{self, assert_text, resgraph, scratch, statements};
use oxigraph::io::RdfFormat;

const DATES: &str = "SELECT ?s ?d WHERE { ?s eli:date_document ?d } ORDER BY ?s";

#[test]
fn query_answers_as_a_table_by_default() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["query", "--sparql", DATES]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_text(
        &run.stdout,
        "s                                                   | d
----------------------------------------------------+-----------
https://w3id.org/resgraph/resolution/unsc/2016/2331 | 2016-12-20
https://w3id.org/resgraph/resolution/unsc/2017/2388 | 2017-11-21
(2 rows)
",
    );
}

#[test]
fn query_answers_in_every_sparql_results_format() {
    let dir = scratch();
    let run = |format: &str| {
        resgraph(
            dir.path(),
            &["query", "--sparql", DATES, "--format", format],
        )
        .stdout
    };
    assert_text(
        &run("csv").replace("\r\n", "\n"),
        "s,d
https://w3id.org/resgraph/resolution/unsc/2016/2331,2016-12-20
https://w3id.org/resgraph/resolution/unsc/2017/2388,2017-11-21
",
    );
    assert_text(
        &run("tsv"),
        "?s\t?d
<https://w3id.org/resgraph/resolution/unsc/2016/2331>\t\"2016-12-20\"^^<http://www.w3.org/2001/XMLSchema#date>
<https://w3id.org/resgraph/resolution/unsc/2017/2388>\t\"2017-11-21\"^^<http://www.w3.org/2001/XMLSchema#date>
",
    );
    assert_text(
        &run("json"),
        r#"{"head":{"vars":["s","d"]},"results":{"bindings":[{"s":{"type":"uri","value":"https://w3id.org/resgraph/resolution/unsc/2016/2331"},"d":{"type":"literal","value":"2016-12-20","datatype":"http://www.w3.org/2001/XMLSchema#date"}},{"s":{"type":"uri","value":"https://w3id.org/resgraph/resolution/unsc/2017/2388"},"d":{"type":"literal","value":"2017-11-21","datatype":"http://www.w3.org/2001/XMLSchema#date"}}]}}"#,
    );
    assert_text(
        &run("xml"),
        r#"<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/><variable name="d"/></head><results><result><binding name="s"><uri>https://w3id.org/resgraph/resolution/unsc/2016/2331</uri></binding><binding name="d"><literal datatype="http://www.w3.org/2001/XMLSchema#date">2016-12-20</literal></binding></result><result><binding name="s"><uri>https://w3id.org/resgraph/resolution/unsc/2017/2388</uri></binding><binding name="d"><literal datatype="http://www.w3.org/2001/XMLSchema#date">2017-11-21</literal></binding></result></results></sparql>"#,
    );
}

#[test]
fn stored_query_by_name_and_from_a_file() {
    let dir = scratch();
    let by_name = resgraph(dir.path(), &["query", "disagreements", "--format", "csv"]);
    assert_eq!(by_name.code, 0, "{}", by_name.stderr);
    assert_text(
        &by_name.stdout.replace("\r\n", "\n"),
        "symbol,catalogueSays,catalogue,textSays,text,obligation
S/RES/2331 (2016),Point 24,https://communities.osce.org/plugins/viewsource/viewpagesrc.action?pageId=590440,paragraph 23,http://peacewomen.org/node/97107,https://w3id.org/resgraph/resolution/unsc/2016/2331/obligation/1
",
    );
    let by_file = resgraph(
        dir.path(),
        &[
            "query",
            "--file",
            "queries/disagreements.rq",
            "--format",
            "csv",
        ],
    );
    assert_eq!(by_file.stdout, by_name.stdout);
}

#[test]
fn query_without_arguments_lists_the_stored_queries() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["query"]);
    assert_text(
        &run.stdout,
        "addressees               Which obligations fall on companies, on contractors and suppliers, on United Nations bodies, or on others?
disagreements            Where does a catalogue place an obligation at a different paragraph than the instrument's own text does?
evidence                 For every armed group and obligation that resgraph extracted, which words of which description was it read from, and at which characters?
groups                   Which armed groups does each instrument name, and under which other names are they known?
instruments              Which instruments are there, of every kind: issued by which body, on what date and to what precision, where do they apply, and of which catalogue types?
jurisdictions            Which instruments apply in each jurisdiction?
obligations              Which procurement and supply-chain obligations does each instrument set, for whom, at which paragraph, in which words?
resolutions              Which resolutions were adopted, by which issuing body and on what date?
topics                   What is each instrument about?
unreviewed               Which concepts has no curator reviewed yet (made by import from labels no concept had), in which scheme, and how many instruments use each?
",
    );
}

#[test]
fn graph_queries_tell_which_source_states_what() {
    let dir = scratch();
    let run = resgraph(
        dir.path(),
        &[
            "query",
            "--format",
            "csv",
            "--sparql",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        ],
    );
    assert_text(
        &run.stdout.replace("\r\n", "\n"),
        "g,n
https://w3id.org/resgraph/resolution/unsc/2016/2331/source/osce-compendium,43
https://w3id.org/resgraph/resolution/unsc/2016/2331/source/resolution-text,6
https://w3id.org/resgraph/resolution/unsc/2016/2331/source/unscr,5
https://w3id.org/resgraph/resolution/unsc/2017/2388/source/osce-compendium,39
",
    );
}

#[test]
fn ask_and_construct() {
    let dir = scratch();
    let ask = resgraph(
        dir.path(),
        &["query", "--sparql", "ASK { ?s a rg:Resolution }"],
    );
    assert_text(&ask.stdout, "true\n");
    let construct = resgraph(
        dir.path(),
        &[
            "query",
            "--sparql",
            "CONSTRUCT { ?s a rg:Resolution } WHERE { ?s a rg:Resolution }",
        ],
    );
    assert_text(
        &construct.stdout,
        "@prefix rg: <https://w3id.org/resgraph/ontology#> .
<https://w3id.org/resgraph/resolution/unsc/2016/2331> a rg:Resolution .
<https://w3id.org/resgraph/resolution/unsc/2017/2388> a rg:Resolution .
",
    );
}

#[test]
fn unknown_stored_query_is_a_usage_error() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["query", "nosuch"]);
    assert_eq!(run.code, 2);
    assert_text(
        &run.stderr,
        "error: no stored query nosuch: there are: addressees, disagreements, evidence, groups, instruments, jurisdictions, obligations, resolutions, topics, unreviewed\n",
    );
    let run = resgraph(dir.path(), &["query", "obligation"]);
    assert_eq!(run.code, 2);
    assert_text(
        &run.stderr,
        "error: no stored query obligation: did you mean obligations? there are: addressees, disagreements, evidence, groups, instruments, jurisdictions, obligations, resolutions, topics, unreviewed\n",
    );
}

#[test]
fn export_one_record_to_standard_output() {
    let dir = scratch();
    let run = resgraph(
        dir.path(),
        &[
            "export",
            "data/records/unsc-2017-2388.json",
            "--format",
            "nt",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("<https://w3id.org/resgraph/resolution/unsc/2017/2388> <http://data.europa.eu/eli/ontology#date_document> \"2017-11-21\"^^<http://www.w3.org/2001/XMLSchema#date> .\n"));
    assert!(!run.stdout.contains("2016/2331"));
}

#[test]
fn export_to_a_file_matches_build() {
    let dir = scratch();
    assert_eq!(resgraph(dir.path(), &["build"]).code, 0);
    for format in ["ttl", "nt", "nq", "trig", "rdf", "jsonld"] {
        let file = format!("export.{format}");
        let run = resgraph(dir.path(), &["export", "--format", format, "-o", &file]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let exported = std::fs::read(dir.path().join(&file)).unwrap();
        let built = std::fs::read(dir.path().join(format!("out/resgraph.{format}"))).unwrap();
        assert!(
            exported == built,
            "export --format {format} differs from build"
        );
    }
    let parsed = statements(&dir.path().join("export.trig"), RdfFormat::TriG);
    assert_eq!(parsed.len(), util::QUADS);
}

#[test]
fn export_of_a_missing_file() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["export", "nope.json"]);
    assert_eq!(run.code, 1);
    assert_text(&run.stderr, "error: nope.json: no such file or folder\n");
}

#[test]
fn every_command_explains_itself_with_an_example() {
    let dir = scratch();
    for command in ["build", "export", "query", "docs"] {
        let run = resgraph(dir.path(), &[command, "--help"]);
        assert_eq!(run.code, 0);
        assert!(
            run.stdout.contains("Example: resgraph "),
            "{command} --help: {}",
            run.stdout
        );
    }
}

#[test]
fn stored_queries_declare_every_prefix_they_use() {
    // Stored queries run as they are in other stores (pyoxigraph, Virtuoso), which do not know
    // resgraph's predeclared prefixes.
    for query in resgraph::query::stored_queries(&util::repo().join("queries")).unwrap() {
        if let Err(e) = oxigraph::sparql::SparqlEvaluator::new().parse_query(&query.sparql) {
            panic!("{}: {e}", query.path.display());
        }
    }
}

#[test]
fn serve_limits_out_of_range_are_usage_errors() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["serve", "--max-connections", "0"]);
    assert_eq!(run.code, 2);
    assert_text(&run.stderr, "error: --max-connections 0: give at least 1\n");
    let run = resgraph(dir.path(), &["serve", "--request-timeout", "0"]);
    assert_eq!(run.code, 2);
    assert_text(
        &run.stderr,
        "error: --request-timeout 0: give a number of seconds above 0\n",
    );
}

#[test]
fn deep_queries_are_answered_within_the_limits_and_refused_beyond() {
    let dir = scratch();
    for (within, beyond, message) in util::query_shapes() {
        let run = resgraph(dir.path(), &["query", "--sparql", &within]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let run = resgraph(dir.path(), &["query", "--sparql", &beyond]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_text(&run.stderr, &format!("error: --sparql: {message}\n"));
    }
}

#[test]
fn build_timings_give_each_phase_and_each_task_of_the_concurrent_phase_with_its_time_and_memory() {
    let dir = scratch();
    let run = resgraph(dir.path(), &["build", "--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut phases = Vec::new();
    let mut held = Vec::new();
    for line in run.stderr.lines() {
        let (number, rest) = line.trim_start().split_once(' ').unwrap();
        if let Some(phase) = rest.strip_prefix("s  ") {
            number.parse::<f64>().unwrap();
            phases.push(phase.to_owned());
        } else if let Some(task) = rest.strip_prefix("KiB  held at most by ") {
            held.push((task.to_owned(), number.parse::<u64>().unwrap()));
        } else {
            panic!("unexpected line {line:?}");
        }
    }
    let queries: Vec<String> = [
        "addressees",
        "disagreements",
        "evidence",
        "groups",
        "instruments",
        "jurisdictions",
        "obligations",
        "resolutions",
        "topics",
        "unreviewed",
    ]
    .iter()
    .map(|q| format!("query {q}"))
    .collect();
    let mut expected: Vec<&str> = queries.iter().map(String::as_str).collect();
    expected.extend(["catalog (DCAT, VoID)", "ontology page"]);
    // Each task's own time comes after its phase's, before the last phase (writing).
    let last = phases.len() - 1;
    assert_eq!(phases[last - expected.len()..last], expected[..]);
    assert!(phases[last - expected.len() - 1].ends_with("at once"));
    let tasks: Vec<&str> = held.iter().map(|(task, _)| task.as_str()).collect();
    assert_eq!(tasks, expected);
    // The ontology page is a string of about 40 KB, made on its task's thread: the binary
    // counts what each thread allocates.
    let page = held
        .iter()
        .find(|(task, _)| task == "ontology page")
        .unwrap()
        .1;
    assert!(page >= 32, "the ontology page held {page} KiB");
}
