//! The fields of a contest that both its creation and its settings forms hold: names and
//! descriptions in both languages, and the time zone.

use crate::api::forms::Flash;
use crate::components::form::{invalid, typed};
use crate::error::AppError;
use crate::format::DEFAULT_TIME_ZONE;
use crate::i18n::*;
use crate::model::ContestSettings;
use crate::model::limits::{DESCRIPTION_MAX, TITLE_MAX};
use leptos::prelude::*;

/// Time zones offered first; any IANA name is accepted.
const TIME_ZONES: [&str; 6] = [
    DEFAULT_TIME_ZONE,
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "UTC",
];

/// Named `{prefix}[name_vi]` and so on (the server function's argument). Each shows what was
/// typed before a failed plain post, else `current`, else nothing (Vietnam's time zone).
#[component]
pub fn ContestFields(
    prefix: &'static str,
    flash: Option<Flash>,
    error: Signal<Option<AppError>>,
    #[prop(optional)] current: Option<ContestSettings>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = |field: &str, now: Option<&String>| {
        let typed = typed(&flash, &format!("{prefix}[{field}]"));
        match (&flash, now) {
            (None, Some(now)) => now.clone(),
            _ => typed,
        }
    };
    let c = current.as_ref();
    let name_vi = value("name_vi", c.map(|c| &c.name_vi));
    let name_en = value("name_en", c.map(|c| &c.name_en));
    let description_vi = value("description_vi", c.map(|c| &c.description_vi));
    let description_en = value("description_en", c.map(|c| &c.description_en));
    let time_zone = Some(value("time_zone", c.map(|c| &c.time_zone)))
        .filter(|tz| !tz.is_empty())
        .unwrap_or_else(|| DEFAULT_TIME_ZONE.to_owned());
    let id = move |field: &str| format!("{prefix}_{field}");
    let name = move |field: &str| format!("{prefix}[{field}]");
    view! {
        <label for=id("name_vi")>{t!(i18n, admin.name_vi)}</label>
        <input id=id("name_vi") name=name("name_vi") lang="vi" required maxlength=TITLE_MAX
            value=name_vi aria-invalid=invalid(error, "name_vi")/>
        <label for=id("name_en")>{t!(i18n, admin.name_en)}</label>
        <input id=id("name_en") name=name("name_en") lang="en" required maxlength=TITLE_MAX
            value=name_en aria-invalid=invalid(error, "name_en")/>
        <p class="hint" id=id("markdown_hint")>{t!(i18n, admin.markdown_hint)}</p>
        <label for=id("description_vi")>{t!(i18n, admin.description_vi)}</label>
        <textarea id=id("description_vi") name=name("description_vi") lang="vi" rows="8" maxlength=DESCRIPTION_MAX
            aria-describedby=id("markdown_hint") aria-invalid=invalid(error, "description_vi")>
            {crate::components::server_escaped(description_vi)}
        </textarea>
        <label for=id("description_en")>{t!(i18n, admin.description_en)}</label>
        <textarea id=id("description_en") name=name("description_en") lang="en" rows="8" maxlength=DESCRIPTION_MAX
            aria-describedby=id("markdown_hint") aria-invalid=invalid(error, "description_en")>
            {crate::components::server_escaped(description_en)}
        </textarea>
        <label for=id("time_zone")>{t!(i18n, admin.time_zone)}</label>
        <input id=id("time_zone") name=name("time_zone") list=id("time_zones") value=time_zone
            aria-invalid=invalid(error, "time_zone")/>
        <datalist id=id("time_zones")>
            {TIME_ZONES.iter().map(|tz| view! { <option value=*tz/> }).collect_view()}
        </datalist>
    }
}
