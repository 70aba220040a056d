//! The contest's rules text (thể lệ) is Markdown: headings, lists, emphasis, tables and links.
//! It is rendered here, on the server, into HTML that cannot run anything: raw HTML in the
//! text is shown as text, images become their description, and a link goes only to `http`,
//! `https` or `mailto` addresses or to a page of this site.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

fn safe_link(dest: &str) -> bool {
    let d = dest.trim().to_ascii_lowercase();
    d.starts_with("https://")
        || d.starts_with("http://")
        || d.starts_with("mailto:")
        || (d.starts_with('/') && !d.starts_with("//"))
        || d.starts_with('#')
}

/// `text` as safe HTML.
pub fn to_html(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(text, options).filter_map(|event| match event {
        // Raw HTML is shown, not run.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        // An image is left out; its description stays as text.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = if safe_link(&dest_url) {
                dest_url
            } else {
                CowStr::Borrowed("#")
            };
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn rules_text_renders_as_markdown_with_vietnamese_intact() {
        let html =
            to_html("## Điều 1. Đối tượng\n\n- Thanh niên **18–35 tuổi**\n- Học sinh, sinh viên\n");
        assert!(html.contains("<h2>Điều 1. Đối tượng</h2>"), "{html}");
        assert!(
            html.contains("<li>Thanh niên <strong>18–35 tuổi</strong></li>"),
            "{html}"
        );
    }

    #[test]
    fn nothing_in_the_text_can_run() {
        let html = to_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://so-khcn.vn) \
             ![z](https://evil.example/p.png) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://so-khcn.vn\""), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("evil.example"), "{html}");
    }
}
