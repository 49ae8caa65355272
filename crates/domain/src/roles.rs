//! Who may do what: the role matrix, as data, shared by the server (which enforces it with
//! 403) and the web app (which hides or disables what the user's role does not allow).
//!
//! Every read and every [`Change`] needs one [`Permission`]; [`required`] says which for a
//! change, and [`allows`] says whether a [`Role`] has it.
//!
//! | Permission            | Global admin | Admin agent | Sales agent | Helpdesk agent | User management admin |
//! |-----------------------|:------------:|:-----------:|:-----------:|:--------------:|:---------------------:|
//! | `ViewCustomers`       | yes          | yes         | yes         | yes            | yes                   |
//! | `AddCustomers`        | yes          | yes         | yes         | –              | yes                   |
//! | `EditCustomers`       | yes          | yes         | yes         | –              | –                     |
//! | `ImportCustomers`     | yes          | –           | –           | –              | –                     |
//! | `ManageSubscriptions` | yes          | yes         | yes         | yes            | –                     |
//! | `RemoveRelationships` | yes          | yes         | yes         | –              | –                     |
//! | `SendInvitations`     | yes          | yes         | yes         | –              | –                     |
//! | `ExportData`          | yes          | yes         | yes         | yes            | yes                   |
//! | `ViewActivityLog`     | yes          | yes         | –           | –              | –                     |
//! | `ManageSettings`      | yes          | –           | –           | –              | –                     |
//! | `ManageUsers`         | yes          | –           | –           | –              | yes                   |
//!
//! How the issue's wording maps onto it:
//! - "Global admin — everything".
//! - "Admin agent — customers, subscriptions, invitations, removal, activity log": "customers"
//!   is read as view, add and edit (rename).
//! - "Sales agent — customers, add customer, subscriptions, invitations, removal": the same
//!   as an admin agent without the activity log.
//! - "Helpdesk agent — view customers, manage subscriptions, no add / remove / invite": no
//!   rename either, since only viewing customers is granted.
//! - "User management admin — view customers, add customers, manage users".
//!
//! Choices the issue leaves open: a bulk import (sample data) and the partner profile
//! ([`Permission::ManageSettings`]) are the global admin's alone; exporting what one can
//! see ([`Permission::ExportData`]) is allowed to every role, since it reveals nothing the
//! list does not, and it is still written to the activity log. Reinstating a removed
//! relationship is part of removal.

use serde::{Deserialize, Serialize};

use crate::activity::Action;
use crate::book::Change;
use crate::i18n::{in_sentence, trf, Language};
use crate::settings::Role;

/// One thing a user may be allowed to do. Reads need [`Permission::ViewCustomers`] (the
/// customer list, a customer, its subscriptions, removed customers, the settings) or
/// [`Permission::ViewActivityLog`]; writes need what [`required`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// The customer list, a customer's account and subscriptions, removed customers.
    ViewCustomers,
    /// The add-customer wizard ([`Change::AddCustomers`]).
    AddCustomers,
    /// Editing a customer's account: renaming ([`Change::RenameCustomer`]) and tagging
    /// ([`Change::EditTags`]).
    EditCustomers,
    /// A bulk load such as the sample data ([`Change::ImportCustomers`]).
    ImportCustomers,
    /// Licence quantities and subscription status (suspend, reactivate, cancel).
    ManageSubscriptions,
    /// Removing a reseller relationship, and reinstating it.
    RemoveRelationships,
    /// Drafting the email that invites a customer to a reseller relationship.
    SendInvitations,
    /// Downloading the customer or subscription list as CSV (recorded in the log).
    ExportData,
    /// Reading (and exporting) the activity log.
    ViewActivityLog,
    /// The partner profile and the list of indirect resellers.
    ManageSettings,
    /// Creating users and choosing their roles.
    ManageUsers,
}

impl Permission {
    pub const ALL: [Permission; 11] = [
        Self::ViewCustomers,
        Self::AddCustomers,
        Self::EditCustomers,
        Self::ImportCustomers,
        Self::ManageSubscriptions,
        Self::RemoveRelationships,
        Self::SendInvitations,
        Self::ExportData,
        Self::ViewActivityLog,
        Self::ManageSettings,
        Self::ManageUsers,
    ];

