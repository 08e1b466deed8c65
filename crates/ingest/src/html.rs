//! The main text and metadata of an HTML page.
//!
//! dom_smoothie (a port of Mozilla's Readability) finds the article among the page furniture;
//! its formatted text mode keeps paragraph breaks, which the extractor needs to tell a quote's
//! paragraph from the next. Metadata comes from the same parse: Open Graph and other meta tags,
//! and JSON-LD.
//!
//! Pages are hostile, and dom_smoothie's time and stack grow with how a page is built, not
//! with its size, so the page is parsed here under watch ([`guard`]) and its tree measured
//! ([`budget`]) before dom_smoothie gets it; a page beyond a bound is refused as too large.

mod budget;
mod escape;
mod guard;
mod origin;
mod tags;

use dom_query::Document;
use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};

use crate::{DateKind, Metadata, SkipReason};

use budget::{thousands, MAX_AMPERSANDS, MAX_ATTRIBUTE_COMPARISONS, MAX_ELEMENTS};

/// Pages larger than this are refused rather than parsed: a DOM takes many times the size of
/// its HTML, and no news page comes near it (Common Crawl cuts payloads at 1 MiB).
pub const MAX_HTML_BYTES: usize = 32 << 20;

/// An HTML page's article text and what the page says about it.
#[derive(Debug, PartialEq, Eq)]
pub struct MainText {
    /// The article's text, paragraphs separated by a blank line.
    pub text: String,
    /// What the page says about the article.
    pub metadata: Metadata,
}

/// Finds the main text of `html`. `url` is where the page came from, if known; a relative or
/// invalid URL is ignored. Fails with [`SkipReason::EmptyText`] when no article is found and
/// [`SkipReason::TooLarge`] for a page over [`MAX_HTML_BYTES`] or beyond one of the bounds of
/// [`budget`] (nesting, element count, and the like), with a detail that names the bound.
pub fn main_text(html: &str, url: Option<&str>) -> Result<MainText, (SkipReason, String)> {
    let too_large = |detail| (SkipReason::TooLarge, detail);
    if html.len() > MAX_HTML_BYTES {
        return Err(too_large(format!(
            "HTML page of {} is over the {} that a page may have",
            crate::human_bytes(html.len() as u64),
            crate::human_bytes(MAX_HTML_BYTES as u64)
        )));
    }
    let ampersands = memchr::memchr_iter(b'&', html.as_bytes()).count();
    if ampersands > MAX_AMPERSANDS {
        return Err(too_large(format!(
            "page has {} `&` characters, more than the {} whosaid parses",
            thousands(ampersands as u64),
            thousands(MAX_AMPERSANDS as u64)
        )));
    }
    if tags::attribute_comparisons(html, MAX_ATTRIBUTE_COMPARISONS) > MAX_ATTRIBUTE_COMPARISONS {
        return Err(too_large(format!(
            "tags with so many attributes that reading them takes more than {} comparisons, \
             the most whosaid makes",
            thousands(MAX_ATTRIBUTE_COMPARISONS)
        )));
    }
    let document = guard::parse(html).map_err(too_large)?;
    budget::check(&budget::measure(&document)).map_err(too_large)?;
    // dom_smoothie takes only an absolute URL; its own check decides, on an empty document.
    let base =
        url.filter(|url| Readability::with_document(Document::default(), Some(url), None).is_ok());
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut readability = Readability::with_document(document, base, Some(config))
        .map_err(|err| (SkipReason::Malformed, err.to_string()))?;
    let article = readability.parse().map_err(|err| match err {
        ReadabilityError::TooManyElements(found, max) => too_large(format!(
            "page has {found} elements, more than the {max} parsed"
        )),
        other => (SkipReason::EmptyText, format!("no main text: {other}")),
    })?;
    let text = tidy(&article.text_content);
    let published = nonempty(article.published_time);
    let declared = nonempty(article.url).and_then(|declared| origin::checked(&declared, url));
    let metadata = Metadata {
        url: declared.or_else(|| url.map(str::to_owned)),
        title: nonempty(Some(article.title)),
        byline: nonempty(article.byline),
        site: nonempty(article.site_name),
        date_kind: published.as_ref().map(|_| DateKind::Published),
        date: published,
        language: None,
    };
    Ok(MainText { text, metadata })
}

