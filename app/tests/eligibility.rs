//! Eligibility against a real database, SQLite and PostgreSQL: the committee's rules checked
//! on every entry whenever it or the rules change, each check with what it found, entries per
//! person counted across teams, and the committee's decision with its reason.

mod common;

use app::model::eligibility::{Eligibility, Outcome, Rule};
use app::model::{EligibilityForm, EntryFields, EntryFilter, MemberFields, Role};
use app::ssr::actor::Actor;
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::{PageRequest, eligibility, entries};
use common::entries::{CONTEST, complete, open_contest, person};
use common::on_each_database;
use sea_orm::DatabaseConnection;

/// The rules of a provincial contest: 18 to 35 on 1 June 2025, from Lạng Sơn, teams of at
/// most 3, a person in at most one entry.
fn provincial() -> EligibilityForm {
    EligibilityForm {
        age_min: "18".into(),
        age_max: "35".into(),
        age_on: "2025-06-01".into(),
        provinces: "Lạng Sơn".into(),
        team_max: "3".into(),
        entries_per_person_max: "1".into(),
        ..Default::default()
    }
}

fn with(fields: EntryFields, born: &str, province: &str) -> EntryFields {
    EntryFields {
        birth_date: born.into(),
        province: province.into(),
        ..fields
    }
}

/// Starts and saves an entry for `lead`; answers its code.
async fn entry(db: &DatabaseConnection, lead: &Actor, fields: EntryFields) -> String {
    let code = entries::start(db, lead, CONTEST).await.unwrap();
    entries::save(db, lead, &code, 1, fields, false)
        .await
        .unwrap();
    code
}

async fn counted(db: &DatabaseConnection, actor: &Actor, e: Eligibility) -> u64 {
    let filter = EntryFilter {
        eligibility: Some(e.code().into()),
        ..Default::default()
    };
    entries::list(db, actor, CONTEST, &filter, PageRequest::new(None, 50))
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn each_check_says_what_it_found_and_the_committee_filters_by_the_outcome() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        eligibility::set_rules(&db, &admin, CONTEST, provincial())
            .await
            .unwrap();
        let an = person(&db, "an@example.vn", "Nguyễn Văn An").await;
        let binh = person(&db, "binh@example.vn", "Trần Thị Bình").await;
        let chi = person(&db, "chi@example.vn", "Lê Minh Chi").await;
        let fits = entry(
            &db,
            &an,
            with(complete("Máy sấy", "AG"), "1995-01-01", "lang son"),
        )
        .await;
        let old = entry(
            &db,
            &binh,
            with(complete("Trà hoa vàng", "AG"), "1980-05-02", "Lạng Sơn"),
        )
        .await;
        let unsaid = entry(
            &db,
            &chi,
            with(complete("Homestay", "IT"), "2000-01-01", ""),
        )
        .await;

        let seen = entries::get(&db, &an, &fits).await.unwrap();
        assert_eq!(seen.eligibility.automatic, Eligibility::Eligible);
        assert_eq!(
            seen.eligibility
                .checks
                .iter()
                .map(|c| (c.rule, c.outcome, c.found.as_str()))
                .collect::<Vec<_>>(),
            [
                (Rule::Age, Outcome::Pass, "30"),
                (Rule::Province, Outcome::Pass, "lang son"),
                (Rule::TeamSize, Outcome::Pass, "1"),
                (Rule::EntriesPerPerson, Outcome::Pass, "Nguyễn Văn An: 1"),
            ]
        );
        let old_seen = entries::get(&db, &binh, &old).await.unwrap();
        assert_eq!(old_seen.eligibility.automatic, Eligibility::Ineligible);
        assert_eq!(old_seen.eligibility.checks[0].found, "45");
        let unsaid_seen = entries::get(&db, &chi, &unsaid).await.unwrap();
        assert_eq!(unsaid_seen.eligibility.automatic, Eligibility::Unknown);
        assert!(
            !unsaid_seen.decidable,
            "a lead does not decide on their own entry"
        );

        assert_eq!(counted(&db, &admin, Eligibility::Eligible).await, 1);
        assert_eq!(counted(&db, &admin, Eligibility::Ineligible).await, 1);
        assert_eq!(counted(&db, &admin, Eligibility::Unknown).await, 1);

        // Loosened rules check every entry again.
        let looser = app::model::EligibilityForm {
            age_max: String::new(),
            provinces: String::new(),
            ..provincial()
        };
        eligibility::set_rules(&db, &admin, CONTEST, looser)
            .await
            .unwrap();
        assert_eq!(counted(&db, &admin, Eligibility::Eligible).await, 3);

        // A date of birth in the future, or not a date, is refused on the field.
        let refused = entries::save(
            &db,
            &an,
            &fits,
            2,
            with(complete("Máy sấy", "AG"), "2999-01-01", "Lạng Sơn"),
            false,
        )
        .await;
        match refused {
            Err(ServiceError::Invalid(p)) => {
                assert_eq!(p[0].path.as_deref(), Some("birth_date"));
                assert_eq!(p[0].msg, Msg::Date);
            }
            other => panic!("{other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_person_in_too_many_entries_makes_each_of_them_ineligible_until_one_is_withdrawn() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        eligibility::set_rules(&db, &admin, CONTEST, provincial())
            .await
            .unwrap();
        let an = person(&db, "an@example.vn", "Nguyễn Văn An").await;
        let binh = person(&db, "binh@example.vn", "Trần Thị Bình").await;
        let team = EntryFields {
            members: vec![MemberFields {
                name: "Trần Thị Bình".into(),
                email: "BINH@example.vn".into(),
                ..Default::default()
            }],
            ..with(complete("Máy sấy", "AG"), "1995-01-01", "Lạng Sơn")
        };
        let first = entry(&db, &an, team).await;
        let second = entry(
            &db,
            &binh,
            with(complete("Trà", "AG"), "1996-01-01", "Lạng Sơn"),
        )
        .await;
        for (who, code) in [(&an, &first), (&binh, &second)] {
            let seen = entries::get(&db, who, code).await.unwrap();
            let busiest = seen
                .eligibility
                .checks
                .iter()
                .find(|c| c.rule == Rule::EntriesPerPerson)
                .unwrap();
            assert_eq!(busiest.outcome, Outcome::Fail, "{code}");
            assert_eq!(busiest.found, "Trần Thị Bình: 2");
        }
        assert_eq!(counted(&db, &admin, Eligibility::Ineligible).await, 2);

        entries::withdraw(&db, &binh, &second).await.unwrap();
        let seen = entries::get(&db, &an, &first).await.unwrap();
        assert_eq!(seen.eligibility.automatic, Eligibility::Eligible);
        // Both are now checked as fitting (the status tells the withdrawn one apart).
        assert_eq!(counted(&db, &admin, Eligibility::Eligible).await, 2);
        assert_eq!(counted(&db, &admin, Eligibility::Ineligible).await, 0);
    })
    .await;
}

