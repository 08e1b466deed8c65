//! The main text and metadata of an HTML page.
//!
//! dom_smoothie (a port of Mozilla's Readability) finds the article among the page furniture;
//! its formatted text mode keeps paragraph breaks, which the extractor needs to tell a quote's
//! paragraph from the next. Metadata comes from the same parse: Open Graph and other meta tags,
//! and JSON-LD.

use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};

use crate::{DateKind, Metadata, SkipReason};

/// Pages larger than this are refused rather than parsed: a DOM takes many times the size of
/// its HTML, and no news page comes near it (Common Crawl cuts payloads at 1 MiB).
pub const MAX_HTML_BYTES: usize = 32 << 20;

/// Pages with more elements than this are refused too, for the same reason.
const MAX_ELEMENTS: usize = 250_000;

/// An HTML page's article text and what the page says about it.
#[derive(Debug, PartialEq, Eq)]
pub struct MainText {
    pub text: String,
    pub metadata: Metadata,
}

/// Finds the main text of `html`. `url` is where the page came from, if known; a relative or
/// invalid URL is ignored. Fails with [`SkipReason::EmptyText`] when no article is found and
/// [`SkipReason::TooLarge`] for a page over [`MAX_HTML_BYTES`] or with too many elements.
pub fn main_text(html: &str, url: Option<&str>) -> Result<MainText, (SkipReason, String)> {
    if html.len() > MAX_HTML_BYTES {
        let detail = format!(
            "HTML page of {} is over the {} that a page may have",
            crate::human_bytes(html.len() as u64),
            crate::human_bytes(MAX_HTML_BYTES as u64)
        );
        return Err((SkipReason::TooLarge, detail));
    }
    let config = || Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut readability = match Readability::new(html, url, Some(config())) {
        Ok(readability) => readability,
        // Only a URL that is not absolute fails here; the page itself is still good.
        Err(_) => Readability::new(html, None, Some(config()))
            .map_err(|err| (SkipReason::Malformed, err.to_string()))?,
    };
    let article = readability.parse().map_err(|err| match err {
        ReadabilityError::TooManyElements(found, max) => (
            SkipReason::TooLarge,
            format!("page has {found} elements, more than the {max} parsed"),
        ),
        other => (SkipReason::EmptyText, format!("no main text: {other}")),
    })?;
    let text = tidy(&article.text_content);
    let published = nonempty(article.published_time);
    let metadata = Metadata {
        url: nonempty(article.url).or_else(|| url.map(str::to_owned)),
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
}
