//! The invitation page's state: what the email is written for, its text as edited, and
//! how the page is kept for a reload.

use clientele_domain::guid::Guid;
use clientele_domain::invite::{
    draft, invitation_link, link_status, Draft, InviteKind, Language, LinkStatus,
};
use clientele_domain::model::ResellerId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the draft is written for.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Choice {
    pub(super) lang: Language,
    pub(super) dap: bool,
    /// The indirect provider of a joint invitation; `None` for the partner's own.
    pub(super) provider: Option<ResellerId>,
}

/// The page as kept in localStorage.
#[derive(Serialize, Deserialize)]
pub(super) struct Saved {
    pub(super) lang: Language,
    pub(super) dap: bool,
    pub(super) provider: Option<ResellerId>,
    pub(super) recipient: String,
    pub(super) subject: String,
    pub(super) body: String,
    /// Whether the text differs from the draft for the choice. Informational: the page
    /// works it out again, so edits undone by hand count as no edits.
    pub(super) edited: bool,
}

/// The page's state, one signal each; `Copy`, so every handler can hold it.
#[derive(Clone, Copy)]
pub(super) struct Invite {
    pub(super) tenant: StoredValue<Guid>,
    pub(super) partner_name: StoredValue<String>,
    pub(super) kinds: StoredValue<Vec<InviteKind>>,
    pub(super) lang: RwSignal<Language>,
    pub(super) dap: RwSignal<bool>,
    pub(super) provider: RwSignal<Option<ResellerId>>,
    pub(super) recipient: RwSignal<String>,
    pub(super) subject: RwSignal<String>,
    pub(super) body: RwSignal<String>,
    /// The choice changed while the text was edited: ask before replacing it.
    pub(super) ask_replace: RwSignal<bool>,
}

impl Invite {
    pub(super) fn kind(&self, provider: &Option<ResellerId>) -> InviteKind {
        self.kinds.with_value(|kinds| {
            kinds
                .iter()
                .find(|k| match k {
                    InviteKind::IndirectWithProvider {
                        provider_tenant_id, ..
                    } => Some(provider_tenant_id) == provider.as_ref(),
                    InviteKind::Reseller => false,
                })
                .cloned()
                .unwrap_or(InviteKind::Reseller)
        })
    }

    /// The current choice; tracked.
    pub(super) fn choice(&self) -> Choice {
        Choice {
            lang: self.lang.get(),
            dap: self.dap.get(),
            provider: self.provider.get(),
        }
    }

    pub(super) fn link_for(&self, c: &Choice) -> String {
        self.tenant
            .with_value(|t| invitation_link(t, &self.kind(&c.provider), c.dap))
    }

    pub(super) fn draft_for(&self, c: &Choice) -> Draft {
        let link = self.link_for(c);
        self.partner_name
            .with_value(|name| draft(c.lang, name, &self.kind(&c.provider), &link))
    }

    /// Whether the subject or body differs from the draft for the current choice.
    pub(super) fn edited(&self) -> bool {
        let fresh = self.draft_for(&self.choice());
        self.subject.with(|s| s != &fresh.subject) || self.body.with(|b| b != &fresh.body)
    }

    pub(super) fn replace_text(&self) {
        let fresh = self.draft_for(&self.choice());
        self.subject.set(fresh.subject);
        self.body.set(fresh.body);
        self.ask_replace.set(false);
    }

    /// Switches to another language, DAP setting or provider.
    ///
    /// Text the user has not touched is simply redrafted. Edited text is never discarded
    /// silently: it stays, and the page asks whether to replace it with the new draft. The
    /// link in it, though, is swapped at once for the new one: the link is not the user's
    /// wording but what the customer accepts, and an old link left in the text would both
    /// send the wrong invitation and be flagged by the link guard as the user's mistake.
    pub(super) fn choose(&self, change: impl FnOnce(&mut Choice)) {
        let current = untrack(|| self.choice());
        let mut next = current.clone();
        change(&mut next);
        if next == current {
            return;
        }
        let edited = untrack(|| self.edited());
        let (old_link, new_link) = (self.link_for(&current), self.link_for(&next));
        self.lang.set(next.lang);
        self.dap.set(next.dap);
        self.provider.set(next.provider);
        if !edited {
            untrack(|| self.replace_text());
            return;
        }
        self.body.update(|body| {
            if link_status(body, &old_link) == LinkStatus::Present {
                *body = body.replace(&old_link, &new_link);
            }
        });
        self.ask_replace.set(true);
    }

    /// The page as kept for a reload; tracked.
    pub(super) fn saved(&self) -> Saved {
        Saved {
            lang: self.lang.get(),
            dap: self.dap.get(),
            provider: self.provider.get(),
            recipient: self.recipient.get(),
            subject: self.subject.get(),
            body: self.body.get(),
            edited: self.edited(),
        }
    }

    /// The activity log's details, e.g. "With provider Adatum, DAP off, Français".
    pub(super) fn details(&self) -> String {
        let c = untrack(|| self.choice());
        let who = match self.kind(&c.provider) {
            InviteKind::Reseller => "Reseller relationship".to_string(),
            InviteKind::IndirectWithProvider { provider_name, .. } => {
                format!("With provider {provider_name}")
            }
        };
        let dap = if c.dap { "on" } else { "off" };
        format!("{who}, DAP {dap}, {}", c.lang.label())
    }
}