/// The formatted text with its lines trimmed and runs of blank lines made one, so that
/// paragraphs are separated by exactly one blank line.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = true;
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
        if line.is_empty() {
            blank_run = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_run = false;
    }
    out
}

fn nonempty(value: Option<String>) -> Option<String> {
    value
        .map(|value| value.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html lang="en"><head>
        <title>Minister says yes | The Daily</title>
        <meta property="og:site_name" content="The Daily">
        <meta property="article:published_time" content="2024-11-25T09:30:00Z">
        <meta name="author" content="Jane Doe">
        <link rel="canonical" href="https://daily.example/minister-says-yes">
        </head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Minister says yes</h1>
        <p>The minister said on Monday that the plan would go ahead, after weeks of talks with
        the unions and the opposition parties in parliament.</p>
        <p>“We have listened to everyone, and we are ready,” she told reporters outside the
        ministry, adding that the first money would be paid in the spring.</p>
        <p>Opposition leaders said they would study the details before deciding how to vote on
        the plan when it comes before parliament next month.</p>
        </article>
        <footer>© The Daily. Subscribe now!</footer>
        </body></html>"#;

    #[test]
    fn the_article_comes_out_in_paragraphs_with_its_metadata() {
        let page = main_text(PAGE, Some("https://daily.example/x?utm=1")).unwrap();
        let paragraphs: Vec<&str> = page.text.split("\n\n").collect();
        assert!(paragraphs.len() >= 3, "{:?}", page.text);
        assert!(page
            .text
            .contains("“We have listened to everyone, and we are ready,” she"));
        assert!(!page.text.contains("Subscribe"), "{}", page.text);
        assert!(!page.text.contains("Home"), "{}", page.text);
        assert_eq!(page.metadata.site.as_deref(), Some("The Daily"));
        assert_eq!(page.metadata.date.as_deref(), Some("2024-11-25T09:30:00Z"));
        assert_eq!(page.metadata.date_kind, Some(DateKind::Published));
        assert_eq!(page.metadata.byline.as_deref(), Some("Jane Doe"));
        assert!(page
            .metadata
            .title
            .as_deref()
            .unwrap()
            .contains("Minister says yes"));
    }

    #[test]
    fn a_relative_url_is_ignored_and_an_empty_page_has_no_text() {
        assert!(main_text(PAGE, Some("/relative")).is_ok());
        let empty = main_text("<html><body></body></html>", None);
        assert_eq!(empty.unwrap_err().0, SkipReason::EmptyText);
    }

    #[test]
    fn tidy_keeps_one_blank_line_between_paragraphs() {
        assert_eq!(tidy("  a \n\n\n b\nc\n\n"), "a\n\nb\nc");
    }

    /// An article paragraph long enough for dom_smoothie to take it as the main text.
    const STORY: &str = "<p>The minister said on Monday that the plan would go ahead, after \
        weeks of talks with the unions and the opposition parties in parliament.</p>";

    fn refused(html: &str) -> String {
        match main_text(html, None) {
            Err((SkipReason::TooLarge, detail)) => detail,
            Err(other) => panic!("expected a refusal, got {other:?}"),
            Ok(page) => panic!("expected a refusal, read {} bytes", page.text.len()),
        }
    }

    /// Runs `f` on a thread with a 1 MiB stack, half of what rayon's workers have.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn a_deep_page_is_refused_before_it_overflows_the_stack() {
        // 180 KB: aborted the process with a stack overflow.
        let deep = format!("<html><body>{}<p>He said hi.</p>", "<span>".repeat(30_000));
        let detail = on_small_stack(move || refused(&deep));
        assert_eq!(
            detail,
            "elements nested more than 512 deep, the most whosaid parses"
        );
    }

    #[test]
    fn nesting_up_to_the_bound_is_read_on_a_small_stack() {
        let depth = budget::MAX_DEPTH - 4;
        let nested = |open: &str, close: &str, times: usize| {
            format!(
                "<html><body>{}{STORY}{}",
                open.repeat(times),
                close.repeat(times)
            )
        };
        let pages = [
            nested("<span>", "</span>", depth),
            nested("<div>", "</div>", depth),
            nested("<b>", "</b>", depth),
            nested("<section>", "</section>", depth),
            nested("<ul><li>", "</li></ul>", depth / 2),
            nested("<table><tr><td>", "</td></tr></table>", depth / 4),
            nested(&format!("<div>{STORY}"), "</div>", depth),
            format!("<html><body><svg>{}</svg>{STORY}", "<g>".repeat(depth - 4)),
        ];
        for page in pages {
            let result = on_small_stack(move || main_text(&page, None).map(|page| page.text));
            assert!(result.unwrap().contains("the plan would go ahead"));
        }
    }

    #[test]
    fn nested_divs_are_read_or_refused_without_quadratic_work() {
        // 10,000 nested divs took 14 s, 100,000 crashed: refused now.
        let divs = |n: usize| format!("<html><body>{}{STORY}", "<div>".repeat(n));
        assert!(refused(&divs(10_000)).contains("more than 512 deep"));
        assert!(refused(&divs(100_000)).contains("more than 512 deep"));
        assert!(main_text(&divs(500), None).is_ok());
        // Wide as well as deep: the sum of depths is bounded too.
        let broom = format!(
            "<html><body>{}{}",
            "<div>".repeat(500),
            "<p>He said hi to the people.</p>".repeat(5000)
        );
        assert_eq!(
            refused(&broom),
            "5,503 elements whose depths add up to 2,641,255, more than the 2,000,000 whosaid \
             parses"
        );
        // And so is text held deep down.
        let deep_text = format!(
            "<html><body>{}<p>{}</p>",
            "<div>".repeat(500),
            "He said hi. ".repeat(40_000)
        );
        assert!(refused(&deep_text).contains("bytes times their depths"));
    }

    #[test]
    fn a_paragraph_of_escaped_characters_is_read_in_linear_time() {
        // Every NBSP made html5ever's serializer scan the rest of the paragraph: 5 MB of
        // them took hours. The paragraph is kept in text nodes that each cost little.
        let html = format!("<html><body><p>{}</p>", "a\u{a0}b ".repeat(1_000_000));
        let page = main_text(&html, None).unwrap();
        // (dom_smoothie's text has a space for each NBSP.)
        assert!(
            page.text == "a b ".repeat(1_000_000).trim_end(),
            "text changed"
        );
        // Entities: under the bound on `&`, read; over it, refused.
        let entities = |n: usize| format!("<html><body><p>{}</p>", "a&amp;b ".repeat(n));
        let page = main_text(&entities(250_000), None).unwrap();
        assert!(
            page.text == "a&b ".repeat(250_000).trim_end(),
            "text changed"
        );
        assert_eq!(
            refused(&entities(1_000_000)),
            "page has 1,000,000 `&` characters, more than the 500,000 whosaid parses"
        );
    }

    #[test]
    fn a_long_attribute_is_cut_and_the_page_read() {
        // A 4 MB attribute of entities took 7 s to serialize, one of 5 MB with an NBSP in
        // every word most of a minute.
        for value in ["a&amp;b ".repeat(500_000), "a\u{a0}b ".repeat(1_000_000)] {
            let html = format!("<html><body><article title=\"{value}\">{STORY}</article>");
            assert!(main_text(&html, None).is_ok());
        }
    }

    #[test]
    fn formatting_elements_cannot_multiply_past_the_element_bound() {
        // Closed formatting elements are opened again for every paragraph: a few hundred
        // kilobytes made tens of millions of elements.
        let bold: String = (0..300).map(|n| format!("<b id={n}>")).collect();
        let html = format!(
            "<html><body><div>{bold}</div>{}",
            "<p>x</p>".repeat(100_000)
        );
        assert_eq!(
            refused(&html),
            "page has more than 250,000 elements, the most whosaid parses"
        );
    }

    #[test]
    fn tags_with_too_many_attributes_are_refused_before_they_are_read() {
        let attributes: String = (0..300_000).map(|n| format!(" a{n}")).collect();
        let html = format!("<html><body><p{attributes}>He said hi.</p>");
        assert!(refused(&html).starts_with("tags with so many attributes"));
    }

    #[test]
    fn a_page_of_comments_is_refused_by_its_node_count() {
        let html = format!("<html><body>{STORY}{}", "<!---->".repeat(1_500_000));
        assert_eq!(
            refused(&html),
            "page has more than 1,000,000 nodes (elements, texts and comments), the most \
             whosaid parses"
        );
    }

    /// A page that names its URL in JSON-LD, og:url and a canonical link.
    fn claiming(json_ld: &str, og: &str, canonical: &str) -> String {
        format!(
            r#"<html><head><title>Minister says yes</title>
            <meta property="og:url" content="{og}"><link rel="canonical" href="{canonical}">
            <script type="application/ld+json">{{"@context": "https://schema.org",
            "@type": "NewsArticle", "headline": "Minister says yes", "url": "{json_ld}"}}
            </script></head><body><article>{STORY}</article></body></html>"#
        )
    }

    #[test]
    fn a_page_cannot_claim_another_hosts_url() {
        let url = |html: &str, fetched| main_text(html, fetched).unwrap().metadata.url;
        let fetched = Some("https://attacker.example/a?utm=1");
        let victim = "https://victim.example/story";
        // JSON-LD on another host is refused; the fetched URL stays.
        assert_eq!(
            url(&claiming(victim, victim, victim), fetched).as_deref(),
            fetched
        );
        // og:url and the canonical link are not read at all, on any host.
        let own = "https://attacker.example/story";
        assert_eq!(url(&claiming("", own, own), fetched).as_deref(), fetched);
        // A claim on the page's own host is taken.
        assert_eq!(
            url(&claiming(own, victim, victim), fetched).as_deref(),
            Some(own)
        );
        // A relative claim is not a URL.
        assert_eq!(
            url(&claiming("/story", "", ""), fetched).as_deref(),
            fetched
        );
        // With no known origin, nothing the page says about itself is believed.
        assert_eq!(url(&claiming(own, own, own), None), None);
    }

    /// The news-html pages marked `dev` (never the reserved ones), with the URL they came
    /// from, when the data is there.
    fn dev_pages() -> Vec<(String, String)> {
        use std::io::Read;
        let data =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news-html");
        let (Ok(splits), Ok(truth)) = (
            std::fs::read_to_string(data.join("splits.tsv")),
            std::fs::read_to_string(data.join("ground-truth.json")),
        ) else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{} is missing, and CI needs it",
                data.display()
            );
            eprintln!("skipped: {} is not here", data.display());
            return Vec::new();
        };
        let truth: serde_json::Value = serde_json::from_str(&truth).unwrap();
        let dev = splits.lines().filter_map(|line| line.strip_suffix("\tdev"));
        dev.map(|id| {
            let zipped = std::fs::read(data.join("html").join(format!("{id}.html.gz"))).unwrap();
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(&zipped[..])
                .read_to_end(&mut bytes)
                .unwrap();
            let html = crate::decode(bytes, None).unwrap().text;
            (html, truth[id]["url"].as_str().unwrap().to_owned())
        })
        .collect()
    }

    #[test]
    fn news_pages_read_as_dom_smoothie_reads_them_unwatched() {
        let mut pages = vec![(PAGE.to_owned(), "https://daily.example/x".to_owned())];
        pages.extend(dev_pages());
        for (html, url) in &pages {
            let config = Config {
                text_mode: TextMode::Formatted,
                max_elements_to_parse: MAX_ELEMENTS,
                ..Config::default()
            };
            let unwatched = Readability::new(html.as_str(), Some(url), Some(config))
                .unwrap()
                .parse();
            let watched = main_text(html, Some(url));
            let (Ok(unwatched), Ok(watched)) = (unwatched, watched) else {
                panic!("{url}: read by one and not the other");
            };
            assert_eq!(watched.text, tidy(&unwatched.text_content), "{url}");
            assert_eq!(watched.metadata.title, nonempty(Some(unwatched.title)));
            assert_eq!(watched.metadata.date, nonempty(unwatched.published_time));
            // The URL is the page's claim when on the fetched host, else the fetched URL.
            let claim = nonempty(unwatched.url)
                .filter(|claim| watched.metadata.url.as_deref() == Some(claim.as_str()));
            assert!(claim.is_some() || watched.metadata.url.as_deref() == Some(url.as_str()));
        }
    }
}
