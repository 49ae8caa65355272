//! The partner profile, the current user and the partner's indirect resellers or providers.

use serde::{Deserialize, Serialize};

use crate::export::CsvFormat;

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

    pub fn label(self) -> &'static str {
        match self {
            Self::DirectPartner => "Direct partner",
            Self::IndirectProvider => "Indirect provider",
            Self::IndirectReseller => "Indirect reseller",
        }
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

    pub fn label(self) -> &'static str {
        match self {
            Self::GlobalAdmin => "Global admin",
            Self::AdminAgent => "Admin agent",
            Self::SalesAgent => "Sales agent",
            Self::HelpdeskAgent => "Helpdesk agent",
            Self::UserManagementAdmin => "User management admin",
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
    pub exports: CsvFormat,
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
    pub exports: CsvFormat,
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

    pub fn validate(&self) -> Result<Settings, Vec<FieldError>> {
        Settings::from_form(self.partner.clone(), self.user.clone(), &self.resellers).map(|s| {
            Settings {
                exports: self.exports,
                ..s
            }
        })
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

    /// Builds settings from the form, or lists every field at fault.
    pub fn from_form(
        partner: PartnerProfile,
        user: CurrentUser,
        resellers: &[ResellerDraft],
    ) -> Result<Settings, Vec<FieldError>> {
        use fields::*;
        let mut errors = Vec::new();
        let mut partner = partner;
        partner.display_name = partner.display_name.trim().to_string();
        partner.partner_id = partner.partner_id.trim().to_string();
        partner.email_domain = partner.email_domain.trim().to_ascii_lowercase();
        if partner.display_name.is_empty() {
            errors.push(FieldError::new(DISPLAY_NAME, "Enter the partner's name."));
        }
        match Guid::parse(&partner.tenant_id) {
            Ok(g) => partner.tenant_id = String::from(g),
            Err(e) => errors.push(FieldError::new(TENANT_ID, e.to_string())),
        }
        if !partner.partner_id.is_empty() && !partner.partner_id.bytes().all(|b| b.is_ascii_digit())
        {
            errors.push(FieldError::new(
                PARTNER_ID,
                "A partner ID has digits only, e.g. 1234567.",
            ));
        }
        if !is_domain(&partner.email_domain) {
            errors.push(FieldError::new(
                EMAIL_DOMAIN,
                "Enter a domain such as contoso-partner.com (no @, no spaces).",
            ));
        }
        let mut user = user;
        user.display_name = user.display_name.trim().to_string();
        if user.display_name.is_empty() {
            errors.push(FieldError::new(
                USER_NAME,
                "Enter your name: it is recorded with every action.",
            ));
        }
        let mut list = Vec::new();
        for (i, draft) in resellers.iter().enumerate() {
            let name = draft.name.trim();
            if name.is_empty() {
                errors.push(FieldError::new(reseller_name(i), "Enter the name."));
            }
            match ResellerId::parse(&draft.id) {
                Ok(id) if list.iter().any(|r: &Reseller| r.id == id) => errors.push(
                    FieldError::new(reseller_id(i), "This ID is already listed above."),
                ),
                Ok(id) => list.push(Reseller {
                    id,
                    name: name.to_string(),
                }),
                Err(e) => errors.push(FieldError::new(reseller_id(i), e.to_string())),
            }
        }
        if errors.is_empty() {
            Ok(Settings {
                partner,
                user,
                resellers: list,
                exports: CsvFormat::default(),
            })
        } else {
            Err(errors)
        }
    }
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
}
