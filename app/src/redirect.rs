//! Where the browser may be sent after a form: only a path on this site. Every redirect
//! target that comes from a request (`next`, the Referer) passes through `safe_path`.

/// `target` when it is a path on this site, else `/`. A path on this site starts with one
/// slash and holds only visible ASCII without backslashes: browsers drop tabs and line
/// breaks from URLs and read `\` as `/`, so `/\t/evil.example` or `/\evil.example` would
/// leave the site, and a control character cannot go into a `Location` header at all.
pub fn safe_path(target: Option<&str>) -> String {
    target
        .filter(|t| is_safe_path(t))
        .map_or_else(|| "/".to_owned(), str::to_owned)
}

fn is_safe_path(t: &str) -> bool {
    let mut chars = t.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && t.len() <= 2048
        && t.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b'\\')
}

/// The path and query of a URL on any host (the Referer of a form post), checked as above.
pub fn path_of_url(url: Option<&str>) -> String {
    let path = url
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|rest| rest.find('/').map(|j| &rest[j..]));
    safe_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept() {
        for ok in [
            "/",
            "/admin",
            "/contests?page=2",
            "/contests/LS-2025#rules",
            "/a/b/c%2F",
        ] {
            assert_eq!(safe_path(Some(ok)), ok);
        }
        assert_eq!(safe_path(None), "/");
    }

    /// Known open-redirect bypasses (from public cheat sheets), each of which must land home.
    #[test]
    fn every_known_bypass_lands_on_the_home_page() {
        let corpus = [
            "//evil.example",
            "//evil.example/x",
            "///evil.example",
            "////evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\x0b/evil.example",
            "/\x7f",
            "/ok\r\nSet-Cookie: x=1",
            "/\u{0}",
            "https://evil.example",
            "http:evil.example",
            "javascript:alert(1)",
            "evil.example",
            " /admin",
            "/ /evil.example",
            "/\u{3000}/evil.example",
            "/\u{ff0f}evil.example",
            "",
        ];
        for bad in corpus {
            assert_eq!(safe_path(Some(bad)), "/", "{bad:?} was let through");
        }
        assert_eq!(safe_path(Some(&format!("/{}", "a".repeat(3000)))), "/");
    }

    #[test]
    fn the_way_back_is_the_referers_path_when_it_is_safe() {
        assert_eq!(
            path_of_url(Some("http://127.0.0.1:3000/signin?next=/admin")),
            "/signin?next=/admin"
        );
        assert_eq!(path_of_url(Some("https://thi.example.vn")), "/");
        assert_eq!(
            path_of_url(Some("http://127.0.0.1:3000//evil.example/x")),
            "/"
        );
        assert_eq!(path_of_url(None), "/");
    }
}
