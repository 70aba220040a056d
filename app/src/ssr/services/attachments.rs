//! Files attached to entries. The lead adds them while submissions are open; whoever may read
//! the entry downloads them. A file is stored in the data directory under a name made of the
//! contest's and the attachment's ids (never anything the uploader chose), its kind is read
//! from its content, and adding or removing one is written to the audit log.
//!
//! An upload happens in three steps so that nothing unchecked touches the disk or the
//! database: `target` authorises and says what the contest accepts (before a byte of the
//! file is read), the edge streams the file to disk within the limit and sniffs its kind, and
//! `record` re-checks and writes the row in one transaction.

use super::audit::{self, Changes, Record};
use super::contests::attachment_rules;
use super::entries::{readable, require_open, writable};
use crate::format::Zoned;
use crate::model::limits::ATTACHMENT_NAME_MAX;
use crate::model::{AttachmentKind, AttachmentRules, AttachmentView, FieldKind, FormField};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{attachment, contest};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, ModelTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// How many bytes from the start of a file its kind is read from: enough for the signature
/// of every kind accepted, and for the first member names of an Office file.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// Where an upload may go, as `target` found it.
#[derive(Debug, Clone)]
pub struct Target {
    pub contest_id: Uuid,
    pub rules: AttachmentRules,
}

/// A file streamed to disk and checked, ready to be recorded.
#[derive(Debug, Clone)]
pub struct Upload {
    pub id: Uuid,
    /// As the browser sent it; cleaned by `record`.
    pub name: String,
    pub kind: AttachmentKind,
    pub size: u64,
    pub sha256: String,
    /// The key of the file question it answers; empty for a plain attachment.
    pub field: String,
}

/// A stored file, for a download.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub path: PathBuf,
    pub name: String,
    pub kind: AttachmentKind,
    pub size: i64,
    /// The entry's code, for a plain file name.
    pub entry_code: String,
}

/// The directory of a contest's files.
pub fn contest_dir(data_dir: &Path, contest_id: Uuid) -> PathBuf {
    data_dir.join("attachments").join(contest_id.to_string())
}

/// The file of an attachment: made only of ids, so no name can lead anywhere else.
pub fn file_path(data_dir: &Path, contest_id: Uuid, id: Uuid) -> PathBuf {
    contest_dir(data_dir, contest_id).join(id.to_string())
}

/// The kind of a file from its first bytes, if it is one JuryDesk knows.
pub fn sniff(head: &[u8]) -> Option<AttachmentKind> {
    let found = infer::get(head)?;
    AttachmentKind::from_code(found.extension())
}

/// The name shown for an upload: the last part of what the browser sent (some send a whole
/// Windows path), without control characters, at most `ATTACHMENT_NAME_MAX` characters; a
/// name that is empty after that becomes `file.{kind}`.
pub fn shown_name(sent: &str, kind: AttachmentKind) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(ATTACHMENT_NAME_MAX)
        .collect();
    let cleaned: String =
        unicode_normalization::UnicodeNormalization::nfc(cleaned.as_str()).collect();
    if cleaned.is_empty() {
        format!("file.{}", kind.code())
    } else {
        cleaned
    }
}

