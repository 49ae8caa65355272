//! The "request a reseller relationship" email: the invitation link, the draft in the
//! customer's language, a guard that the link survived the user's edits, and the two ways
//! the email leaves the app (a `mailto:` URL or the clipboard).
//!
//! # Link formats
//!
//! [`invitation_link`] writes exactly these two links and nothing else. Tenant IDs are
//! lowercase hyphenated GUIDs. `DAP` is `true` when the partner ticks "Include delegated
//! administration privileges" (on by default), `false` otherwise. Neither link carries
//! anything about the customer, so one link serves every customer.
//!
//! - Reseller relationship ([`InviteKind::Reseller`]):
//!
//!   `https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId={partner tenant ID}&msppId=0&DAP={true|false}#/BillingAccounts/partner-invitation`
//!
//! - Joint invitation from an indirect reseller and its indirect provider
//!   ([`InviteKind::IndirectWithProvider`]):
//!
//!   `https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&partnerId={provider tenant ID}&indirectCSPId={reseller tenant ID}&msppId=0&DAP={true|false}#/BillingAccounts/partner-invitation`
//!
//! ```
//! use clientele_domain::guid::Guid;
//! use clientele_domain::invite::{draft, invitation_link, link_status};
//! use clientele_domain::invite::{InviteKind, Language, LinkStatus};
//! let partner = Guid::parse("0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9").unwrap();
//! let link = invitation_link(&partner, &InviteKind::Reseller, true);
//! let email = draft(Language::French, "Fabrikam", &InviteKind::Reseller, &link);
//! assert_eq!(link_status(&email.body, &link), LinkStatus::Present);
//! ```

use std::fmt::Write;
use std::ops::Range;

use crate::guid::Guid;
use crate::model::{Reseller, ResellerId};
use crate::settings::PartnerKind;
use crate::validate::is_domain;

// ---------------------------------------------------------------------------------------
// The link
// ---------------------------------------------------------------------------------------

/// Which of the two invitation links (see the module docs) to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InviteKind {
    /// The partner alone asks to become the customer's reseller.
    Reseller,
    /// The partner, an indirect reseller, asks together with one of its indirect providers.
    IndirectWithProvider {
        provider_tenant_id: ResellerId,
        provider_name: String,
    },
}

impl InviteKind {
    /// The joint invitation with a provider listed in Settings.
    pub fn with_provider(provider: &Reseller) -> Self {
        Self::IndirectWithProvider {
            provider_tenant_id: provider.id.clone(),
            provider_name: provider.name.clone(),
        }
    }
}

/// The invitations a partner of `kind` can send: its own reseller invitation always, and
/// for an indirect reseller one joint invitation per provider listed in Settings (for the
/// other kinds that list holds their resellers, who cannot be named in a joint link).
pub fn invite_kinds(kind: PartnerKind, listed: &[Reseller]) -> Vec<InviteKind> {
    let mut kinds = vec![InviteKind::Reseller];
    if kind == PartnerKind::IndirectReseller {
        kinds.extend(listed.iter().map(InviteKind::with_provider));
    }
    kinds
}

const ADMIN_HOME: &str = "https://admin.microsoft.com/Adminportal/Home";
const INVITATION_PAGE: &str = "#/BillingAccounts/partner-invitation";

/// The invitation link for the partner whose tenant is `partner_tenant_id`, in one of the
/// two formats listed in the module docs.
pub fn invitation_link(partner_tenant_id: &Guid, kind: &InviteKind, dap: bool) -> String {
    let partner = partner_tenant_id.as_str();
    let who = match kind {
        InviteKind::Reseller => format!("invType=ResellerRelationship&partnerId={partner}"),
        // In the joint link `partnerId` is the provider; the reseller is `indirectCSPId`.
        InviteKind::IndirectWithProvider {
            provider_tenant_id, ..
        } => format!(
            "invType=IndirectResellerRelationship\
             &partnerId={provider_tenant_id}&indirectCSPId={partner}"
        ),
    };
    format!("{ADMIN_HOME}?{who}&msppId=0&DAP={dap}{INVITATION_PAGE}")
}

