//! The partner profile, the current user and the partner's indirect resellers or providers.

use serde::{Deserialize, Serialize};

use crate::export::ExportSettings;
use crate::i18n::{tr, Language, Message};

use crate::guid::Guid;
use crate::model::{Reseller, ResellerId};
use crate::validate::{is_domain, FieldError};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartnerKind {
    #[default]
    DirectPartner,
    IndirectProvider,
    IndirectReseller,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 3] = [
        Self::DirectPartner,
        Self::IndirectProvider,
        Self::IndirectReseller,
    ];

    /// The kind's name in English.
    pub fn label(self) -> &'static str {
        self.label_in(Language::English)
    }

    /// The kind as the Settings select submits it (its stored name), in no language.
    pub fn key(self) -> &'static str {
        match self {
            Self::DirectPartner => "DirectPartner",
            Self::IndirectProvider => "IndirectProvider",
            Self::IndirectReseller => "IndirectReseller",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label_in(self, lang: Language) -> &'static str {
        match self {
            Self::DirectPartner => tr(lang, "settings.kind.direct_partner"),
            Self::IndirectProvider => tr(lang, "settings.kind.indirect_provider"),
            Self::IndirectReseller => tr(lang, "settings.kind.indirect_reseller"),
        }
    }

    /// [`partners_label`](Self::partners_label) in `lang`.
    pub fn partners_label_in(self, lang: Language) -> &'static str {
        match self {
            Self::IndirectReseller => tr(lang, "settings.providers.heading"),
            _ => tr(lang, "settings.resellers.heading"),
        }
    }

    /// Whether the partners listed under this kind are providers (else resellers).
    pub fn lists_providers(self) -> bool {
        self == Self::IndirectReseller
    }

    /// What the partners listed under this kind are called.
    pub fn partners_label(self) -> &'static str {
        match self {
            Self::IndirectReseller => "Indirect providers",
            _ => "Indirect resellers",
        }
    }

    /// One of those partners, as a word within a sentence or a label ("Add reseller").
    pub fn partner_noun(self) -> &'static str {
        match self {
            Self::IndirectReseller => "provider",
            _ => "reseller",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    #[default]
    GlobalAdmin,
    AdminAgent,
    SalesAgent,
    HelpdeskAgent,
    UserManagementAdmin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Self::GlobalAdmin,
        Self::AdminAgent,
        Self::SalesAgent,
        Self::HelpdeskAgent,
        Self::UserManagementAdmin,
    ];

    /// The role's name in English, as the server and its logs write it.
    pub fn label(self) -> &'static str {
        self.label_in(Language::English)
    }

    /// The role as the Settings select submits it (its stored name), in no language.
    pub fn key(self) -> &'static str {
        match self {
            Self::GlobalAdmin => "GlobalAdmin",
            Self::AdminAgent => "AdminAgent",
            Self::SalesAgent => "SalesAgent",
            Self::HelpdeskAgent => "HelpdeskAgent",
            Self::UserManagementAdmin => "UserManagementAdmin",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The role's name in `lang`.
    pub fn label_in(self, lang: Language) -> &'static str {
        match self {
            Self::GlobalAdmin => tr(lang, "roles.global_admin"),
            Self::AdminAgent => tr(lang, "roles.admin_agent"),
            Self::SalesAgent => tr(lang, "roles.sales_agent"),
            Self::HelpdeskAgent => tr(lang, "roles.helpdesk_agent"),
            Self::UserManagementAdmin => tr(lang, "roles.user_management_admin"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerProfile {
    pub display_name: String,
    /// The partner's Microsoft Entra tenant ID (a GUID).
    pub tenant_id: String,
    /// The partner's MPN / Partner Network ID.
    pub partner_id: String,
    /// The partner's own email domain, e.g. "contoso-partner.com".
    pub email_domain: String,
    pub kind: PartnerKind,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub display_name: String,
    pub role: Role,
}

/// Everything the Settings page edits. Resellers are kept as text while edited so that
/// a half-typed ID is never lost; [`Settings::validate`] says what is wrong with it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub partner: PartnerProfile,
    pub user: CurrentUser,
    #[serde(default)]
    pub resellers: Vec<Reseller>,
    /// How CSV files are written.
    #[serde(default)]
    pub exports: ExportSettings,
}

/// A reseller row as typed on the Settings page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerDraft {
    pub id: String,
    pub name: String,
}

/// The Settings form as typed, valid or not: kept while the user edits so a reload loses
/// nothing, and turned into [`Settings`] by [`Settings::from_form`] on save.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsDraft {
    pub partner: PartnerProfile,
    pub user: CurrentUser,
    pub resellers: Vec<ResellerDraft>,
    #[serde(default)]
    pub exports: ExportSettings,
}

