//! `/contests/:code/rounds`: the contest's rounds with their rubrics, for everyone; for its
//! committee an editor per round (the rules file of docs/formats.md) with a live preview from
//! the engine, and a form to add a round.

use crate::api::contests::get_contest;
use crate::api::rounds::{
    RoundView, RulesPreview, SaveRound, SaveRubric, SetJudgingWindow, list_rounds, preview_rules,
};
use crate::app::Auth;
use crate::components::form::{FormError, action_error, flash_for, invalid, on_success, typed};
use crate::components::{PageTitle, server_escaped, use_lang};
use crate::domain::Lang;
use crate::format;
use crate::i18n::*;
use crate::model::CriterionForm;
use crate::model::PrizeView;
use crate::model::Role;
use crate::model::limits::TITLE_MAX;
use crate::pages::errors::ErrorView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Where a first round's rules start: a small valid file to adapt (docs/formats.md §1).
const STARTER_RULES: &str = r#"[round]
judges_per_entry = 3
aggregate = "mean"

[[criteria]]
key = "idea"
name = { vi = "Ý tưởng", en = "Idea" }
max_points = 50
step = 1

[[criteria]]
key = "team"
name = { vi = "Đội ngũ", en = "Team" }
max_points = 50
step = 1
"#;

#[component]
pub fn RoundsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    // Each form saves with its own action; any success reads the rounds again.
    let changed = RwSignal::new(0usize);
    let contest = Resource::new(code, get_contest);
    let rounds = Resource::new(
        move || (code(), changed.get()),
        |(code, _)| list_rounds(code),
    );
    let auth = expect_context::<Auth>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let c = match contest.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(c) => c,
                };
                let rounds = rounds.await.unwrap_or_default();
                let me = auth.me.await.ok().flatten();
                let manages = me.as_ref().is_some_and(|me| {
                    me.user.is_admin
                        || me.roles.iter().any(|r| r.contest.id == c.id && r.role == Role::Committee)
                });
                let lang = use_lang();
                let heading = td_string!(Locale::from(lang), round.title, contest = c.name(lang).to_owned()).to_string();
                let saved = query.read().get("saved");
                let contest_code = c.code.clone();
                // A new round starts from the last one's rules, or from a small example.
                let starter = RoundView {
                    position: 0,
                    name_vi: String::new(),
                    name_en: String::new(),
                    rules: rounds.last().map_or_else(|| STARTER_RULES.to_owned(), |r| r.rules.clone()),
                    preview: None,
                    judging_open: None,
                    judging_close: None,
                };
                view! {
                    <PageTitle text=move |_| heading.clone()/>
                    <p class="crumbs"><a href=format!("/contests/{}", c.code)>{c.name(lang).to_owned()}</a></p>
                    <h1>{td_string!(Locale::from(lang), round.title, contest = c.name(lang).to_owned()).to_string()}</h1>
                    {rounds.is_empty().then(|| view! { <p class="empty">{t!(i18n, round.none)}</p> })}
                    {rounds.into_iter().map(|r| {
                        let just_saved = saved.as_deref() == Some(r.position.to_string().as_str());
                        view! { <RoundSection round=r contest=contest_code.clone() manages=manages just_saved=just_saved changed=changed/> }
                    }).collect_view()}
                    {manages.then(|| view! {
                        <section aria-labelledby="add-round">
                            <h2 id="add-round">{t!(i18n, round.add)}</h2>
                            <RoundForm contest=contest_code.clone() position=None current=Some(starter.clone()) changed=changed/>
                        </section>
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// One round: its name, settings and rubric; the editor for the committee.
#[component]
fn RoundSection(
    round: RoundView,
    contest: String,
    manages: bool,
    just_saved: bool,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let id = format!("round-{}", round.position);
    let name = round.name(lang).to_owned();
    view! {
        <section id=id.clone() class="round" aria-labelledby=format!("{id}-name")>
            <h2 id=format!("{id}-name")>{td_string!(Locale::from(lang), round.numbered, n = round.position).to_string()}" · "{name}</h2>
            {just_saved.then(|| view! { <p class="notice" role="status">{t!(i18n, round.saved)}</p> })}
            {match (round.judging_open, round.judging_close) {
                (Some(open), Some(close)) => view! {
                    <p class="meta">{t!(i18n, round.judging_window, open = format::date_time(open, lang), close = format::date_time(close, lang))}</p>
                }.into_any(),
                _ => view! { <p class="meta">{t!(i18n, round.judging_not_set)}</p> }.into_any(),
            }}
            {round.preview.clone().map(|p| view! { <RubricTable preview=p/> })}
            {manages.then(|| view! {
                <p>
                    <a class="button secondary" href=format!("/contests/{contest}/rounds/{}/assignment", round.position)>{t!(i18n, judging.assign_link)}</a>" "
                    <a class="button secondary" href=format!("/contests/{contest}/rounds/{}/progress", round.position)>{t!(i18n, judging.progress_link)}</a>
                </p>
                <div class="editor">
                    <h3>{t!(i18n, round.edit)}</h3>
                    <JudgingForm contest=contest.clone() round=round.clone() changed=changed/>
                    {round.preview.clone().map(|p| view! {
                        <RubricForm contest=contest.clone() position=round.position preview=p changed=changed/>
                    })}
                    <RoundForm contest=contest.clone() position=Some(round.position) current=Some(round.clone()) changed=changed/>
                </div>
            })}
        </section>
    }
}

/// When judges may score the round; may change while the rules are locked.
#[component]
fn JudgingForm(contest: String, round: RoundView, changed: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetJudgingWindow>::new();
    on_success(action, move || changed.update(|n| *n += 1));
    let position = round.position;
    let local = |z: Option<format::Zoned>| z.map(format::local_input).unwrap_or_default();
    let (open, close) = (local(round.judging_open), local(round.judging_close));
    view! {
            <Suspense fallback=|| ()>
                {move || {
                    let (contest, open, close) = (contest.clone(), open.clone(), close.clone());
                    Suspend::new(async move {
                        let flash = flash_for::<SetJudgingWindow>().await
                            .filter(|f| f.field("position") == Some(position.to_string().as_str()));
                        let error = action_error(action, flash.clone());
                        let value = |name: &str, now: String| if flash.is_some() { typed(&flash, name) } else { now };
                        let (open, close) = (value("judging_open", open), value("judging_close", close));
                        let id = move |part: &str| format!("r{position}_{part}");
                        let refused = flash.is_some();
                        view! {
                            <details class="settings" open=refused>
                            <summary>{t!(i18n, round.judging_form)}</summary>
                            <ActionForm action=action attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="code" value=contest/>
                                <input type="hidden" name="position" value=position.to_string()/>
                                <div class="pair">
                                    <div class="field">
                                        <label for=id("judging_open")>{t!(i18n, round.judging_open)}</label>
                                        <input id=id("judging_open") name="judging_open" type="datetime-local"
                                            value=open aria-invalid=invalid(error, "judging_open")/>
                                    </div>
                                    <div class="field">
                                        <label for=id("judging_close")>{t!(i18n, round.judging_close)}</label>
                                        <input id=id("judging_close") name="judging_close" type="datetime-local"
                                            value=close aria-invalid=invalid(error, "judging_close")/>
                                    </div>
                                </div>
                                <button type="submit" class="button secondary">{t!(i18n, round.save_judging)}</button>
                            </ActionForm>
                            </details>
                        }
                    })
                }}
            </Suspense>
    }
}

/// The rubric as a table: each criterion with its range, step and weight; the rubric's
/// maximum; the round's main settings.
#[component]
fn RubricTable(preview: RulesPreview) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let n = |d| format::decimal(d, lang);
    let settings = td_string!(
        Locale::from(lang),
        round.settings,
        judges = preview.judges_per_entry,
        aggregate = crate::words::aggregate_name(&preview.aggregate, lang)
    )
    .to_string();
    view! {
        <p class="meta">{settings}{preview.is_final.then(|| view! { " · " {t!(i18n, round.final_round)} })}</p>
        <div class="table-wrap">
            <table class="rubric">
                <thead><tr>
                    <th scope="col">{t!(i18n, round.criterion)}</th>
                    <th scope="col">{t!(i18n, round.points)}</th>
                    <th scope="col">{t!(i18n, round.weight)}</th>
                    <th scope="col">{t!(i18n, round.counts_for)}</th>
                </tr></thead>
                <tbody>
                    {preview.criteria.iter().map(|c| {
                        let name = if lang == Lang::Vi { &c.name_vi } else { &c.name_en };
                        let name = if name.is_empty() { c.key.clone() } else { name.clone() };
                        let description = if lang == Lang::Vi { c.description_vi.clone() } else { c.description_en.clone() };
                        let range = td_string!(Locale::from(lang), round.range, min = n(c.min_points), max = n(c.max_points), step = n(c.step)).to_string();
                        view! {
                            <tr>
                                <td>{name}{(!c.required).then(|| view! { " " <span class="meta">{t!(i18n, round.optional)}</span> })}
                                    {(!description.is_empty()).then(|| view! { <br/><span class="meta">{description.clone()}</span> })}
                                    {(!c.levels.is_empty()).then(|| view! {
                                        <ul class="levels" aria-label=td_string!(Locale::from(lang), round.levels_caption).to_string()>
                                            {c.levels.iter().map(|l| view! {
                                                <li><span class="points">{format!("{}–{}", n(l.min), n(l.max))}</span>" "{l.text(lang).to_owned()}</li>
                                            }).collect_view()}
                                        </ul>
                                    })}</td>
                                <td>{range}</td>
                                <td>{"×"}{n(c.weight)}</td>
                                <td>{n(c.weight * c.max_points)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th scope="row" colspan="3">{t!(i18n, round.max_total)}</th>
                    <td><strong>{n(preview.max_total)}</strong></td>
                </tr></tfoot>
            </table>
        </div>
        <SampleSheet preview=preview.clone()/>
        <PrizeList prizes=preview.prizes.clone() per_category=preview.prizes_per_category/>
    }
}

/// The sheet a judge fills in for each entry, shown with the engine's sample scores (each
/// criterion at the middle of its range) and their weighted total; read-only.
#[component]
fn SampleSheet(preview: RulesPreview) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let n = move |d| format::decimal(d, lang);
    let total = td_string!(
        Locale::from(lang),
        round.sample_total,
        total = n(preview.sample_total),
        max = n(preview.max_total)
    )
    .to_string();
    view! {
        <details class="sample-sheet">
            <summary>{t!(i18n, round.sample_title)}</summary>
            <p class="hint">{t!(i18n, round.sample_hint)}</p>
            <fieldset class="stack" disabled>
                {preview.criteria.iter().zip(&preview.sample).map(|(c, score)| {
                    let name = lang.pick(&c.name_vi, &c.name_en);
                    let name = if name.is_empty() { c.key.clone() } else { name.to_owned() };
                    let range = td_string!(Locale::from(lang), round.range, min = n(c.min_points), max = n(c.max_points), step = n(c.step)).to_string();
                    let level = c.levels.iter().find(|l| l.min <= *score && *score <= l.max).map(|l| l.text(lang).to_owned());
                    view! {
                        <label>{name}" "<span class="meta">{range}</span>
                            <input type="number" readonly min=c.min_points.to_string() max=c.max_points.to_string()
                                step=c.step.to_string() value=score.to_string()/>
                        </label>
                        {level.map(|l| view! { <p class="hint">{l}</p> })}
                    }
                }).collect_view()}
            </fieldset>
            <p><strong>{total}</strong></p>
        </details>
    }
}

/// A final round's prizes, best first: how many of each, and any lowest score.
#[component]
pub fn PrizeList(prizes: Vec<PrizeView>, per_category: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    (!prizes.is_empty()).then(|| view! {
        <h3 class="prizes-title" id="prizes">{t!(i18n, round.prizes)}</h3>
        <p class="meta">{move || if per_category { t_string!(i18n, round.prizes_per_category) } else { t_string!(i18n, round.prizes_overall) }}</p>
        <ul class="prizes">
            {prizes.iter().map(|p| {
                let line = match p.min_score {
                    Some(min) => td_string!(Locale::from(lang), round.prize_min, count = p.count, min = format::decimal(min, lang)).to_string(),
                    None => td_string!(Locale::from(lang), round.prize_count, count = p.count).to_string(),
                };
                view! { <li><strong>{p.name(lang).to_owned()}</strong>": "{line}</li> }
            }).collect_view()}
        </ul>
    })
}

/// Names and rules of a round, checked by the engine on save; with JavaScript the preview
/// follows the rules as they are typed.
#[component]
fn RoundForm(
    contest: String,
    /// The round edited; `None` for a new one.
    position: Option<i32>,
    current: Option<RoundView>,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SaveRound>::new();
    on_success(action, move || changed.update(|n| *n += 1));
    let prefix = format!("r{}", position.unwrap_or(0));
    let typed_rules = RwSignal::new(
        current
            .as_ref()
            .map(|r| r.rules.clone())
            .unwrap_or_default(),
    );
    let preview = Resource::new(
        move || typed_rules.get(),
        |rules| async move {
            if rules.trim().is_empty() {
                None
            } else {
                Some(preview_rules(rules).await)
            }
        },
    );
    let timer = StoredValue::new(None::<TimeoutHandle>);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (contest, prefix, current) = (contest.clone(), prefix.clone(), current.clone());
                Suspend::new(async move {
                    // A failed plain post comes back to the form it came from.
                    let flash = flash_for::<SaveRound>().await.filter(|f| {
                        f.field("position").and_then(|p| p.parse().ok()) == position
                    });
                    let error = action_error(action, flash.clone());
                    let value = |field: &str, now: Option<&String>| match (&flash, now) {
                        (None, Some(now)) => now.clone(),
                        _ => typed(&flash, &format!("round[{field}]")),
                    };
                    let c = current.as_ref();
                    let name_vi = value("name_vi", c.map(|c| &c.name_vi));
                    let name_en = value("name_en", c.map(|c| &c.name_en));
                    let rules = value("rules", c.map(|c| &c.rules));
                    let id = move |f: &str| format!("{prefix}_{f}");
                    view! {
                        <ActionForm action=action attr:class="stack" attr:novalidate=true>
                            <FormError error=error/>
                            <input type="hidden" name="code" value=contest/>
                            {position.map(|p| view! { <input type="hidden" name="position" value=p.to_string()/> })}
                            <label for=id("name_vi")>{t!(i18n, admin.name_vi)}</label>
                            <input id=id("name_vi") name="round[name_vi]" lang="vi" maxlength=TITLE_MAX value=name_vi aria-invalid=invalid(error, "name_vi")/>
                            <label for=id("name_en")>{t!(i18n, admin.name_en)}</label>
                            <input id=id("name_en") name="round[name_en]" lang="en" maxlength=TITLE_MAX value=name_en aria-invalid=invalid(error, "name_en")/>
                            <label for=id("rules")>{t!(i18n, round.rules)}</label>
                            <p class="hint" id=id("rules_hint")>{t!(i18n, round.rules_hint)}</p>
                            <textarea id=id("rules") name="round[rules]" rows="18" class="code" spellcheck="false"
                                aria-describedby=id("rules_hint") aria-invalid=invalid(error, "rules")
                                on:input=move |ev| {
                                    let text = event_target_value(&ev);
                                    if let Some(t) = timer.get_value() { t.clear(); }
                                    timer.set_value(set_timeout_with_handle(move || typed_rules.set(text.clone()), std::time::Duration::from_millis(600)).ok());
                                }>{server_escaped(rules)}</textarea>
                            <div class="preview" aria-live="polite">
                                <Suspense fallback=|| ()>
                                    {move || Suspend::new(async move {
                                        match preview.await {
                                            Some(Ok(p)) => view! { <p class="meta">{t!(i18n, round.preview)}</p><RubricTable preview=p/> }.into_any(),
                                            Some(Err(e)) => view! { <p class="field-error">{e.message}</p> }.into_any(),
                                            None => ().into_any(),
                                        }
                                    })}
                                </Suspense>
                            </div>
                            <button type="submit" class="button">{t!(i18n, form.save)}</button>
                        </ActionForm>
                    }
                })
            }}
        </Suspense>
    }
}

/// The rubric as rows, for the committee: each criterion's key, names, descriptions, points,
/// step, weight and whether it is required; two blank rows add criteria, a row left blank is
/// dropped. Saved through the engine like the rules text.
#[component]
fn RubricForm(
    contest: String,
    position: i32,
    preview: RulesPreview,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SaveRubric>::new();
    on_success(action, move || changed.update(|n| *n += 1));
    let lang = use_lang();
    let n = move |d| format::decimal(d, lang);
    let mut rows: Vec<CriterionForm> = preview
        .criteria
        .iter()
        .map(|c| CriterionForm {
            key: c.key.clone(),
            name_vi: c.name_vi.clone(),
            name_en: c.name_en.clone(),
            description_vi: c.description_vi.clone(),
            description_en: c.description_en.clone(),
            min_points: n(c.min_points),
            max_points: n(c.max_points),
            step: n(c.step),
            weight: n(c.weight),
            required: c.required.then(|| "on".to_owned()),
            levels: CriterionForm::levels_text(&c.levels),
        })
        .collect();
    rows.push(CriterionForm::default());
    rows.push(CriterionForm::default());
    let shown = rows.len();
    view! {
            <Suspense fallback=|| ()>
            {move || {
            let (contest, rows) = (contest.clone(), rows.clone());
            Suspend::new(async move {
            // After a refused plain post of this round's form: the rows as typed.
            let flash = flash_for::<SaveRubric>()
                .await
                .filter(|f| f.field("position") == Some(position.to_string().as_str()));
            let error = action_error(action, flash.clone());
            let rows: Vec<CriterionForm> = match &flash {
                Some(_) => (0..shown).map(|i| typed_criterion(&flash, i)).collect(),
                None => rows,
            };
            let refused = flash.is_some();
            view! {
            <details class="settings" open=refused>
            <summary>{t!(i18n, round.rubric_form)}</summary>
            <ActionForm action=action attr:class="stack rubric-form" attr:novalidate=true>
                <FormError error=error/>
                <p class="hint">{t!(i18n, round.rubric_form_hint)}</p>
                <input type="hidden" name="code" value=contest.clone()/>
                <input type="hidden" name="position" value=position.to_string()/>
                {rows.into_iter().enumerate().map(|(i, r)| {
                    let f = move |field: &str| format!("criteria[{i}][{field}]");
                    let id = move |field: &str| format!("r{position}_c{i}_{field}");
                    let text = move |field: &'static str, label: String, value: String, mode: &'static str| view! {
                        <div class="field">
                            <label for=id(field)>{label}</label>
                            <input id=id(field) name=f(field) value=value inputmode=mode
                                aria-invalid=invalid(error, format!("criteria[{i}].{field}"))/>
                        </div>
                    };
                    let l = Locale::from(lang);
                    view! {
                        <fieldset class="criterion">
                            <legend>{td_string!(l, round.criterion_n, n = i + 1).to_string()}</legend>
                            <div class="pair">
                                {text("key", td_string!(l, round.key).to_string(), r.key.clone(), "text")}
                                {text("weight", td_string!(l, round.weight).to_string(), r.weight.clone(), "decimal")}
                            </div>
                            <div class="pair">
                                {text("name_vi", td_string!(l, admin.name_vi).to_string(), r.name_vi.clone(), "text")}
                                {text("name_en", td_string!(l, admin.name_en).to_string(), r.name_en.clone(), "text")}
                            </div>
                            <div class="pair">
                                {text("description_vi", td_string!(l, round.description_vi).to_string(), r.description_vi.clone(), "text")}
                                {text("description_en", td_string!(l, round.description_en).to_string(), r.description_en.clone(), "text")}
                            </div>
                            <div class="pair">
                                {text("min_points", td_string!(l, round.min_points).to_string(), r.min_points.clone(), "decimal")}
                                {text("max_points", td_string!(l, round.max_points).to_string(), r.max_points.clone(), "decimal")}
                                {text("step", td_string!(l, round.step).to_string(), r.step.clone(), "decimal")}
                            </div>
                            <label for=id("levels")>{t!(i18n, round.levels)}</label>
                            <textarea id=id("levels") name=f("levels") rows="3"
                                aria-invalid=invalid(error, format!("criteria[{i}].levels"))>{server_escaped(r.levels.clone())}</textarea>
                            <label class="check">
                                <input type="checkbox" name=f("required") value="on" checked=r.required.is_some() || r.is_blank()/>
                                {t!(i18n, round.required)}
                            </label>
                        </fieldset>
                    }
                }).collect_view()}
                <button type="submit" class="button">{t!(i18n, round.save_rubric)}</button>
            </ActionForm>
            </details>
            }
            })
            }}
            </Suspense>
    }
}

/// Criterion row `i` as a failed plain post typed it.
fn typed_criterion(flash: &Option<crate::api::forms::Flash>, i: usize) -> CriterionForm {
    let get = |field: &str| typed(flash, &format!("criteria[{i}][{field}]"));
    let required = get("required");
    CriterionForm {
        key: get("key"),
        name_vi: get("name_vi"),
        name_en: get("name_en"),
        description_vi: get("description_vi"),
        description_en: get("description_en"),
        min_points: get("min_points"),
        max_points: get("max_points"),
        step: get("step"),
        weight: get("weight"),
        required: (!required.is_empty()).then_some(required),
        levels: get("levels"),
    }
}
