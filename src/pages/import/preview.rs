//! What an import would do, before anything is written: the counts, the first rows as they
//! will be imported, and every row in error with its line and reason.

use std::sync::Arc;

use clientele_domain::export::relationship_label;
use clientele_domain::import::{errors_csv, errors_file_name, Plan, RowKind};
use leptos::prelude::*;

use crate::browser;
use crate::i18n::{lang, msg, num, t};
use crate::state::{use_app_state, NoticeKind};

/// How many rows in error are listed on the page; the download has them all.
const ERRORS_LISTED: usize = 1_000;

#[component]
pub fn Preview(plan: Arc<Plan>, headers: Vec<String>, file_name: String) -> impl IntoView {
    let state = use_app_state();
    let counts = [
        ("import.counts.new", plan.new.len()),
        ("import.counts.updates", plan.updates.len()),
        ("import.counts.skipped", plan.skipped),
        ("import.counts.errors", plan.errors.len()),
    ];
    let errors = plan.clone();
    let download = move |_| {
        let bytes = errors_csv(&headers, &errors.errors, lang());
        if browser::download(
            &errors_file_name(&file_name),
            "text/csv;charset=utf-8",
            &bytes,
        )
        .is_err()
        {
            state.notify(NoticeKind::Error, t("customers.export_failed"));
        }
    };
    let kind = |k: RowKind| match k {
        RowKind::New => t("import.kind.new"),
        RowKind::Update => t("import.kind.update"),
        RowKind::Skipped => t("import.kind.skipped"),
        RowKind::Error => t("import.kind.error"),
    };
    let rows = plan
        .preview
        .iter()
        .map(|r| {
            let c = &r.customer;
            let relationship = if r.kind == RowKind::Error {
                ""
            } else {
                relationship_label(lang(), c.relationship)
            };
            view! {
                <tr class=if r.kind == RowKind::Error { "error-row" } else { "" }>
                    <td>{r.line}</td>
                    <td>{kind(r.kind)}</td>
                    <td>{c.company_name.clone()}</td>
                    <td>{c.primary_domain.clone()}</td>
                    <td>{relationship}</td>
                </tr>
            }
        })
        .collect_view();
    let listed = plan.errors.iter().take(ERRORS_LISTED).map(|p| view! {
        <li><span class="line">{crate::i18n::tf("import.errors.at_line", &[("line", &p.line.to_string())])}</span>" "{msg(&p.error.message())}</li>
    }).collect_view();
    let more = plan.errors.len().saturating_sub(ERRORS_LISTED);
    view! {
        <section aria-labelledby="import-counts-heading" class="import-counts">
            <h2 id="import-counts-heading">{t("import.counts.heading")}</h2>
            <dl>
                {counts.into_iter().map(|(key, n)| view! { <div><dt>{t(key)}</dt><dd>{num(n as i64)}</dd></div> }).collect_view()}
            </dl>
        </section>
        <section aria-labelledby="import-preview-heading" class="import-preview">
            <h2 id="import-preview-heading">{t("import.preview.heading")}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="import-preview-heading">
                <table>
                    <thead><tr>
                        <th scope="col">{t("import.preview.line")}</th>
                        <th scope="col">{t("import.preview.status")}</th>
                        <th scope="col">{t("import.field.company_name")}</th>
                        <th scope="col">{t("import.field.domain")}</th>
                        <th scope="col">{t("import.field.relationship")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        {(!plan.errors.is_empty()).then(|| view! {
            <section aria-labelledby="import-errors-heading" class="import-errors">
                <h2 id="import-errors-heading">{t("import.errors.heading")}</h2>
                <ul>{listed}</ul>
                {(more > 0).then(|| view! { <p>{crate::i18n::tf("import.errors.more", &[("n", &num(more as i64))])}</p> })}
                <button type="button" on:click=download>{t("import.errors.download")}</button>
            </section>
        })}
    }
}