/// Whether `link` asks for delegated administration privileges. The draft reads this from
/// the link itself so that its text can never disagree with what the customer accepts.
fn asks_for_dap(link: &str) -> bool {
    link.contains("&DAP=true")
}

// ---------------------------------------------------------------------------------------
// The draft
// ---------------------------------------------------------------------------------------

use crate::i18n::trf;
pub use crate::i18n::{Language, Message};

/// An email ready to be edited and sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    /// Lines end with `\n`; [`mailto_url`] turns them into CRLF.
    pub body: String,
}

/// The email asking the customer to accept the relationship by opening `link`, written in
/// `lang`, signed by `partner_name`. The link stands on a line of its own. Delegated
/// administration privileges are explained only when the link asks for them.
pub fn draft(lang: Language, partner_name: &str, kind: &InviteKind, link: &str) -> Draft {
    let partner = partner_name.trim();
    let provider = match kind {
        InviteKind::Reseller => None,
        InviteKind::IndirectWithProvider { provider_name, .. } => Some(provider_name.trim()),
    };
    let text = wording(lang, partner, provider);
    let mut paragraphs = vec![text.greeting, text.request, text.how, link.to_string()];
    if asks_for_dap(link) {
        paragraphs.push(text.dap);
    }
    paragraphs.push(text.questions);
    paragraphs.push(text.sign_off);
    Draft {
        subject: text.subject,
        body: paragraphs.join("\n\n"),
    }
}

/// One language's wording, with the names filled in.
struct Wording {
    subject: String,
    greeting: String,
    /// Who asks for what; in a joint invitation it names both partners.
    request: String,
    /// How to accept; ends just before the link.
    how: String,
    /// What delegated administration privileges mean, when the link asks for them.
    dap: String,
    questions: String,
    sign_off: String,
}

/// The email's texts in `lang` (the catalogue's `email.*`, `.joint` for a joint invitation).
fn wording(lang: Language, partner: &str, provider: Option<&str>) -> Wording {
    let joint = if provider.is_some() { ".joint" } else { "" };
    let args = [("partner", partner), ("provider", provider.unwrap_or(""))];
    let text = |key: &str| trf(lang, key, &args);
    Wording {
        subject: text(&format!("email.subject{joint}")),
        greeting: text("email.greeting"),
        request: text(&format!("email.request{joint}")),
        how: text("email.how"),
        dap: text(&format!("email.dap{joint}")),
        questions: text("email.questions"),
        sign_off: text("email.sign_off"),
    }
}

// ---------------------------------------------------------------------------------------
// The link guard
// ---------------------------------------------------------------------------------------

/// What became of the invitation link in an edited body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStatus {
    /// The exact link is there, anywhere in the body.
    Present,
    /// Nothing like the link is left.
    Missing,
    /// Something that looks like the link is there, but it is not the link.
    Altered,
}

impl LinkStatus {
    /// What to tell the user, or `None` when all is well.
    pub fn message(self) -> Option<Message> {
        match self {
            Self::Present => None,
            Self::Missing => Some(Message::new("invite.link.missing")),
            Self::Altered => Some(Message::new("invite.link.altered")),
        }
    }
}

/// Whether `body` still holds `link` exactly. A link with anything glued to its end (one
/// more character is a different URL) counts as altered, not present.
pub fn link_status(body: &str, link: &str) -> LinkStatus {
    if has_link(body, link) {
        LinkStatus::Present
    } else if link_like_span(body).is_some() {
        LinkStatus::Altered
    } else {
        LinkStatus::Missing
    }
}

/// `body` with the link put back: an altered link is replaced in place; a missing one is
/// added on its own line at the end, after a blank line. A body that already holds the
/// link is returned unchanged, so restoring twice is the same as restoring once.
pub fn restore_link(body: &str, link: &str) -> String {
    if has_link(body, link) {
        return body.to_string();
    }
    match link_like_span(body) {
        Some(span) => {
            let mut restored = body.to_string();
            restored.replace_range(span, link);
            restored
        }
        None => {
            let text = body.trim_end();
            if text.is_empty() {
                link.to_string()
            } else {
                format!("{text}\n\n{link}")
            }
        }
    }
}

