//! `/instruments`: browsing by facets with counts, searching and paging, on real catalogue
//! records (the 40 of `tests/fixtures/eval-real`, imported) and on synthetic ones.

use crate::util::{self, get, repo, resgraph, scratch, serve};
use std::path::{Path, PathBuf};

/// The held-out and development records of the real-catalogue evaluation, imported into a
/// data folder `real` under `dir`.
pub fn real_catalogue(dir: &Path) -> PathBuf {
    let data = dir.join("real");
    let records = repo().join("tests/fixtures/eval-real/records.txt");
    let run = resgraph(
        dir,
        &[
            "import",
            records.to_str().unwrap(),
            "-o",
            data.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    data
}

/// The links of the page's instrument list, in order.
fn listed(html: &str) -> Vec<String> {
    let start = html
        .find("<ul id=\"instruments\">")
        .expect("an instrument list");
    let end = start + html[start..].find("</ul>").unwrap();
    html[start..end]
        .split("<a href=\"")
        .skip(1)
        .map(|a| a[..a.find('"').unwrap()].to_owned())
        .collect()
}

/// The text of the element with id `id` (tags removed).
fn text_of(html: &str, id: &str) -> String {
    let start = html.find(&format!("id=\"{id}\"")).expect(id);
    let start = start + html[start..].find('>').unwrap() + 1;
    let end = start + html[start..].find("</p>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
}

/// The values and counts of one facet, as `label count` lines.
fn facet(html: &str, name: &str) -> Vec<String> {
    let start = html.find(&format!("id=\"facet-{name}\"")).expect(name);
    let end = start + html[start..].find("</section>").unwrap();
    html[start..end]
        .split("<li>")
        .skip(1)
        .map(|li| {
            let label = &li[li.find("\">").unwrap() + 2..li.find("</a>").unwrap()];
            let count = li.split("class=\"count\">").nth(1).unwrap();
            format!("{label} {}", &count[..count.find('<').unwrap()])
        })
        .collect()
}

#[test]
fn real_records_are_browsed_by_facet_with_counts_and_searched_by_words() {
    let dir = scratch();
    let data = real_catalogue(dir.path());
    let server = serve(dir.path(), &["--data", data.to_str().unwrap()]);
    let page = |query: &str| {
        let reply = get(
            &format!("{}/instruments{query}", server.base_url),
            "text/html",
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body
    };

    let all = page("");
    assert_eq!(text_of(&all, "matches"), "40 of 40 instruments");
    assert_eq!(listed(&all).len(), 40);
    assert_eq!(text_of(&all, "pages"), "Page 1 of 1 ");
    assert_eq!(
        facet(&all, "body")[..3],
        [
            "United Nations Security Council 7",
            "European Parliament and Council of the European Union 4",
            "United Nations General Assembly 3",
        ]
    );
    assert_eq!(
        facet(&all, "kind")[..3],
        ["resolution 8", "act 5", "guidance 4"]
    );
    assert_eq!(
        facet(&all, "topic")[..3],
        [
            "trafficking in persons 19",
            "supply chains 14",
            "forced labour 11"
        ]
    );

    let unsc_2014 = page("?body=United+Nations+Security+Council&year=2014");
    assert_eq!(listed(&unsc_2014), ["/resolution/unsc/2014/2195"]);
    assert_eq!(
        text_of(&unsc_2014, "matches"),
        "1 of 40 instruments · Issuing body: United Nations Security Council (remove) · \
         Year: 2014 (remove)"
    );

    // Words match whole words, in any case, in titles, symbols and descriptions.
    let boko = page("?q=Boko+HARAM");
    assert_eq!(
        listed(&boko),
        [
            "/resolution/unsc/2014/2195",
            "/resolution/unsc/2017/2349",
            "/report/us-department-of-state/2018/trafficking-in-persons-report-2018",
        ]
    );
    assert_eq!(
        text_of(&boko, "matches"),
        "3 of 40 instruments with the words boko haram"
    );
    let both = page("?q=boko+haram&kind=resolution");
    assert_eq!(
        listed(&both),
        ["/resolution/unsc/2014/2195", "/resolution/unsc/2017/2349"]
    );
    assert!(listed(&page("?q=bokoharam")).is_empty());
    // A word in both the title and the description of an instrument lists it once.
    let trafficking = listed(&page("?q=trafficking"));
    let mut once = trafficking.clone();
    once.sort();
    once.dedup();
    assert_eq!(trafficking.len(), once.len(), "{trafficking:?}");
    assert!(listed(&page("?body=Nobody")).is_empty());

    // The home page shows the first page and links to the rest.
    let home = get(&format!("{}/", server.base_url), "text/html").body;
    assert_eq!(listed(&home), listed(&all));
    assert!(home.contains("<a id=\"browse\" href=\"/instruments\">Browse all 40 instruments</a>"));
}

#[test]
fn a_large_catalogue_is_listed_a_page_at_a_time() {
    let dir = scratch();
    let data = util::synthetic_data(dir.path(), "synthetic", 120, 7);
    let server = serve(dir.path(), &["--data", data.to_str().unwrap()]);
    let page = |query: &str| {
        get(
            &format!("{}/instruments{query}", server.base_url),
            "text/html",
        )
    };

    let first = page("").body;
    assert_eq!(listed(&first).len(), 50);
    assert_eq!(text_of(&first, "pages"), "Page 1 of 3 next");
    assert!(first.contains("<a id=\"next\" rel=\"next\" href=\"/instruments?page=2\">"));
    let last = page("?page=3").body;
    assert_eq!(listed(&last).len(), 20);
    assert_eq!(text_of(&last, "pages"), "Page 3 of 3 previous ");
    assert!(last.contains("<a id=\"previous\" rel=\"prev\" href=\"/instruments?page=2\">"));
    // Every instrument is on exactly one page.
    let mut every: Vec<String> = ["", "?page=2", "?page=3"]
        .iter()
        .flat_map(|q| listed(&page(q).body))
        .collect();
    every.sort();
    every.dedup();
    assert_eq!(every.len(), 120);
    assert!(listed(&page("?page=4").body).is_empty());
    let turtle = get(&format!("{}/instruments", server.base_url), "text/turtle");
    assert_eq!(turtle.status, 406);
}
