//! The one page layout of every HTML page resgraph writes or serves: the ontology's page
//! (`out/ontology.html`) and the pages of `resgraph serve`.
//!
//! Pages are [maud](https://maud.lambda.xyz/) templates, checked at compile time: every text
//! spliced into them is HTML-escaped unless it is marked as markup, so no page escapes by hand.

use maud::{html, Markup, PreEscaped, DOCTYPE};

/// The style sheet of every page, inline: no page loads anything else.
const STYLE: &str = "\
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
body > header nav a { margin-right: 1rem; }
body > footer { margin-top: 2rem; border-top: 1px solid #ccc; }
h1, h2, h3 { color: #134; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td a { overflow-wrap: anywhere; }
th { background: #f2f2f2; }
table.fields { width: 100%; }
table.fields th { width: 11em; color: #555; font-weight: normal; }
blockquote { border-left: 4px solid #9ab; margin: .5rem 0; padding: .25rem .75rem; background: #f7f9fa; }
textarea { width: 100%; font-family: monospace; }
code, pre, .iri { font-family: monospace; font-size: .9em; }
code, .iri { word-break: break-all; }
pre { background: #f4f6f8; padding: .8em; overflow-x: auto; border: 1px solid #dde; }
dt { font-weight: bold; }
.muted { color: #666; }
section.term { border-top: 2px solid #134; margin-top: 2em; }
nav#contents > ul { columns: 2; }
div#facets { display: flex; flex-wrap: wrap; gap: 0 2rem; }
div#facets h2 { font-size: 1rem; }
.count { color: #666; }
";

/// A whole page: `title` (used as it is) in the head, the site's navigation, `body`, the footer.
///
/// ```
/// use maud::html;
/// let page = resgraph::publish::html::layout("A & B", html! { p { "<hi>" } }).into_string();
/// assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\"><head>"));
/// assert!(page.contains("<title>A &amp; B</title>"));
/// assert!(page.contains("<main><p>&lt;hi&gt;</p></main>"));
/// ```
pub fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    nav {
                        a href="/" { "resgraph" }
                        a href="/instruments" { "Instruments" }
                        a href="/sparql" { "SPARQL endpoint" }
                        a href="/ontology" { "Ontology" }
                        a href="/catalog" { "Catalog (DCAT, VoID)" }
                    }
                }
                main { (body) }
                footer {
                    p.muted {
                        "resgraph: a linked-data graph of international legal instruments, "
                        "every fact with its source. Its licence, dumps and statistics are in "
                        a href="/catalog" { "the catalog" } "."
                    }
                }
            }
        }
    }
}