fn has_link(body: &str, link: &str) -> bool {
    body.match_indices(link)
        .any(|(at, _)| ends_cleanly(&body[at + link.len()..]))
}

/// Characters that end a URL when they close a word: sentence punctuation, closing
/// brackets and quotes, and any non-ASCII character (e.g. "。" in Chinese text). Mail
/// clients leave them out of the link they make, so they do not change it.
fn closes_url(c: char) -> bool {
    !c.is_ascii() || ".,;:!?)]>\"'".contains(c)
}

/// True when what follows a URL, up to the next whitespace, does not extend it.
fn ends_cleanly(rest: &str) -> bool {
    rest.chars()
        .take_while(|c| !c.is_whitespace())
        .all(closes_url)
}

/// Parts of the link that survive most edits: a word holding one is taken for the link,
/// changed. Compared lowercase.
const LINK_MARKS: [&str; 3] = ["admin.microsoft.com/", "invtype=", "partner-invitation"];

/// Where the first link-looking URL in `body` is: within the first word holding one of
/// [`LINK_MARKS`], from where the URL starts to the end of the word, less any closing
/// punctuation. Restoring replaces this range.
fn link_like_span(body: &str) -> Option<Range<usize>> {
    words(body).find_map(|(at, word)| {
        let lower = word.to_ascii_lowercase();
        if !LINK_MARKS.iter().any(|mark| lower.contains(mark)) {
            return None;
        }
        let start = url_start(word, &lower);
        let end = word.trim_end_matches(closes_url).len();
        (start < end).then(|| at + start..at + end)
    })
}

/// Where the URL begins within a word, so that text glued before it (an opening bracket,
/// "請點選：") is kept: at "http" when there is one, else after any leading brackets,
/// quotes and non-ASCII text. `lower` is `word` in ASCII lowercase: the same byte offsets.
fn url_start(word: &str, lower: &str) -> usize {
    lower.find("http").unwrap_or_else(|| {
        let opening = |c: char| !c.is_ascii() || "([<\"'".contains(c);
        word.len() - word.trim_start_matches(opening).len()
    })
}

/// The whitespace-separated words of `text`, each with its byte offset.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // Each word is a slice of `text`, so its offset is the distance between the pointers.
    text.split_whitespace()
        .map(move |word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
}

// ---------------------------------------------------------------------------------------
// Leaving the app: mailto: and the clipboard
// ---------------------------------------------------------------------------------------

/// The longest `mailto:` URL we hand over. Mail handlers on Windows cut URLs at about
/// 2,000 characters, which would silently drop the end of the body, and with it perhaps
/// the link; past this, the user copies the email instead.
pub const MAILTO_LIMIT: usize = 2000;

/// A `mailto:` URL (RFC 6068) that opens the email in the user's mail app. `to` may be
/// empty. Subject and body are percent-encoded as UTF-8: every byte but `A-Z a-z 0-9 - . _ ~`
/// is encoded, spaces as `%20` and never `+` (many handlers read `+` literally, and URL
/// parsers read it as a space), and every line break becomes `%0D%0A` as RFC 6068 asks.
pub fn mailto_url(to: &str, subject: &str, body: &str) -> String {
    format!(
        "mailto:{}?subject={}&body={}",
        percent_encode(to.trim(), |b| is_unreserved(b) || b == b'@'),
        percent_encode(&crlf(subject), is_unreserved),
        percent_encode(&crlf(body), is_unreserved),
    )
}

/// Whether a URL from [`mailto_url`] is short enough for every mail handler. The URL is
/// ASCII, so bytes and characters are the same count.
pub fn mailto_fits(url: &str) -> bool {
    url.len() <= MAILTO_LIMIT
}

