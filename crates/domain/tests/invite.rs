//! Properties of the invitation email that must hold for any text the user types.

use clientele_domain::guid::Guid;
use clientele_domain::invite::{
    draft, invitation_link, link_status, mailto_url, restore_link, InviteKind, Language, LinkStatus,
};
use clientele_domain::model::ResellerId;
use proptest::prelude::*;

/// Every line break as CRLF, written independently of the module's own normalisation.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n")
}

/// Text with the characters a mailto: URL must encode, line breaks, accents, CJK and emoji.
fn email_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 &?#%=+@:/;,.'\"()\r\n\téçÉ經銷商😀~_-]{0,40}",
        any::<String>(),
    ]
}

fn link(kind_bits: u128, joint: bool, dap: bool) -> String {
    let partner = Guid::from_u128(kind_bits);
    let kind = if joint {
        InviteKind::IndirectWithProvider {
            provider_tenant_id: ResellerId::from_u128(!kind_bits),
            provider_name: "Adatum".into(),
        }
    } else {
        InviteKind::Reseller
    };
    invitation_link(&partner, &kind, dap)
}

/// Text around the link: words, punctuation and whitespace, sometimes a look-alike URL.
fn body_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ,.()\n。請]{0,30}",
        "[a-z ]{0,5}https://admin.microsoft.com/[a-zA-Z?=&]{0,10}[ \n.]{0,2}",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn mailto_parses_back_to_the_subject_and_body(
        subject in email_text(),
        body in email_text(),
    ) {
        let url = mailto_url("", &subject, &body);
        prop_assert!(url.is_ascii());
        let parsed = url::Url::parse(&url).expect("a valid URL");
        let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
        prop_assert_eq!(
            pairs,
            vec![
                ("subject".to_string(), crlf(&subject)),
                ("body".to_string(), crlf(&body)),
            ]
        );
    }

    #[test]
    fn mailto_parses_back_to_the_recipient(local in "[a-zA-Z0-9.+&?#%=!_-]{1,20}") {
        let to = format!("{local}@contoso.com");
        let url = mailto_url(&to, "s", "b");
        let parsed = url::Url::parse(&url).expect("a valid URL");
        let decoded: Vec<String> = url::form_urlencoded::parse(parsed.path().as_bytes())
            .map(|(k, _)| k.into_owned())
            .collect();
        prop_assert_eq!(decoded, vec![to]);
        prop_assert_eq!(parsed.query(), Some("subject=s&body=b"));
    }

    #[test]
    fn the_link_is_present_wherever_it_is_moved(
        before in "[a-zA-Z ,.\n]{0,30}",
        after in "[a-zA-Z ,.\n]{0,30}",
        bits in any::<u128>(),
        joint in any::<bool>(),
        dap in any::<bool>(),
    ) {
        let link = link(bits, joint, dap);
        let body = format!("{before} {link} {after}");
        prop_assert_eq!(link_status(&body, &link), LinkStatus::Present);
        prop_assert_eq!(restore_link(&body, &link), body);
    }

    #[test]
    fn changing_any_one_character_of_the_link_alters_it(
        bits in any::<u128>(),
        joint in any::<bool>(),
        dap in any::<bool>(),
        pick in any::<prop::sample::Index>(),
        // Not closing punctuation such as "?": a link ending "…invitatio?" reads as the
        // link cut short with a question mark after it, and restoring keeps the mark.
        with in "[a-zA-Z0-9/&=#%]",
    ) {
        let link = link(bits, joint, dap);
        let at = pick.index(link.len());
        prop_assume!(link[at..at + 1] != with);
        let mut changed = link.clone();
        changed.replace_range(at..at + 1, &with);
        let body = format!("Hello,\n\n{changed}\n\nThanks");
        prop_assert_eq!(link_status(&body, &link), LinkStatus::Altered);
        let restored = restore_link(&body, &link);
        prop_assert_eq!(restored, format!("Hello,\n\n{link}\n\nThanks"));
    }

    #[test]
    fn restoring_always_leaves_the_link_present_and_is_idempotent(
        body in body_text(),
        bits in any::<u128>(),
        joint in any::<bool>(),
        dap in any::<bool>(),
    ) {
        let link = link(bits, joint, dap);
        let restored = restore_link(&body, &link);
        prop_assert_eq!(link_status(&restored, &link), LinkStatus::Present);
        prop_assert_eq!(restore_link(&restored, &link), restored.clone());
        if !body.contains(&link) {
            prop_assert_eq!(restored.matches(&link).count(), 1);
        }
    }

    #[test]
    fn every_draft_holds_its_link_for_any_partner_name(
        name in "[a-zA-Z0-9 &'.,-]{1,30}",
        bits in any::<u128>(),
        joint in any::<bool>(),
        dap in any::<bool>(),
    ) {
        let link = link(bits, joint, dap);
        let kind = if joint {
            InviteKind::IndirectWithProvider {
                provider_tenant_id: ResellerId::from_u128(!bits),
                provider_name: "Adatum".into(),
            }
        } else {
            InviteKind::Reseller
        };
        for lang in Language::ALL {
            let d = draft(lang, &name, &kind, &link);
            prop_assert_eq!(d.body.matches(&link).count(), 1);
            prop_assert_eq!(link_status(&d.body, &link), LinkStatus::Present);
        }
    }
}
