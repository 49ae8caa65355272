//! The invitation form: language, provider and DAP, the recipient, the email as edited with
//! its link guard, and opening, copying or recording it.

use clientele_domain::activity::Action;
use clientele_domain::book::Change;
use clientele_domain::guid::Guid;
use clientele_domain::invite::{
    check_recipient, clipboard_text, invite_kinds, link_status, mailto_fits, mailto_url,
    restore_link, InviteKind, Language, LinkStatus,
};
use clientele_domain::model::ResellerId;
use clientele_domain::settings::{PartnerKind, Settings};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::state::{Invite, Saved};
use crate::browser::{self, focus_soon};
use crate::components::field::TextField;
use crate::hooks::{kept_draft, spawn_busy, use_local_draft, Keep};
use crate::i18n::{msg, t, tf};
use crate::state::{use_app_state, NoticeKind};

/// Where the page's state is kept between reloads (this browser only); cleared on Done.
const DRAFT_KEY: &str = crate::keys::DRAFT_INVITE;
const BODY_ID: &str = "invite-body";

#[component]
pub(super) fn InviteForm(settings: Settings, tenant: Guid) -> impl IntoView {
    let state = use_app_state();
    let kinds = invite_kinds(settings.partner.kind, &settings.resellers);
    let joint = settings.partner.kind == PartnerKind::IndirectReseller;
    let providers: Vec<(String, String)> = settings
        .resellers
        .iter()
        .map(|r| (r.id.to_string(), r.name.clone()))
        .collect();
    let invite = Invite {
        tenant: StoredValue::new(tenant),
        partner_name: StoredValue::new(settings.partner.display_name.clone()),
        kinds: StoredValue::new(kinds),
        // The email is drafted in the UI's language unless the user picks another.
        lang: RwSignal::new(crate::i18n::lang()),
        dap: RwSignal::new(true),
        provider: RwSignal::new(None),
        recipient: RwSignal::new(String::new()),
        subject: RwSignal::new(String::new()),
        body: RwSignal::new(String::new()),
        ask_replace: RwSignal::new(false),
    };
    let listed = move |p: Option<ResellerId>| {
        p.filter(|id| invite.kind(&Some(id.clone())) != InviteKind::Reseller)
    };
    match kept_draft::<Saved>(DRAFT_KEY) {
        Some(s) => {
            invite.lang.set(s.lang);
            invite.dap.set(s.dap);
            invite.provider.set(listed(s.provider));
            invite.recipient.set(s.recipient);
            invite.subject.set(s.subject);
            invite.body.set(s.body);
        }
        None => untrack(|| invite.replace_text()),
    }
    // A link from Settings ("Invite new customers") or a shared address picks the provider
    // and language, as if chosen on the page.
    let query = use_query_map();
    let (wanted_provider, wanted_lang) = query.with_untracked(|q| {
        (
            q.get("provider").and_then(|p| ResellerId::parse(&p).ok()),
            q.get("lang").and_then(|l| Language::from_code(&l)),
        )
    });
    invite.choose(|c| {
        c.lang = wanted_lang.unwrap_or(c.lang);
        if let Some(p) = listed(wanted_provider) {
            c.provider = Some(p);
        }
    });

    // The address follows the choice, so a reload does not go back to the one linked to.
    let navigate = use_navigate();
    Effect::new(move |first: Option<()>| {
        let c = invite.choice();
        if first.is_some() {
            let mut params = Vec::new();
            if let Some(p) = &c.provider {
                params.push(format!("provider={p}"));
            }
            if c.lang != crate::i18n::lang() {
                params.push(format!("lang={}", c.lang.code()));
            }
            let url = if params.is_empty() {
                "/customers/invite".to_string()
            } else {
                format!("/customers/invite?{}", params.join("&"))
            };
            let options = NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            };
            navigate(&url, options);
        }
    });

    // Keep everything for a reload; say so if the browser refuses.
    let kept = use_local_draft(DRAFT_KEY, move || Keep::Write(invite.saved()));
    let keep_problem = move || {
        kept.error
            .get()
            .map(|why| tf("invite.not_kept", &[("why", &why)]))
    };

    let link = Memo::new(move |_| invite.link_for(&invite.choice()));
    let status = Memo::new(move |_| link.with(|l| invite.body.with(|b| link_status(b, l))));
    let link_ok = move || status.get() == LinkStatus::Present;
    let recipient_checked = Memo::new(move |_| invite.recipient.with(|r| check_recipient(r)));
    // Its message waits until the user leaves the field (or comes back to a kept draft).
    let recipient_touched = RwSignal::new(!invite.recipient.with_untracked(String::is_empty));
    let recipient_error = Signal::derive(move || {
        if recipient_touched.get() {
            recipient_checked.get().err().map(|m| msg(&m))
        } else {
            None
        }
    });
    // The mailto: URL, or why "Open in email" is off. One memo for both: attributes that
    // read a memo and another memo derived from it can miss an update (reactive_graph
    // 0.2.16: the derived one, checked first, refreshes the other without flagging them).
    let open = Memo::new(move |_| {
        if !link_ok() {
            return Err(t("invite.open.restore_first"));
        }
        if recipient_checked.with(Result::is_err) {
            return Err(t("invite.open.fix_recipient"));
        }
        let url = invite.recipient.with(|to| {
            invite
                .subject
                .with(|s| invite.body.with(|b| mailto_url(to, s, b)))
        });
        if mailto_fits(&url) {
            Ok(url)
        } else {
            Err(t("invite.open.too_long"))
        }
    });
    let open_off = move || open.with(Result::is_err);

    // A confirmation is about the text as it was copied: the subject and body then, and what
    // to say while they are unchanged.
    let copied = RwSignal::new(None::<(String, String, &'static str)>);
    let copied_note = move || {
        copied.with(|c| match c {
            Some((subject, body, note))
                if invite.subject.with(|s| s == subject) && invite.body.with(|b| b == body) =>
            {
                *note
            }
            _ => "",
        })
    };
    let copy = move |text: String, done: &'static str| {
        let shown = (invite.subject.get_untracked(), invite.body.get_untracked());
        spawn_local(async move {
            let note = if browser::copy_text(&text).await {
                done
            } else {
                t("invite.copy.failed")
            };
            copied.set(Some((shown.0, shown.1, note)));
        });
    };
    let copy_email = move |_| {
        let text = invite
            .subject
            .with_untracked(|s| invite.body.with_untracked(|b| clipboard_text(s, b)));
        copy(text, t("invite.copy.done"));
    };
    let restore = move |_| {
        let l = link.get_untracked();
        invite.body.update(|b| *b = restore_link(b, &l));
        focus_soon(BODY_ID);
    };

    let busy = RwSignal::new(false);
    let done_error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let done = move |_| {
        let details = invite.details();
        let navigate = navigate.clone();
        done_error.set(None);
        let change = Change::Record {
            action: Action::InvitationDrafted,
            customer_id: None,
            details,
        };
        spawn_busy(
            busy,
            async move { state.apply(change).await },
            move |result| match result {
                Ok(()) => {
                    if let Err(why) = kept.forget.run(()) {
                        state.notify(
                            NoticeKind::Error,
                            tf("invite.done.not_cleared", &[("why", &why)]),
                        );
                    }
                    state.notify(NoticeKind::Info, t("invite.done.recorded"));
                    navigate("/customers", Default::default());
                }
                Err(e) => {
                    done_error.set(Some(tf("invite.done.failed", &[("why", &e.to_string())])))
                }
            },
        );
    };

    let no_error = Signal::stored(None::<String>);
    let Invite {
        lang,
        dap,
        provider,
        recipient,
        subject,
        body,
        ask_replace,
        ..
    } = invite;
    view! {
        <div class="invite">
            <p class="lede">{t("invite.lede")}</p>
            <p class="error" role="alert">{keep_problem}</p>
            <div class="invite-options">
                <div class="field">
                    <label for="invite-lang">{t("invite.email_language")}</label>
                    <select id="invite-lang" on:change=move |ev| {
                        if let Some(l) = Language::from_code(&event_target_value(&ev)) {
                            invite.choose(|c| c.lang = l);
                        }
                    }>
                        {Language::ALL.into_iter().map(|l| view! {
                            <option value=l.code() lang=l.code() prop:selected=move || lang.get() == l>{l.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {joint.then(|| view! {
                    <div class="field">
                        <label for="invite-provider">{t("invite.provider")}</label>
                        <select id="invite-provider" on:change=move |ev| {
                            let p = ResellerId::parse(&event_target_value(&ev)).ok();
                            invite.choose(|c| c.provider = p);
                        }>
                            <option value="" prop:selected=move || provider.with(Option::is_none)>{t("invite.provider.none")}</option>
                            {providers.into_iter().map(|(id, name)| {
                                let mine = id.clone();
                                view! { <option value=id prop:selected=move || provider.with(|p| p.as_ref().map(|p| p.as_str()) == Some(mine.as_str()))>{name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <label class="check">
                    <input type="checkbox" prop:checked=move || dap.get()
                        on:change=move |ev| { let on = event_target_checked(&ev); invite.choose(|c| c.dap = on) } />
                    {t("invite.dap")}
                </label>
                <div on:focusout=move |_| recipient_touched.set(true)>
                    <TextField id="invite-recipient" label=t("invite.recipient") value=recipient error=recipient_error
                        hint=t("invite.recipient.hint") input_type="email" autocomplete="off" />
                </div>
            </div>
            <Show when=move || ask_replace.get()>
                <div class="confirm-inline" role="alert">
                    <p>{t("invite.replace.question")}</p>
                    <button type="button" on:click=move |_| { invite.replace_text(); focus_soon(BODY_ID) }>{t("invite.replace.yes")}</button>
                    <button type="button" on:click=move |_| { ask_replace.set(false); focus_soon(BODY_ID) }>{t("invite.replace.keep")}</button>
                </div>
            </Show>
            <p class="invite-link"><span class="detail-label">{t("invite.link")}</span> <code>{move || link.get()}</code>
                <button type="button" class="link" on:click=move |_| copy(link.get_untracked(), t("invite.copy.link_done"))>{t("invite.copy.link")}</button></p>
            <TextField id="invite-subject" label=t("invite.subject") value=subject error=no_error />
            <div class="field" class:invalid=move || !link_ok()>
                <label for=BODY_ID>{t("invite.body")}</label>
                <textarea id=BODY_ID rows="16" spellcheck="true"
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                    aria-invalid=move || (!link_ok()).then_some("true")
                    aria-describedby=move || (!link_ok()).then_some("invite-body-error")></textarea>
                <p class="error" id="invite-body-error" role="alert">{move || status.get().message().map(|m| msg(&m))}</p>
                <Show when=move || !link_ok()>
                    <p><button type="button" on:click=restore>{t("invite.restore")}</button></p>
                </Show>
            </div>
            <div class="actions">
                <a class="button primary" href=move || open.get().ok()
                    role=move || open_off().then_some("link")
                    aria-disabled=move || open_off().then_some("true")
                    aria-describedby=move || open_off().then_some("open-note")>{t("invite.open")}</a>
                <button type="button" on:click=copy_email disabled=move || !link_ok()>{t("invite.copy.email")}</button>
                <span class="copied" role="status">{copied_note}</span>
                <button type="button" on:click=done disabled=move || busy.get()>{t("invite.done")}</button>
                <p class="error" role="alert">{move || done_error.get()}</p>
            </div>
            <p class="note" id="open-note">{move || open.get().err()}</p>
        </div>
    }
}