impl SettingsDraft {
    /// The form filled in with saved settings.
    pub fn of(settings: &Settings) -> Self {
        Self {
            partner: settings.partner.clone(),
            user: settings.user.clone(),
            resellers: settings
                .resellers
                .iter()
                .map(|r| ResellerDraft {
                    id: r.id.to_string(),
                    name: r.name.clone(),
                })
                .collect(),
            exports: settings.exports,
        }
    }

    /// The settings this form makes, or each field's error in English.
    pub fn validate(&self) -> Result<Settings, Vec<FieldError>> {
        self.validate_in(Language::English)
    }

    /// [`validate`](Self::validate) with the errors in `lang`.
    pub fn validate_in(&self, lang: Language) -> Result<Settings, Vec<FieldError>> {
        Settings::check(self.partner.clone(), self.user.clone(), &self.resellers)
            .map(|s| Settings {
                exports: self.exports,
                ..s
            })
            .map_err(|errors| in_language(errors, lang))
    }
}

/// Field names used in [`FieldError::field`] for the Settings form.
pub mod fields {
    pub const DISPLAY_NAME: &str = "partner.display_name";
    pub const TENANT_ID: &str = "partner.tenant_id";
    pub const PARTNER_ID: &str = "partner.partner_id";
    pub const EMAIL_DOMAIN: &str = "partner.email_domain";
    pub const USER_NAME: &str = "user.display_name";
    pub fn reseller_id(i: usize) -> String {
        format!("resellers.{i}.id")
    }
    pub fn reseller_name(i: usize) -> String {
        format!("resellers.{i}.name")
    }
}

impl Settings {
    /// True once the partner profile has been filled in.
    pub fn is_configured(&self) -> bool {
        !self.partner.tenant_id.is_empty()
    }

    /// Builds settings from the form, or lists every field at fault (in English, as the
    /// server answers).
    pub fn from_form(
        partner: PartnerProfile,
        user: CurrentUser,
        resellers: &[ResellerDraft],
    ) -> Result<Settings, Vec<FieldError>> {
        Self::check(partner, user, resellers).map_err(|e| in_language(e, Language::English))
    }

    /// [`from_form`](Self::from_form) with each error a [`Message`], for any language.
    pub fn check(
        partner: PartnerProfile,
        user: CurrentUser,
        resellers: &[ResellerDraft],
    ) -> Result<Settings, Vec<(String, Message)>> {
        use fields::*;
        let mut errors: Vec<(String, Message)> = Vec::new();
        let mut fail = |field: &str, message: Message| errors.push((field.to_string(), message));
        let mut partner = partner;
        partner.display_name = partner.display_name.trim().to_string();
        partner.partner_id = partner.partner_id.trim().to_string();
        partner.email_domain = partner.email_domain.trim().to_ascii_lowercase();
        if partner.display_name.is_empty() {
            fail(DISPLAY_NAME, Message::new("settings.error.partner_name"));
        }
        match Guid::parse(&partner.tenant_id) {
            Ok(g) => partner.tenant_id = String::from(g),
            Err(_) => fail(TENANT_ID, Message::new("settings.error.guid")),
        }
        if !partner.partner_id.is_empty() && !partner.partner_id.bytes().all(|b| b.is_ascii_digit())
        {
            fail(PARTNER_ID, Message::new("settings.error.partner_id"));
        }
        if !is_domain(&partner.email_domain) {
            fail(EMAIL_DOMAIN, Message::new("settings.error.email_domain"));
        }
        let mut user = user;
        user.display_name = user.display_name.trim().to_string();
        if user.display_name.is_empty() {
            fail(USER_NAME, Message::new("settings.error.user_name"));
        }
        let mut list = Vec::new();
        for (i, draft) in resellers.iter().enumerate() {
            let name = draft.name.trim();
            if name.is_empty() {
                fail(
                    &reseller_name(i),
                    Message::new("settings.error.reseller_name"),
                );
            }
            match ResellerId::parse(&draft.id) {
                Ok(id) if list.iter().any(|r: &Reseller| r.id == id) => fail(
                    &reseller_id(i),
                    Message::new("settings.error.reseller_repeated"),
                ),
                Ok(id) => list.push(Reseller {
                    id,
                    name: name.to_string(),
                }),
                Err(_) => fail(&reseller_id(i), Message::new("settings.error.guid")),
            }
        }
        if errors.is_empty() {
            Ok(Settings {
                partner,
                user,
                resellers: list,
                exports: ExportSettings::default(),
            })
        } else {
            Err(errors)
        }
    }
}