/// Checks the optional recipient typed for the `mailto:` URL: empty, or one plausible
/// address such as admin@contoso.com.
pub fn check_recipient(text: &str) -> Result<(), Message> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(());
    }
    let addresses = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|part| part.contains('@'))
        .count();
    if addresses > 1 {
        return Err(Message::new("invite.recipient.one_only"));
    }
    match text.split_once('@') {
        Some((local, domain)) if is_local_part(local) && is_domain(domain) => Ok(()),
        _ => Err(Message::new("invite.recipient.invalid")),
    }
}

/// The part before "@": RFC 5322 "atext" words joined by single dots.
fn is_local_part(text: &str) -> bool {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    text.len() <= 64
        && text
            .split('.')
            .all(|word| !word.is_empty() && word.chars().all(atext))
}

/// The email as one text for the clipboard: `Subject: {subject}`, a blank line, the body.
/// Pasted into a mail app's body, it shows the user which subject to use.
pub fn clipboard_text(subject: &str, body: &str) -> String {
    format!("Subject: {subject}\n\n{body}")
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

fn percent_encode(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `text` with every line break (`\r\n`, a lone `\r` or a lone `\n`) as `\r\n`.
fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\r\n");
            }
            '\n' => out.push_str("\r\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTNER: &str = "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";
    const PROVIDER: &str = "00000000-0000-4000-8000-000000000001";

    fn partner() -> Guid {
        Guid::parse(PARTNER).unwrap()
    }

    fn joint() -> InviteKind {
        InviteKind::IndirectWithProvider {
            provider_tenant_id: ResellerId::parse(PROVIDER).unwrap(),
            provider_name: "Adatum Distribution".into(),
        }
    }

    fn every_kind() -> [InviteKind; 2] {
        [InviteKind::Reseller, joint()]
    }

    fn reseller_link() -> String {
        invitation_link(&partner(), &InviteKind::Reseller, true)
    }

    /// Subject and body decoded by a real URL parser.
    fn decode(url: &str) -> (String, String) {
        let parsed = url::Url::parse(url).expect("a valid URL");
        assert_eq!(parsed.scheme(), "mailto");
        let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["subject", "body"], "{url}");
        (pairs[0].1.clone(), pairs[1].1.clone())
    }

    /// The recipient decoded by a real URL parser.
    fn decode_to(url: &str) -> String {
        let parsed = url::Url::parse(url).expect("a valid URL");
        // The address has no literal `+`, `&` or `=`, so form decoding is plain %-decoding.
        url::form_urlencoded::parse(parsed.path().as_bytes())
            .next()
            .map(|(k, _)| k.into_owned())
            .unwrap_or_default()
    }

    #[test]
    fn reseller_link_with_and_without_dap() {
        let base = "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship\
                    &partnerId=0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9&msppId=0";
        let page = "#/BillingAccounts/partner-invitation";
        assert_eq!(
            invitation_link(&partner(), &InviteKind::Reseller, true),
            format!("{base}&DAP=true{page}")
        );
        assert_eq!(
            invitation_link(&partner(), &InviteKind::Reseller, false),
            format!("{base}&DAP=false{page}")
        );
    }

    #[test]
    fn joint_link_names_the_provider_as_partner_and_the_reseller_as_indirect_csp() {
        let uppercase = Guid::parse(&PARTNER.to_uppercase()).unwrap();
        assert_eq!(
            invitation_link(&uppercase, &joint(), false),
            "https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship\
             &partnerId=00000000-0000-4000-8000-000000000001\
             &indirectCSPId=0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9\
             &msppId=0&DAP=false#/BillingAccounts/partner-invitation"
        );
        assert!(invitation_link(&partner(), &joint(), true).contains("&DAP=true#/"));
    }

    #[test]
    fn only_an_indirect_reseller_gets_joint_invitations() {
        let listed = [Reseller {
            id: ResellerId::parse(PROVIDER).unwrap(),
            name: "Adatum Distribution".into(),
        }];
        assert_eq!(
            invite_kinds(PartnerKind::IndirectReseller, &listed),
            [InviteKind::Reseller, joint()]
        );
        assert_eq!(
            invite_kinds(PartnerKind::DirectPartner, &listed),
            [InviteKind::Reseller]
        );
        assert_eq!(
            invite_kinds(PartnerKind::IndirectProvider, &listed),
            [InviteKind::Reseller]
        );
    }

    #[test]
    fn languages_have_codes_and_native_labels() {
        let pairs: Vec<(&str, &str)> = Language::ALL
            .iter()
            .map(|l| (l.code(), l.label()))
            .collect();
        assert_eq!(
            pairs,
            [("en", "English"), ("fr", "Français"), ("zh-TW", "繁體中文")]
        );
        for lang in Language::ALL {
            assert_eq!(Language::from_code(lang.code()), Some(lang));
        }
        assert_eq!(
            Language::from_code(" zh_tw "),
            Some(Language::TraditionalChinese)
        );
        assert_eq!(Language::from_code("FR"), Some(Language::French));
        assert_eq!(Language::from_code("zh-CN"), None);
        assert_eq!(Language::from_code(""), None);
    }

    #[test]
    fn every_draft_holds_the_link_once_on_its_own_line() {
        for lang in Language::ALL {
            for kind in every_kind() {
                for dap in [true, false] {
                    let link = invitation_link(&partner(), &kind, dap);
                    let d = draft(lang, "Fabrikam Cloud", &kind, &link);
                    assert_eq!(d.body.matches(&link).count(), 1, "{lang:?} {kind:?}");
                    assert!(d.body.lines().any(|line| line == link), "{}", d.body);
                    assert_eq!(link_status(&d.body, &link), LinkStatus::Present);
                    assert!(!d.body.contains('\r'));
                    assert!(d.body.contains("Fabrikam Cloud"));
                    assert!(!d.subject.contains('\n'));
                }
            }
        }
    }

    #[test]
    fn dap_is_explained_only_when_the_link_asks_for_it() {
        let privileges = ["DAP", "privileges", "privilèges", "權限"];
        for lang in Language::ALL {
            for kind in every_kind() {
                let on = invitation_link(&partner(), &kind, true);
                let off = invitation_link(&partner(), &kind, false);
                let with = draft(lang, "Fabrikam", &kind, &on).body.replace(&on, "");
                let without = draft(lang, "Fabrikam", &kind, &off).body.replace(&off, "");
                assert!(with.contains("DAP"), "{lang:?}");
                assert!(
                    privileges.iter().all(|p| !without.contains(p)),
                    "{lang:?}: {without}"
                );
            }
        }
    }

    #[test]
    fn joint_drafts_name_both_partners() {
        let link = invitation_link(&partner(), &joint(), true);
        for lang in Language::ALL {
            let d = draft(lang, "Fabrikam", &joint(), &link);
            for name in ["Fabrikam", "Adatum Distribution"] {
                assert!(d.subject.contains(name), "{lang:?}");
                assert!(d.body.contains(name), "{lang:?}");
            }
        }
    }

    #[test]
    fn drafts_are_written_in_their_language() {
        let link = reseller_link();
        let en = draft(Language::English, "Fabrikam", &InviteKind::Reseller, &link);
        assert!(en.body.contains("Global admin"));
        let fr = draft(Language::French, "Fabrikam", &InviteKind::Reseller, &link);
        for word in [
            "Bonjour",
            "revendeur",
            "administrateur général",
            "Cordialement",
        ] {
            assert!(fr.body.contains(word), "{word}");
        }
        assert!(fr.subject.contains("revendeur"));
        let zh = draft(
            Language::TraditionalChinese,
            "Fabrikam",
            &InviteKind::Reseller,
            &link,
        );
        for word in ["經銷商", "委派的系統管理權限", "全域管理員"] {
            assert!(zh.body.contains(word), "{word}");
        }
        let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        assert!(zh.subject.chars().any(cjk));
    }

    #[test]
    fn a_removed_link_is_missing() {
        let link = reseller_link();
        let body = draft(Language::English, "Fabrikam", &InviteKind::Reseller, &link).body;
        let cut = body.replace(&link, "");
        assert_eq!(link_status(&cut, &link), LinkStatus::Missing);
        assert_eq!(link_status("", &link), LinkStatus::Missing);
        assert!(LinkStatus::Missing
            .message()
            .unwrap()
            .to_string()
            .contains("removed"));
    }

    #[test]
    fn one_changed_character_alters_the_link() {
        let link = reseller_link();
        let body = draft(Language::English, "Fabrikam", &InviteKind::Reseller, &link).body;
        // Change one character at the start, in the tenant ID, and at the very end.
        for at in [0, link.find("partnerId=").unwrap() + 10, link.len() - 1] {
            let mut changed = link.clone();
            changed.replace_range(at..at + 1, "X");
            let edited = body.replace(&link, &changed);
            assert_eq!(
                link_status(&edited, &link),
                LinkStatus::Altered,
                "{changed}"
            );
        }
        let extended = body.replace(&link, &format!("{link}x"));
        assert_eq!(link_status(&extended, &link), LinkStatus::Altered);
        let without_prefix = body.replace(&link, &link["https://".len()..]);
        assert_eq!(link_status(&without_prefix, &link), LinkStatus::Altered);
        assert!(LinkStatus::Altered
            .message()
            .unwrap()
            .to_string()
            .contains("changed"));
        assert_eq!(LinkStatus::Present.message(), None);
    }

    #[test]
    fn a_moved_link_is_present() {
        let link = reseller_link();
        let body = draft(Language::English, "Fabrikam", &InviteKind::Reseller, &link).body;
        let moved = format!("Open ({link}). {}", body.replace(&link, ""));
        assert_eq!(link_status(&moved, &link), LinkStatus::Present);
        let glued = format!("請點選：{link}。");
        assert_eq!(link_status(&glued, &link), LinkStatus::Present);
    }

    #[test]
    fn restoring_replaces_an_altered_link_in_place() {
        let link = reseller_link();
        let changed = link.replace("DAP=true", "DAP=tru");
        let body = format!("Hello,\n\nPlease open ({changed}).\n\nThanks");
        let restored = restore_link(&body, &link);
        assert_eq!(
            restored,
            format!("Hello,\n\nPlease open ({link}).\n\nThanks")
        );
        assert_eq!(restore_link(&restored, &link), restored);
        let glued = format!("請點選：{}。", &link["https://".len()..]);
        assert_eq!(restore_link(&glued, &link), format!("請點選：{link}。"));
    }

    #[test]
    fn restoring_appends_a_missing_link_once() {
        let link = reseller_link();
        let restored = restore_link("Hello,\n\nThanks\n\n", &link);
        assert_eq!(restored, format!("Hello,\n\nThanks\n\n{link}"));
        assert_eq!(restore_link(&restored, &link), restored);
        assert_eq!(restore_link(" \n", &link), link);
    }

    #[test]
    fn restoring_a_present_link_changes_nothing() {
        let link = reseller_link();
        let body = draft(Language::French, "Fabrikam", &joint(), &link).body;
        assert_eq!(restore_link(&body, &link), body);
    }

    #[test]
    fn mailto_encodes_every_reserved_byte_and_never_uses_plus() {
        let url = mailto_url("", "a b+c", "&?#%=+é\n");
        assert_eq!(
            url,
            "mailto:?subject=a%20b%2Bc&body=%26%3F%23%25%3D%2B%C3%A9%0D%0A"
        );
    }

    #[test]
    fn mailto_round_trips_accents_cjk_and_delimiters() {
        let subject = "Relation de revendeur : Café & Co? 100% #1 + 經銷商";
        let body = "Bonjour,\nligne deux\r\nligne trois\rfin & ? # % + = 繁體中文 😀";
        let url = mailto_url("admin@contoso.com", subject, body);
        assert!(url.is_ascii());
        assert!(!url.contains('+'));
        let (s, b) = decode(&url);
        assert_eq!(s, subject);
        assert_eq!(
            b,
            "Bonjour,\r\nligne deux\r\nligne trois\r\nfin & ? # % + = 繁體中文 😀"
        );
        assert_eq!(decode_to(&url), "admin@contoso.com");
    }

    #[test]
    fn a_literal_plus_survives_query_pairs() {
        // query_pairs() reads `+` as a space, like many mail handlers: it must be %2B.
        let (s, b) = decode(&mailto_url("", "1+1", "a+b c"));
        assert_eq!((s.as_str(), b.as_str()), ("1+1", "a+b c"));
    }

    #[test]
    fn mailto_without_recipient() {
        let url = mailto_url("  ", "Hi", "There");
        assert_eq!(url, "mailto:?subject=Hi&body=There");
        assert_eq!(decode(&url), ("Hi".into(), "There".into()));
    }

    #[test]
    fn the_recipient_is_encoded_but_keeps_its_at_sign() {
        let url = mailto_url(" a+b?c&d#e%f@contoso.com ", "s", "b");
        assert!(url.starts_with("mailto:a%2Bb%3Fc%26d%23e%25f@contoso.com?subject=s&body=b"));
        assert_eq!(decode_to(&url), "a+b?c&d#e%f@contoso.com");
        assert_eq!(decode(&url), ("s".into(), "b".into()));
    }

    #[test]
    fn a_long_body_does_not_fit() {
        let url = mailto_url("", "Hi", &"word ".repeat(400));
        assert!(!mailto_fits(&url));
        assert!(mailto_fits(&"m".repeat(MAILTO_LIMIT)));
        assert!(!mailto_fits(&"m".repeat(MAILTO_LIMIT + 1)));
    }

    #[test]
    fn every_draft_fits_in_a_mailto_url() {
        // Long but ordinary names and recipient: the Chinese joint draft is the longest.
        let partner_name = "Fabrikam Cloud Solutions Ltd";
        let kinds = [
            InviteKind::Reseller,
            InviteKind::IndirectWithProvider {
                provider_tenant_id: ResellerId::parse(PROVIDER).unwrap(),
                provider_name: "Adatum Distribution Europe".into(),
            },
        ];
        for lang in Language::ALL {
            for kind in &kinds {
                for dap in [true, false] {
                    let link = invitation_link(&partner(), kind, dap);
                    let d = draft(lang, partner_name, kind, &link);
                    let url = mailto_url("it-admin@northwindtraders.com", &d.subject, &d.body);
                    assert!(mailto_fits(&url), "{lang:?} {kind:?} {dap}: {}", url.len());
                    let (_, body) = decode(&url);
                    assert_eq!(body, d.body.replace('\n', "\r\n"));
                }
            }
        }
    }

    #[test]
    fn recipients_are_empty_or_one_address() {
        for ok in [
            "",
            "  ",
            "admin@contoso.com",
            " first.last+invite@sub.contoso.co.uk ",
        ] {
            assert_eq!(check_recipient(ok), Ok(()), "{ok:?}");
        }
        for bad in [
            "admin",
            "admin@",
            "@contoso.com",
            "admin@contoso",
            "ad min@contoso.com",
            "a..b@contoso.com",
            ".a@contoso.com",
            "a@b@contoso.com",
            "Admin <admin@contoso.com>",
        ] {
            assert!(
                check_recipient(bad)
                    .unwrap_err()
                    .to_string()
                    .contains("such as"),
                "{bad:?}"
            );
        }
        for many in [
            "a@contoso.com, b@contoso.com",
            "a@contoso.com;b@contoso.com",
            "a@x.com b@x.com",
        ] {
            assert!(
                check_recipient(many)
                    .unwrap_err()
                    .to_string()
                    .contains("one address"),
                "{many:?}"
            );
        }
    }

    #[test]
    fn clipboard_text_puts_the_subject_first() {
        assert_eq!(
            clipboard_text("Hi", "Body\nmore"),
            "Subject: Hi\n\nBody\nmore"
        );
    }
}
