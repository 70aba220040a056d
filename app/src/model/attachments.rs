//! Files attached to an entry, and the contest's rules for them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A kind of file an entry may carry. The kind is read from the file's content, never from
/// its name: a renamed program is not a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Png,
    Jpeg,
}

impl AttachmentKind {
    pub const ALL: [AttachmentKind; 6] = [
        AttachmentKind::Pdf,
        AttachmentKind::Docx,
        AttachmentKind::Xlsx,
        AttachmentKind::Pptx,
        AttachmentKind::Png,
        AttachmentKind::Jpeg,
    ];

    /// The stored code, which is also the usual file extension.
    pub fn code(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "pdf",
            AttachmentKind::Docx => "docx",
            AttachmentKind::Xlsx => "xlsx",
            AttachmentKind::Pptx => "pptx",
            AttachmentKind::Png => "png",
            AttachmentKind::Jpeg => "jpg",
        }
    }

    /// A code as a committee types it: any case, with or without a dot, `jpeg` for `jpg`.
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim().trim_start_matches('.').to_ascii_lowercase();
        let code = if code == "jpeg" { "jpg" } else { code.as_str() };
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn mime(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "application/pdf",
            AttachmentKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            AttachmentKind::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            AttachmentKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            AttachmentKind::Png => "image/png",
            AttachmentKind::Jpeg => "image/jpeg",
        }
    }

    /// A list such as `pdf, docx`: each code known, none twice, at least one. On failure, the
    /// first code not known (empty when the list is empty).
    pub fn parse_list(text: &str) -> Result<Vec<Self>, String> {
        let mut kinds = Vec::new();
        for code in text.split([',', ';', ' ']).filter(|c| !c.trim().is_empty()) {
            let kind = Self::from_code(code).ok_or_else(|| code.trim().to_owned())?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        if kinds.is_empty() {
            return Err(String::new());
        }
        Ok(kinds)
    }

    /// The stored and shown form of a list: `pdf, docx`.
    pub fn list_text(kinds: &[Self]) -> String {
        kinds
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What a file input may offer: `.pdf,.docx`.
    pub fn accept(kinds: &[Self]) -> String {
        kinds
            .iter()
            .map(|k| format!(".{}", k.code()))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// What a contest accepts as attachments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRules {
    pub kinds: Vec<AttachmentKind>,
    /// The largest file, in megabytes (1 MB = 1,048,576 bytes).
    pub max_mb: i32,
    /// Files per entry.
    pub max_count: usize,
}

impl AttachmentRules {
    pub fn max_bytes(&self) -> u64 {
        u64::try_from(self.max_mb).unwrap_or(0) * 1024 * 1024
    }
}

/// One attached file, as its readers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: Uuid,
    /// The name it was uploaded with, for display; the download is named after it.
    pub name: String,
    pub kind: AttachmentKind,
    /// In bytes.
    pub size: i64,
    pub uploaded: crate::format::Zoned,
    /// The key of the file question it answers; empty for a plain attachment.
    #[serde(default)]
    pub field: String,
}

/// A size for people: `840 KB`, `12.5 MB`.
pub fn size_text(bytes: i64) -> String {
    const KB: i64 = 1024;
    const MB: i64 = 1024 * 1024;
    if bytes < MB {
        format!("{} KB", (bytes + KB - 1) / KB)
    } else {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_kinds_reads_as_a_committee_types_it() {
        assert_eq!(
            AttachmentKind::parse_list("PDF, .docx;jpeg pdf"),
            Ok(vec![
                AttachmentKind::Pdf,
                AttachmentKind::Docx,
                AttachmentKind::Jpeg
            ])
        );
        assert_eq!(AttachmentKind::parse_list("pdf, exe"), Err("exe".into()));
        assert_eq!(AttachmentKind::parse_list(" , "), Err(String::new()));
        assert_eq!(
            AttachmentKind::list_text(&[AttachmentKind::Pdf, AttachmentKind::Png]),
            "pdf, png"
        );
    }

    #[test]
    fn sizes_read_in_kilobytes_then_megabytes_with_one_decimal() {
        assert_eq!(size_text(1), "1 KB");
        assert_eq!(size_text(840 * 1024), "840 KB");
        assert_eq!(size_text(12 * 1024 * 1024 + 512 * 1024), "12.5 MB");
    }
}
