//! Contests: an administrator creates one; the public lists and reads them.

use super::{PageRequest, is_unique_violation};
use crate::api::contests::{ContestRole, ContestSummary, MyRole, NewContest};
use crate::ssr::entities::{contest, contest_role, user};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

pub const MAX_NAME: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;

/// A contest code is 2 to 32 ASCII letters, digits or dashes, starting with a letter or
/// digit; it is stored upper-case so links are case-insensitive.
pub fn normalize_code(raw: &str) -> ServiceResult<String> {
    let code = raw.trim().to_ascii_uppercase();
    let valid = (2..=32).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_alphanumeric())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(code)
    } else {
        Err(ServiceError::invalid("code", Msg::ContestCode))
    }
}

fn check_name(field: &'static str, raw: &str) -> ServiceResult<String> {
    let name =
        super::clean_line(raw).ok_or(ServiceError::invalid(field, Msg::ControlCharacters))?;
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(ServiceError::invalid(field, Msg::ContestName));
    }
    Ok(name)
}

fn check_description(field: &'static str, raw: &str) -> ServiceResult<String> {
    let text =
        super::clean_text(raw).ok_or(ServiceError::invalid(field, Msg::ControlCharacters))?;
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(ServiceError::invalid(field, Msg::Description));
    }
    Ok(text)
}

pub fn check_time_zone(raw: &str) -> ServiceResult<String> {
    let tz = raw.trim();
    tz.parse::<chrono_tz::Tz>()
        .map(|_| tz.to_owned())
        .map_err(|_| ServiceError::invalid("time_zone", Msg::TimeZone))
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &user::Model,
    input: NewContest,
) -> ServiceResult<ContestSummary> {
    if !actor.is_admin {
        return Err(ServiceError::Forbidden);
    }
    let row = contest::ActiveModel {
        id: Set(Uuid::now_v7()),
        code: Set(normalize_code(&input.code)?),
        name_vi: Set(check_name("name_vi", &input.name_vi)?),
        name_en: Set(check_name("name_en", &input.name_en)?),
        description_vi: Set(check_description("description_vi", &input.description_vi)?),
        description_en: Set(check_description("description_en", &input.description_en)?),
        time_zone: Set(check_time_zone(&input.time_zone)?),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
    };
    let saved = row.insert(db).await.map_err(|e| {
        if is_unique_violation(&e) {
            ServiceError::invalid("code", Msg::ContestCodeTaken)
        } else {
            e.into()
        }
    })?;
    Ok(summary(saved))
}

/// Newest first, one page at a time.
pub async fn list(
    db: &DatabaseConnection,
    page: PageRequest,
) -> ServiceResult<(Vec<ContestSummary>, u64)> {
    let total = contest::Entity::find().count(db).await?;
    let rows = contest::Entity::find()
        .order_by_desc(contest::Column::CreatedAt)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok((rows.into_iter().map(summary).collect(), total))
}

pub async fn by_code(db: &DatabaseConnection, code: &str) -> ServiceResult<ContestSummary> {
    let code = normalize_code(code).map_err(|_| ServiceError::NotFound)?;
    contest::Entity::find()
        .filter(contest::Column::Code.eq(code))
        .one(db)
        .await?
        .map(summary)
        .ok_or(ServiceError::NotFound)
}

/// The contests where the user is on the committee or the jury, with the role.
pub async fn roles_of(db: &DatabaseConnection, user_id: Uuid) -> ServiceResult<Vec<MyRole>> {
    let roles = contest_role::Entity::find()
        .filter(contest_role::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    if roles.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = roles.iter().map(|r| r.contest_id).collect();
    let contests: HashMap<Uuid, contest::Model> = contest::Entity::find()
        .filter(contest::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut mine: Vec<MyRole> = roles
        .into_iter()
        .filter_map(|r| {
            let c = contests.get(&r.contest_id)?;
            Some(MyRole {
                contest: summary(c.clone()),
                role: ContestRole::parse(&r.role)?,
                categories: r
                    .categories
                    .as_deref()
                    .and_then(|c| serde_json::from_str(c).ok())
                    .unwrap_or_default(),
            })
        })
        .collect();
    mine.sort_by(|a, b| a.contest.code.cmp(&b.contest.code));
    Ok(mine)
}

pub fn summary(c: contest::Model) -> ContestSummary {
    ContestSummary {
        id: c.id,
        code: c.code,
        name_vi: c.name_vi,
        name_en: c.name_en,
        description_vi: c.description_vi,
        description_en: c.description_en,
        created: crate::format::Zoned::new(c.created_at, &c.time_zone),
        time_zone: c.time_zone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contest_codes_are_upper_cased_and_limited_to_letters_digits_and_dashes() {
        assert_eq!(normalize_code(" ls-2025 ").unwrap(), "LS-2025");
        for bad in [
            "",
            "A",
            "-LS",
            "LS 2025",
            "LS_2025",
            "Lạng-Sơn",
            &"X".repeat(33),
        ] {
            assert!(normalize_code(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn time_zones_must_be_iana_names() {
        assert_eq!(
            check_time_zone("Asia/Ho_Chi_Minh").unwrap(),
            "Asia/Ho_Chi_Minh"
        );
        assert!(check_time_zone("GMT+7 Hà Nội").is_err());
    }
}