    /// What the user is not allowed, as a sentence the UI can show beside a disabled action
    /// and the server can send with a 403 (in English: [`denied_in`](Self::denied_in)).
    pub fn denied_message(self, role: Role) -> String {
        self.denied_in(role, Language::English)
    }

    /// [`denied_message`](Self::denied_message) in `lang`, the role named in `lang` too.
    pub fn denied_in(self, role: Role, lang: Language) -> String {
        let role = in_sentence(role.label_in(lang));
        let args = [("role", role.as_str())];
        match self {
            Self::ViewCustomers => trf(lang, "roles.denied.view_customers", &args),
            Self::AddCustomers => trf(lang, "roles.denied.add_customers", &args),
            Self::EditCustomers => trf(lang, "roles.denied.edit_customers", &args),
            Self::ImportCustomers => trf(lang, "roles.denied.import_customers", &args),
            Self::ManageSubscriptions => trf(lang, "roles.denied.manage_subscriptions", &args),
            Self::RemoveRelationships => trf(lang, "roles.denied.remove_relationships", &args),
            Self::SendInvitations => trf(lang, "roles.denied.send_invitations", &args),
            Self::ExportData => trf(lang, "roles.denied.export_data", &args),
            Self::ViewActivityLog => trf(lang, "roles.denied.view_activity_log", &args),
            Self::ManageSettings => trf(lang, "roles.denied.manage_settings", &args),
            Self::ManageUsers => trf(lang, "roles.denied.manage_users", &args),
        }
    }
}

/// Whether `role` has permission `p`: the table in the module documentation.
pub fn allows(role: Role, p: Permission) -> bool {
    use Permission::*;
    match role {
        Role::GlobalAdmin => true,
        Role::AdminAgent => matches!(
            p,
            ViewCustomers
                | AddCustomers
                | EditCustomers
                | ManageSubscriptions
                | RemoveRelationships
                | SendInvitations
                | ExportData
                | ViewActivityLog
        ),
        Role::SalesAgent => matches!(
            p,
            ViewCustomers
                | AddCustomers
                | EditCustomers
                | ManageSubscriptions
                | RemoveRelationships
                | SendInvitations
                | ExportData
        ),
        Role::HelpdeskAgent => matches!(p, ViewCustomers | ManageSubscriptions | ExportData),
        Role::UserManagementAdmin => {
            matches!(p, ViewCustomers | AddCustomers | ExportData | ManageUsers)
        }
    }
}

/// The permission a change needs.
pub fn required(change: &Change) -> Permission {
    match change {
        Change::AddCustomers { .. } => Permission::AddCustomers,
        Change::ImportCustomers { .. }
        | Change::ImportFile { .. }
        | Change::ImportBatch { .. }
        | Change::ImportClosed { .. }
        | Change::UndoImport { .. }
        | Change::RestoreBackup(_) => Permission::ImportCustomers,
        Change::RenameCustomer { .. } | Change::EditTags { .. } => Permission::EditCustomers,
        Change::SetQuantity { .. } | Change::SetStatus { .. } => Permission::ManageSubscriptions,
        Change::RemoveRelationship { .. }
        | Change::RemoveRelationships { .. }
        | Change::ReinstateRelationship { .. } => Permission::RemoveRelationships,
        Change::Record { action, .. } => for_action(*action),
    }
}