/// Field errors with their messages written in `lang`, each keeping its [`Message`] for the
/// UI to word.
fn in_language(errors: Vec<(String, Message)>, lang: Language) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|(field, message)| FieldError {
            field,
            message: message.text(lang),
            text: Some(message),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner() -> PartnerProfile {
        PartnerProfile {
            display_name: "Fabrikam Cloud".into(),
            tenant_id: "0F1E2D3C-4B5A-6978-8695-A4B3C2D1E0F9".into(),
            partner_id: "1234567".into(),
            email_domain: "Fabrikam.example".into(),
            kind: PartnerKind::IndirectProvider,
        }
    }

    fn user() -> CurrentUser {
        CurrentUser {
            display_name: "Ana Silva".into(),
            role: Role::AdminAgent,
        }
    }

    #[test]
    fn an_indirect_reseller_lists_providers() {
        assert_eq!(
            (
                PartnerKind::IndirectReseller.partners_label(),
                PartnerKind::IndirectReseller.partner_noun()
            ),
            ("Indirect providers", "provider")
        );
    }

    #[test]
    fn saved_settings_make_a_draft_that_validates_back_to_them() {
        let saved = Settings::from_form(
            partner(),
            user(),
            &[ResellerDraft {
                id: "00000000-0000-4000-8000-000000000001".into(),
                name: "Northwind".into(),
            }],
        )
        .unwrap();
        assert_eq!(SettingsDraft::of(&saved).validate(), Ok(saved));
    }

    #[test]
    fn a_valid_form_is_normalised() {
        let s = Settings::from_form(
            partner(),
            user(),
            &[ResellerDraft {
                id: "00000000-0000-4000-8000-000000000001".into(),
                name: " Northwind ".into(),
            }],
        )
        .unwrap();
        assert_eq!(s.partner.tenant_id, "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9");
        assert_eq!(s.partner.email_domain, "fabrikam.example");
        assert_eq!(s.resellers[0].name, "Northwind");
    }

    #[test]
    fn every_bad_field_is_reported_by_name() {
        let mut p = partner();
        p.tenant_id = "1234".into();
        p.email_domain = "user@fabrikam.example".into();
        p.partner_id = "12a".into();
        let errs = Settings::from_form(
            p,
            CurrentUser::default(),
            &[
                ResellerDraft {
                    id: "x".into(),
                    name: "".into(),
                },
                ResellerDraft {
                    id: "00000000-0000-4000-8000-000000000001".into(),
                    name: "A".into(),
                },
                ResellerDraft {
                    id: "00000000-0000-4000-8000-000000000001".into(),
                    name: "B".into(),
                },
            ],
        )
        .unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                fields::TENANT_ID,
                fields::PARTNER_ID,
                fields::EMAIL_DOMAIN,
                fields::USER_NAME,
                "resellers.0.name",
                "resellers.0.id",
                "resellers.2.id"
            ]
        );
    }

    #[test]
    fn errors_are_english_by_default_and_translated_on_demand() {
        let mut p = partner();
        p.tenant_id = "1234".into();
        p.display_name = " ".into();
        let draft = SettingsDraft {
            partner: p,
            user: user(),
            resellers: vec![],
            exports: ExportSettings::default(),
        };
        let en = draft.validate().unwrap_err();
        assert_eq!(en[0].message, "Enter the partner's name.");
        assert_eq!(
            en[1].message,
            "Enter a GUID such as 0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9"
        );
        let fr = draft.validate_in(Language::French).unwrap_err();
        assert_eq!(fr[0].message, "Saisissez le nom du partenaire.");
        let zh = draft.validate_in(Language::TraditionalChinese).unwrap_err();
        assert_eq!(zh[0].field, fields::DISPLAY_NAME);
        assert_eq!(zh[0].message, "請輸入合作夥伴名稱。");
    }

    #[test]
    fn the_guid_message_matches_the_guid_error() {
        assert_eq!(
            Message::new("settings.error.guid").to_string(),
            crate::guid::GuidError.to_string()
        );
    }

    #[test]
    fn roles_and_kinds_are_named_in_every_language() {
        assert_eq!(Role::GlobalAdmin.label(), "Global admin");
        assert_eq!(
            Role::GlobalAdmin.label_in(Language::French),
            "Administrateur général"
        );
        assert_eq!(
            PartnerKind::IndirectReseller.partners_label_in(Language::English),
            PartnerKind::IndirectReseller.partners_label()
        );
        for lang in Language::ALL {
            for r in Role::ALL {
                assert!(!r.label_in(lang).starts_with("roles."));
            }
            for k in PartnerKind::ALL {
                assert!(!k.label_in(lang).starts_with("settings."));
                assert!(!k.partners_label_in(lang).starts_with("settings."));
            }
        }
        for k in PartnerKind::ALL {
            assert_eq!(k.partners_label_in(Language::English), k.partners_label());
        }
    }

    #[test]
    fn settings_saved_before_export_options_still_load() {
        let saved = Settings::from_form(partner(), user(), &[]).unwrap();
        let mut json: serde_json::Value = serde_json::to_value(&saved).unwrap();
        json["exports"] = serde_json::json!({ "separator": "Comma", "bom": true });
        let old: Settings = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(old.exports, ExportSettings::default());
        json.as_object_mut().unwrap().remove("exports");
        let older: Settings = serde_json::from_value(json).unwrap();
        assert_eq!(older.exports, ExportSettings::default());
    }
}
