//! Which URL a page may claim for itself.
//!
//! A page can name its own URL (dom_smoothie takes JSON-LD's `"url"`; og:url and
//! `<link rel=canonical>` it does not read), and an article's URL is what the index keys it
//! by: a page that claims another site's URL replaces that site's article. Whoever serves a
//! page writes it, so its claim is believed only for the host that served it. A page whose
//! origin is unknown (a local `.html` file, a Python caller who gives no URL) cannot be
//! checked, so its claim is not believed at all: the article then has no URL, and the index
//! keys it by its text.

/// `declared` if it is an absolute http(s) URL on the same host as `fetched`.
pub fn checked(declared: &str, fetched: Option<&str>) -> Option<String> {
    let declared = declared.trim();
    let same = host(declared)?.eq_ignore_ascii_case(host(fetched?)?);
    same.then(|| declared.to_owned())
}

/// The host of an absolute http or https URL, without port or trailing dot; `None` for
/// anything else, and for URLs whose host could be read two ways (with user info, with a
/// backslash, which browsers take for a slash, or with characters no host has).
fn host(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.contains(['@', '\\']) {
        return None;
    }
    let host = match authority.strip_prefix('[') {
        // An IPv6 address: `[::1]:8080`.
        Some(v6) => &authority[..v6.find(']')? + 2],
        None => authority.split(':').next()?,
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    let plain =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '[' | ']' | ':');
    (!host.is_empty() && host.chars().all(plain)).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_from_absolute_http_urls_only() {
        assert_eq!(host("https://Daily.Example/a?b#c"), Some("Daily.Example"));
        assert_eq!(host("http://daily.example:8080"), Some("daily.example"));
        assert_eq!(host("https://daily.example./x"), Some("daily.example"));
        assert_eq!(host("http://[::1]:80/x"), Some("[::1]"));
        assert_eq!(host("/story/123"), None);
        assert_eq!(host("ftp://daily.example/x"), None);
        assert_eq!(host("https:///x"), None);
        assert_eq!(host("https://victim.example@evil.example/"), None);
        assert_eq!(host("https://evil.example\\@victim.example/"), None);
        assert_eq!(host("https://ex ample/"), None);
    }

    #[test]
    fn a_page_may_claim_a_url_on_its_own_host_only() {
        let fetched = Some("https://daily.example/x?utm=1");
        assert_eq!(
            checked(" https://DAILY.example/story ", fetched).as_deref(),
            Some("https://DAILY.example/story")
        );
        assert_eq!(checked("https://victim.example/story", fetched), None);
        assert_eq!(checked("https://www.daily.example/story", fetched), None);
        assert_eq!(checked("https://daily.example.evil/story", fetched), None);
        assert_eq!(checked("/story", fetched), None);
        // With no known origin, no claim is believed.
        assert_eq!(checked("https://daily.example/story", None), None);
        assert_eq!(
            checked("https://daily.example/story", Some("/relative")),
            None
        );
    }
}
