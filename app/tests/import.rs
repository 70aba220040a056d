//! Entries imported from CSV against a real database, SQLite and PostgreSQL: a dry run
//! reports every bad line and creates nothing; an import is all or nothing; leads without an
//! account get one, not finished, and a mail.

mod common;

use app::model::EntryStatus;
use app::ssr::entities::{entry, outbox, user};
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::entry_import::import;
use common::entries::{CONTEST, open_contest, person};
use common::on_each_database;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const GOOD: &str = "\u{feff}title,category,lead_name,lead_email,summary,problem,solution,market,business_model,stage,members
Máy sấy nông sản,AG,Nguyễn Văn An,an@example.vn,Tóm tắt,Vấn đề,Giải pháp,Thị trường,Mô hình,prototype,Lê Văn Khoa <khoa@example.vn>; Hà Thu (HTX Hòa An)
Trà hoa vàng,AG,Hoàng Thị Mai,mai@truong-thpt.edu.vn,Tóm tắt,,,,,,
";

#[tokio::test]
async fn a_dry_run_names_every_bad_line_and_column_and_creates_nothing() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        let bad = "Tên ý tưởng,Lĩnh vực,lead_name,lead_email,Số điện thoại
Máy sấy,XX,Nguyễn Văn An,không-phải-email,0912
,AG,,mai@example.vn,
";
        let found = import(&db, &admin, CONTEST, bad, true, "http://x")
            .await
            .unwrap();
        assert!(!found.applied);
        assert_eq!(found.rows, 2);
        let problems: Vec<(u64, &str, &Msg)> = found
            .problems
            .iter()
            .map(|(l, c, m)| (*l, c.as_str(), m))
            .collect();
        assert_eq!(
            problems,
            [
                (1, "Số điện thoại", &Msg::ImportColumn),
                (
                    2,
                    "Lĩnh vực",
                    &Msg::UnknownCategories { codes: "XX".into() }
                ),
                (2, "lead_email", &Msg::Email),
                (3, "Tên ý tưởng", &Msg::Required),
                (3, "lead_name", &Msg::Name),
            ]
        );
        assert_eq!(entry::Entity::find().count(&db).await.unwrap(), 0);

        let ready = import(&db, &admin, CONTEST, GOOD, false, "http://x")
            .await
            .unwrap();
        assert!(
            ready.problems.is_empty() && !ready.applied,
            "{:?}",
            ready.problems
        );
        assert_eq!((ready.rows, ready.new_accounts), (2, 2));
        assert_eq!(entry::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(
            user::Entity::find().count(&db).await.unwrap(),
            1,
            "only the admin"
        );
    })
    .await;
}

#[tokio::test]
async fn an_import_creates_every_entry_with_its_lead_or_none() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        // An existing founder leads the first entry; the second lead has no account yet.
        let an = person(&db, "an@example.vn", "Nguyễn Văn An").await;
        let found = import(&db, &admin, CONTEST, GOOD, true, "http://x")
            .await
            .unwrap();
        assert!(found.applied, "{:?}", found.problems);
        assert_eq!(found.codes, ["LS25-0001", "LS25-0002"]);
        assert_eq!(found.new_accounts, 1);
        let first = app::ssr::services::entries::get(&db, &an, "LS25-0001")
            .await
            .unwrap();
        assert_eq!(first.status, EntryStatus::Submitted, "complete");
        assert_eq!(first.fields.members.len(), 2);
        assert_eq!(first.fields.members[0].email, "khoa@example.vn");
        assert_eq!(first.fields.members[1].organisation, "HTX Hòa An");
        let second = entry::Entity::find()
            .filter(entry::Column::Code.eq("LS25-0002"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(second.status, EntryStatus::Draft, "incomplete");
        let mai = user::Entity::find()
            .filter(user::Column::Email.eq("mai@truong-thpt.edu.vn"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(second.lead_id, mai.id);
        assert!(mai.email_confirmed_at.is_none() && mai.password_hash.is_empty());
        let mail = outbox::Entity::find()
            .filter(outbox::Column::Recipient.eq("mai@truong-thpt.edu.vn"))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(mail.len(), 1);
        // Not the sign-up mail: it says which contest recorded the entry and how long the
        // link lasts.
        assert!(mail[0].subject.contains("Lạng Sơn"), "{}", mail[0].subject);
        assert!(
            mail[0].body.contains("trong vòng 7 ngày"),
            "{}",
            mail[0].body
        );
        assert!(mail[0].body.contains("/confirm?token="), "{}", mail[0].body);
        // Kept by the clean-up of unfinished sign-ups while it leads an entry, however old.
        let mut older: user::ActiveModel = mai.clone().into();
        older.created_at = sea_orm::Set(chrono::Utc::now() - chrono::Duration::days(30));
        sea_orm::ActiveModelTrait::update(older, &db).await.unwrap();
        app::ssr::services::accounts::delete_unfinished_sign_ups(&db)
            .await
            .unwrap();
        assert!(
            user::Entity::find_by_id(mai.id)
                .one(&db)
                .await
                .unwrap()
                .is_some()
        );

        // A file with one bad line: nothing of it is created, and the numbering goes on.
        let mixed = format!("{GOOD}Thiếu email,AG,Lê Văn Khoa,,,,,,,,\n");
        let found = import(&db, &admin, CONTEST, &mixed, true, "http://x")
            .await
            .unwrap();
        assert!(!found.applied);
        assert_eq!(found.problems.len(), 1);
        assert_eq!(entry::Entity::find().count(&db).await.unwrap(), 2);

        // Only the committee imports.
        let refused = import(&db, &an, CONTEST, GOOD, true, "http://x").await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{refused:?}"
        );
    })
    .await;
}