/// The permission behind each logged action. A [`Change::Record`] of an action that changes
/// records is refused by the book anyway; asking for that action's own permission first
/// means a user can't even probe with one they lack.
pub fn for_action(action: Action) -> Permission {
    match action {
        Action::CustomerAdded | Action::SubscriptionBought => Permission::AddCustomers,
        Action::CustomersImported | Action::ImportUndone | Action::BookRestored => {
            Permission::ImportCustomers
        }
        Action::CompanyNameUpdated | Action::TagsChanged => Permission::EditCustomers,
        Action::QuantityChanged | Action::StatusChanged => Permission::ManageSubscriptions,
        Action::RelationshipRemoved | Action::RelationshipReinstated => {
            Permission::RemoveRelationships
        }
        Action::InvitationDrafted => Permission::SendInvitations,
        Action::CustomersExported | Action::SubscriptionsExported => Permission::ExportData,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, SubscriptionId, SubscriptionStatus};
    use Permission::*;

    /// The issue's table, written out independently of [`allows`]: one row per role, in
    /// [`Permission::ALL`] order.
    fn expected(role: Role) -> [bool; 11] {
        // View, Add, Edit, Import, Subs, Remove, Invite, Export, Log, Settings, Users
        match role {
            Role::GlobalAdmin => [true; 11],
            Role::AdminAgent => [
                true, true, true, false, true, true, true, true, true, false, false,
            ],
            Role::SalesAgent => [
                true, true, true, false, true, true, true, true, false, false, false,
            ],
            Role::HelpdeskAgent => [
                true, false, false, false, true, false, false, true, false, false, false,
            ],
            Role::UserManagementAdmin => [
                true, true, false, false, false, false, false, true, false, false, true,
            ],
        }
    }

    #[test]
    fn every_role_and_permission_matches_the_table() {
        for role in Role::ALL {
            for (p, want) in Permission::ALL.into_iter().zip(expected(role)) {
                assert_eq!(allows(role, p), want, "{role:?} × {p:?}");
            }
        }
    }

    #[test]
    fn the_issue_s_sentences_hold() {
        // Helpdesk: view customers, manage subscriptions, no add / remove / invite.
        let h = Role::HelpdeskAgent;
        assert!(allows(h, ViewCustomers) && allows(h, ManageSubscriptions));
        assert!(!allows(h, AddCustomers) && !allows(h, RemoveRelationships));
        assert!(!allows(h, SendInvitations));
        // Only global admins and user management admins manage users.
        let managers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|&r| allows(r, ManageUsers))
            .collect();
        assert_eq!(managers, [Role::GlobalAdmin, Role::UserManagementAdmin]);
        // Everyone can view customers.
        assert!(Role::ALL.into_iter().all(|r| allows(r, ViewCustomers)));
    }

    #[test]
    fn every_change_needs_the_permission_of_what_it_does() {
        let c = CustomerId::from_u128(1);
        let s = SubscriptionId::from_u128(2);
        let cases = [
            (
                Change::AddCustomers {
                    customers: vec![],
                    subscriptions: vec![],
                },
                AddCustomers,
            ),
            (
                Change::ImportCustomers {
                    customers: vec![],
                    subscriptions: vec![],
                },
                ImportCustomers,
            ),
            (
                Change::RenameCustomer {
                    id: c.clone(),
                    name: "Fabrikam".into(),
                },
                EditCustomers,
            ),
            (
                Change::SetQuantity {
                    id: s.clone(),
                    quantity: 3,
                },
                ManageSubscriptions,
            ),
            (
                Change::SetStatus {
                    id: s,
                    status: SubscriptionStatus::Suspended,
                },
                ManageSubscriptions,
            ),
            (
                Change::RemoveRelationship { id: c.clone() },
                RemoveRelationships,
            ),
            (
                Change::ReinstateRelationship { id: c.clone() },
                RemoveRelationships,
            ),
            (
                Change::Record {
                    action: Action::InvitationDrafted,
                    customer_id: Some(c),
                    details: String::new(),
                },
                SendInvitations,
            ),
            (
                Change::Record {
                    action: Action::CustomersExported,
                    customer_id: None,
                    details: String::new(),
                },
                ExportData,
            ),
            (
                Change::Record {
                    action: Action::SubscriptionsExported,
                    customer_id: None,
                    details: String::new(),
                },
                ExportData,
            ),
        ];
        for (change, want) in cases {
            assert_eq!(required(&change), want, "{change:?}");
        }
    }

    #[test]
    fn every_action_maps_to_a_listed_permission_the_global_admin_has() {
        // Each action's permission is one of the listed ones, and the global admin has all.
        for a in Action::ALL {
            let p = for_action(a);
            assert!(Permission::ALL.contains(&p));
            assert!(allows(Role::GlobalAdmin, p));
        }
    }

    #[test]
    fn denial_messages_name_the_role_and_the_action() {
        assert_eq!(
            AddCustomers.denied_message(Role::HelpdeskAgent),
            "A helpdesk agent can't add customers."
        );
    }

    #[test]
    fn a_refusal_reads_in_every_language() {
        assert_eq!(
            ViewActivityLog.denied_in(Role::SalesAgent, Language::French),
            "Le rôle « agent commercial » ne permet pas de consulter le journal d’activité."
        );
        for lang in Language::ALL {
            for p in Permission::ALL {
                let text = p.denied_in(Role::HelpdeskAgent, lang);
                assert!(!text.contains("roles.") && !text.contains('{'), "{text}");
            }
        }
    }
}