async fn contest_of(db: &impl ConnectionTrait, id: Uuid) -> ServiceResult<contest::Model> {
    contest::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

async fn count(db: &impl ConnectionTrait, entry_id: Uuid) -> ServiceResult<usize> {
    let n = attachment::Entity::find()
        .filter(attachment::Column::EntryId.eq(entry_id))
        .count(db)
        .await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

fn refuse_when_full(n: usize, rules: &AttachmentRules) -> ServiceResult<()> {
    if n >= rules.max_count {
        return Err(ServiceError::refused(Msg::AttachmentsFull {
            max: rules.max_count,
        }));
    }
    Ok(())
}

/// Whether `actor` may add a file to entry `code` now, and what the contest accepts. Asked
/// before the upload's body is read.
pub async fn target(db: &DatabaseConnection, actor: &Actor, code: &str) -> ServiceResult<Target> {
    let row = writable(db, actor, code).await?;
    let c = contest_of(db, row.contest_id).await?;
    require_open(&c, Utc::now())?;
    let rules = attachment_rules(&c);
    refuse_when_full(count(db, row.id).await?, &rules)?;
    Ok(Target {
        contest_id: c.id,
        rules,
    })
}

/// Records a file the edge has stored at `file_path(.., upload.id)`: the same checks as
/// `target` again, under the entry's lock (two uploads at once cannot pass the count), then
/// the row and its audit record.
pub async fn record(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    upload: Upload,
) -> ServiceResult<AttachmentView> {
    let txn = begin_write(db).await?;
    let row = writable(&txn, actor, code).await?;
    let c = contest_of(&txn, row.contest_id).await?;
    let now = Utc::now();
    require_open(&c, now)?;
    let rules = attachment_rules(&c);
    refuse_when_full(count(&txn, row.id).await?, &rules)?;
    if !rules.kinds.contains(&upload.kind) {
        return Err(ServiceError::refused(Msg::AttachmentKind {
            allowed: AttachmentKind::list_text(&rules.kinds),
        }));
    }
    let field = upload.field.trim().to_ascii_lowercase();
    if !field.is_empty()
        && !super::contests::form_of(&c)
            .iter()
            .any(|f| f.key == field && f.kind == FieldKind::File)
    {
        return Err(ServiceError::invalid("field", Msg::FileField));
    }
    let person = actor.id().ok_or(ServiceError::Unauthenticated)?;
    let name = shown_name(&upload.name, upload.kind);
    let saved = attachment::ActiveModel {
        id: Set(upload.id),
        entry_id: Set(row.id),
        contest_id: Set(c.id),
        name: Set(name.clone()),
        kind: Set(upload.kind.code().to_owned()),
        size: Set(i64::try_from(upload.size).unwrap_or(i64::MAX)),
        sha256: Set(upload.sha256.clone()),
        uploaded_by: Set(person),
        created_at: Set(now),
        field: Set(field.clone()),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        actor,
        Record::new("entry.attachment_added", "entry", row.id)
            .in_contest(c.id)
            .changes(
                Changes::new()
                    .set("attachment", upload.id)
                    .set("name", &name)
                    .set("field", &field)
                    .set("size", upload.size)
                    .set("sha256", &upload.sha256),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(view(saved, &c.time_zone))
}

/// Removes a file from an entry (its lead, while submissions are open). Answers the stored
/// file to delete once the transaction has committed.
pub async fn remove(
    db: &DatabaseConnection,
    actor: &Actor,
    data_dir: &Path,
    code: &str,
    id: Uuid,
) -> ServiceResult<PathBuf> {
    let txn = begin_write(db).await?;
    let row = writable(&txn, actor, code).await?;
    let c = contest_of(&txn, row.contest_id).await?;
    require_open(&c, Utc::now())?;
    let found = attachment::Entity::find_by_id(id)
        .filter(attachment::Column::EntryId.eq(row.id))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let name = found.name.clone();
    found.delete(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("entry.attachment_removed", "entry", row.id)
            .in_contest(c.id)
            .changes(Changes::new().set("attachment", id).set("name", &name)),
    )
    .await?;
    txn.commit().await?;
    Ok(file_path(data_dir, c.id, id))
}

/// The stored file of attachment `id` of entry `code`, for whoever may read the entry. An
/// attachment of another entry, or of an entry the actor may not read, is `NotFound`.
pub async fn open(
    db: &DatabaseConnection,
    actor: &Actor,
    data_dir: &Path,
    code: &str,
    id: Uuid,
) -> ServiceResult<StoredFile> {
    let row = readable(db, actor, code, false).await?;
    let found = attachment::Entity::find_by_id(id)
        .filter(attachment::Column::EntryId.eq(row.id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let kind = AttachmentKind::from_code(&found.kind)
        .ok_or_else(|| ServiceError::Internal(format!("stored kind {:?}", found.kind)))?;
    Ok(StoredFile {
        path: file_path(data_dir, found.contest_id, found.id),
        name: found.name,
        kind,
        size: found.size,
        entry_code: row.code,
    })
}

/// An entry's files, oldest first.
pub(crate) async fn of_entry(
    db: &impl ConnectionTrait,
    entry_id: Uuid,
    time_zone: &str,
) -> ServiceResult<Vec<AttachmentView>> {
    Ok(attachment::Entity::find()
        .filter(attachment::Column::EntryId.eq(entry_id))
        .order_by_asc(attachment::Column::CreatedAt)
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| view(a, time_zone))
        .collect())
}

/// The file questions of `form` that entry `entry_id` has a file for (no query when the
/// form asks for no file).
pub(crate) async fn answered_fields(
    db: &impl ConnectionTrait,
    form: &[FormField],
    entry_id: Uuid,
) -> ServiceResult<Vec<String>> {
    if !form.iter().any(|f| f.kind == FieldKind::File) {
        return Ok(Vec::new());
    }
    let rows = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::Field)
        .distinct()
        .filter(attachment::Column::EntryId.eq(entry_id))
        .filter(attachment::Column::Field.ne(""))
        .into_tuple::<String>()
        .all(db)
        .await?;
    Ok(rows)
}

fn view(a: attachment::Model, time_zone: &str) -> AttachmentView {
    AttachmentView {
        field: a.field,
        id: a.id,
        kind: AttachmentKind::from_code(&a.kind).unwrap_or(AttachmentKind::Pdf),
        name: a.name,
        size: a.size,
        uploaded: Zoned::new(a.created_at, time_zone),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_kind_is_read_from_its_content_not_its_name() {
        assert_eq!(
            sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
            Some(AttachmentKind::Pdf)
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(AttachmentKind::Png)
        );
        assert_eq!(
            sniff(b"\xff\xd8\xff\xe0\0\x10JFIF"),
            Some(AttachmentKind::Jpeg)
        );
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0"), None, "a Windows program");
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn a_shown_name_keeps_only_the_last_part_without_control_characters() {
        let pdf = AttachmentKind::Pdf;
        assert_eq!(shown_name("../../etc/passwd", pdf), "passwd");
        assert_eq!(shown_name("C:\\Users\\An\\Hồ sơ.pdf", pdf), "Hồ sơ.pdf");
        assert_eq!(shown_name("a\u{0}b\r\n.pdf", pdf), "ab.pdf");
        assert_eq!(shown_name("..", pdf), "file.pdf");
        assert_eq!(shown_name("", pdf), "file.pdf");
        assert_eq!(shown_name(&"x".repeat(500), pdf).chars().count(), 120);
    }

    #[test]
    fn files_are_stored_under_ids_only() {
        let contest = Uuid::nil();
        let id = Uuid::max();
        assert_eq!(
            file_path(Path::new("/data"), contest, id),
            PathBuf::from(format!("/data/attachments/{contest}/{id}"))
        );
    }
}
