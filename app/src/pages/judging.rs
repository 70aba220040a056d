//! `/judging`: a judge's workspace. For each contest they judge in, the page where they declare
//! conflicts; for each round with entries for them, its judging window in the contest's time
//! zone, how many of their sheets are submitted, and their entries in a fixed order with the
//! state of each sheet.

use crate::api::judging::judge_workspace;
use crate::components::{PageTitle, use_lang};
use crate::format;
use crate::i18n::*;
use crate::model::judging::WorkRound;
use crate::pages::errors::ErrorView;
use leptos::prelude::*;

#[component]
pub fn WorkspacePage() -> impl IntoView {
    let i18n = use_i18n();
    let work = Resource::new(|| (), |_| judge_workspace());
    view! {
        <PageTitle text=move |l| td_string!(l, judging.workspace_title).to_string()/>
        <h1>{t!(i18n, judging.workspace_title)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let work = match work.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(w) => w,
                };
                let lang = use_lang();
                view! {
                    <section aria-labelledby="my-contests">
                        <h2 id="my-contests">{t!(i18n, judging.my_contests)}</h2>
                        <ul class="plain">
                            {work.contests.iter().map(|c| view! {
                                <li>
                                    <a href=format!("/contests/{}", c.code)>{c.name(lang).to_owned()}</a>
                                    " · "
                                    <a href=format!("/judging/{}/conflicts", c.code)>{t!(i18n, judging.declare_link)}</a>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                    {work.rounds.is_empty().then(|| view! { <p class="empty">{t!(i18n, judging.nothing_assigned)}</p> })}
                    {work.rounds.into_iter().map(|r| view! { <RoundWork round=r/> }).collect_view()}
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
fn RoundWork(round: WorkRound) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let id = format!("work-{}-{}", round.contest_code, round.round.position);
    let contest = lang
        .pick(&round.contest_name_vi, &round.contest_name_en)
        .to_owned();
    let assigned = round.entries.len();
    let (contest_code, position) = (round.contest_code.clone(), round.round.position);
    let window = match (round.judging_opens_at, round.judging_closes_at) {
        (Some(open), Some(close)) => Some((
            format::date_time(open, lang),
            format::date_time(close, lang),
        )),
        _ => None,
    };
    view! {
        <section class="round-work" aria-labelledby=id.clone()>
            <h2 id=id.clone()>{round.round.name(lang).to_owned()}" · "{contest}</h2>
            <p class="progress-line">
                {t!(i18n, judging.progress, submitted = round.submitted, assigned = assigned)}
            </p>
            <progress max=assigned.to_string() value=round.submitted.to_string()></progress>
            {match window {
                Some((open, close)) => view! { <p class="meta">{t!(i18n, judging.window, open = open, close = close)}</p> }.into_any(),
                None => view! { <p class="meta">{t!(i18n, round.judging_not_set)}</p> }.into_any(),
            }}
            <ol class="work-list">
                {round.entries.into_iter().map(|e| {
                    let state = e.sheet.map_or_else(
                        || t_string!(i18n, judging.not_started).to_string(),
                        |s| crate::words::sheet_state(s, lang),
                    );
                    let category = e.category.map(|c| c.name(lang).to_owned());
                    view! {
                        <li>
                            <a href=format!("/judging/{}/rounds/{}/{}", contest_code, position, e.code)>
                                <span class="code">{e.code.clone()}</span>" · "{e.title}
                            </a>
                            {category.map(|c| view! { <span class="meta">" · "{c}</span> })}
                            " "<span class="badge">{state}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
