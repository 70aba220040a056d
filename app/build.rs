//! Generates the typed translation module from `locales/{vi,en}.json` (leptos_i18n). A key
//! missing from either language is a compile error, so no page can show a raw key.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::collections::BTreeSet;
use std::error::Error;
use std::path::PathBuf;

/// Every key path of a locale file (`invalid.email`, `rules.error.no_score_rows`).
fn keys(value: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let serde_json::Value::Object(map) = value {
        for (k, v) in map {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if v.is_object() {
                keys(v, &path, out);
            } else {
                out.insert(path);
            }
        }
    }
}

fn locale_keys(name: &str) -> Result<BTreeSet<String>, Box<dyn Error>> {
    let text = std::fs::read_to_string(format!("locales/{name}.json"))?;
    let mut out = BTreeSet::new();
    keys(&serde_json::from_str(&text)?, "", &mut out);
    Ok(out)
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    // leptos_i18n refuses a key missing from the default language (vi) but only warns about
    // one missing from English, which would then show Vietnamese: refuse both here.
    let (vi, en) = (locale_keys("vi")?, locale_keys("en")?);
    let missing: Vec<String> = vi
        .symmetric_difference(&en)
        .map(|k| {
            format!(
                "{k} ({})",
                if vi.contains(k) {
                    "missing in en.json"
                } else {
                    "missing in vi.json"
                }
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(format!("locale keys differ: {}", missing.join(", ")).into());
    }
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // Interpolation in plain strings is needed for mail and error messages.
    let cfg = Config::new("vi")?
        .add_locale("en")?
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