#[tokio::test]
async fn the_committee_decides_or_disqualifies_with_a_reason_the_team_reads() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        eligibility::set_rules(&db, &admin, CONTEST, provincial())
            .await
            .unwrap();
        let an = person(&db, "an@example.vn", "Nguyễn Văn An").await;
        let code = entry(
            &db,
            &an,
            with(complete("Máy sấy", "AG"), "1980-01-01", "Lạng Sơn"),
        )
        .await;
        let sub_it = common::member_of(
            &db,
            &admin,
            CONTEST,
            Role::SubCommittee,
            "IT",
            "it@example.vn",
        )
        .await;
        let sub_ag = common::member_of(
            &db,
            &admin,
            CONTEST,
            Role::SubCommittee,
            "AG",
            "ag@example.vn",
        )
        .await;

        // The lead may not; another category's sub-committee cannot even see it; a reason is
        // needed.
        let lead = eligibility::decide(&db, &an, &code, "eligible", "Tôi đủ tuổi.").await;
        assert!(matches!(lead, Err(ServiceError::Forbidden)), "{lead:?}");
        let other = eligibility::decide(&db, &sub_it, &code, "eligible", "x").await;
        assert!(matches!(other, Err(ServiceError::NotFound)), "{other:?}");
        let bare = eligibility::decide(&db, &sub_ag, &code, "eligible", "  ").await;
        assert!(matches!(&bare, Err(ServiceError::Invalid(p)) if p[0].msg == Msg::Reason));
        let odd = eligibility::decide(&db, &sub_ag, &code, "unknown", "x").await;
        assert!(matches!(&odd, Err(ServiceError::Invalid(p)) if p[0].msg == Msg::Decision));

        eligibility::decide(
            &db,
            &sub_ag,
            &code,
            "eligible",
            "Giấy khai sinh bản gốc cho thấy trưởng nhóm sinh năm 1990.",
        )
        .await
        .unwrap();
        let seen = entries::get(&db, &an, &code).await.unwrap();
        assert_eq!(seen.eligibility.automatic, Eligibility::Ineligible);
        assert_eq!(seen.eligibility.effective(), Eligibility::Eligible);
        let decision = seen.eligibility.decision.unwrap();
        assert!(decision.reason.contains("sinh năm 1990"));
        assert_eq!(counted(&db, &admin, Eligibility::Eligible).await, 1);

        eligibility::decide(&db, &admin, &code, "disqualified", "Ý tưởng sao chép.")
            .await
            .unwrap();
        assert_eq!(counted(&db, &admin, Eligibility::Disqualified).await, 1);
        eligibility::decide(&db, &admin, &code, "automatic", "Xét lại theo hồ sơ.")
            .await
            .unwrap();
        let seen = entries::get(&db, &an, &code).await.unwrap();
        assert_eq!(seen.eligibility.effective(), Eligibility::Ineligible);
        assert!(seen.eligibility.decision.is_none());
    })
    .await;
}
