//! A bucket of customers as the browser's IndexedDB store keeps it: the records whose IDs
//! share their first digits, each with the revision that wrote it.
//!
//! Each record is written as a JSON array in a fixed order, not as an object: the field
//! names were two fifths of the bytes, and opening a book reads, copies and parses every
//! byte (100,000 customers were 53 MB as objects). Buckets written as objects, before,
//! still read: a store rewrites each bucket in the packed form the next time it writes it.
//!
//! ```
//! use clientele_domain::{bucket, sample};
//! let customers = sample::generate(1, 3).customers;
//! let records: Vec<_> = customers.into_iter().map(|v| bucket::Rec { r: 7, v }).collect();
//! let bytes = bucket::encode(&records);
//! assert_eq!(bucket::decode(std::str::from_utf8(&bytes).unwrap()).unwrap(), records);
//! ```

use serde::{Deserialize, Serialize};

use crate::model::{
    AccountDetails, Address, Contact, Customer, CustomerId, Relationship, ResellerId,
};

/// A record with the revision that wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rec<T> {
    pub r: u64,
    pub v: T,
}

pub type Bucket = Vec<Rec<Customer>>;

/// The bucket's bytes: UTF-8 JSON, one array per record (see [`Packed`]).
pub fn encode(bucket: &[Rec<Customer>]) -> Vec<u8> {
    let packed: Vec<Packed> = bucket.iter().map(Packed::of).collect();
    serde_json::to_vec(&packed).expect("records serialize to JSON")
}

/// A bucket read back, in either form: packed arrays, or objects as they were written before.
pub fn decode(text: &str) -> Result<Bucket, serde_json::Error> {
    let first = text.trim_start().strip_prefix('[').map(str::trim_start);
    if first.is_some_and(|rest| rest.starts_with('{')) {
        return serde_json::from_str(text);
    }
    let records: Vec<Unpacked> = serde_json::from_str(text)?;
    Ok(records.into_iter().map(|u| u.0).collect())
}

/// One record, in this order: the revision, then the customer's ID, company name, primary
/// domain, relationship, reseller (or `null`), billing address (line 1, line 2, city, state,
/// postal code, country), primary contact (first name, last name, email, phone), created,
/// the wizard's details (`null` when empty), tags.
#[derive(Serialize)]
struct Packed<'a>(
    u64,
    &'a CustomerId,
    &'a str,
    &'a str,
    Relationship,
    Option<&'a ResellerId>,
    (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str),
    (&'a str, &'a str, &'a str, &'a str),
    &'a str,
    Option<&'a AccountDetails>,
    &'a [String],
);

impl<'a> Packed<'a> {
    fn of(rec: &'a Rec<Customer>) -> Self {
        let c = &rec.v;
        let a = &c.billing_address;
        let p = &c.primary_contact;
        Packed(
            rec.r,
            &c.id,
            &c.company_name,
            &c.primary_domain,
            c.relationship,
            c.reseller_id.as_ref(),
            (
                &a.line1,
                &a.line2,
                &a.city,
                &a.state,
                &a.postal_code,
                &a.country,
            ),
            (&p.first_name, &p.last_name, &p.email, &p.phone),
            &c.created_at,
            (!c.details.is_empty()).then_some(&c.details),
            &c.tags,
        )
    }
}

/// What [`Packed`] wrote, read back into its record.
#[derive(Deserialize)]
#[serde(from = "Fields")]
struct Unpacked(Rec<Customer>);

#[derive(Deserialize)]
struct Fields(
    u64,
    CustomerId,
    String,
    String,
    Relationship,
    Option<ResellerId>,
    (String, String, String, String, String, String),
    (String, String, String, String),
    String,
    Option<AccountDetails>,
    Vec<String>,
);

impl From<Fields> for Unpacked {
    fn from(f: Fields) -> Self {
        let Fields(
            r,
            id,
            company_name,
            primary_domain,
            relationship,
            reseller_id,
            a,
            p,
            created_at,
            details,
            tags,
        ) = f;
        Unpacked(Rec {
            r,
            v: Customer {
                id,
                company_name,
                primary_domain,
                relationship,
                reseller_id,
                billing_address: Address {
                    line1: a.0,
                    line2: a.1,
                    city: a.2,
                    state: a.3,
                    postal_code: a.4,
                    country: a.5,
                },
                primary_contact: Contact {
                    first_name: p.0,
                    last_name: p.1,
                    email: p.2,
                    phone: p.3,
                },
                created_at,
                details: details.unwrap_or_default(),
                tags,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Agreement;
    use crate::sample;
    use proptest::prelude::*;

    fn records(n: usize, seed: u64) -> Bucket {
        sample::generate(seed, n)
            .customers
            .into_iter()
            .enumerate()
            .map(|(i, v)| Rec { r: i as u64 * 3, v })
            .collect()
    }

    #[test]
    fn a_bucket_written_as_objects_still_reads() {
        let old = records(5, 2);
        let text = serde_json::to_string(&old).unwrap();
        assert!(text.starts_with("[{"));
        assert_eq!(decode(&text).unwrap(), old);
        // Whitespace before the first record changes nothing.
        assert_eq!(decode(&format!(" [ \n{}", &text[1..])).unwrap(), old);
    }

    #[test]
    fn packed_is_smaller_than_objects() {
        let bucket = records(25, 3);
        let packed = encode(&bucket).len();
        let objects = serde_json::to_vec(&bucket).unwrap().len();
        assert!(packed * 10 < objects * 7, "{packed} vs {objects}");
    }

    #[test]
    fn an_empty_bucket_reads_as_empty() {
        assert_eq!(
            decode(std::str::from_utf8(&encode(&[])).unwrap()).unwrap(),
            vec![]
        );
        assert_eq!(decode("[]").unwrap(), vec![]);
    }

    #[test]
    fn a_record_missing_a_field_is_refused() {
        let text = String::from_utf8(encode(&records(1, 4))).unwrap();
        let cut = text.rfind(",[]").expect("the tags are last");
        assert!(decode(&format!("{}]]", &text[..cut])).is_err());
    }

    proptest! {
        /// Every field comes back as written, whatever it holds: the wizard's details, tags,
        /// empty strings, a direct customer or one with a reseller.
        #[test]
        fn packed_records_read_back_equal(
            seed in any::<u64>(),
            n in 0usize..30,
            name in "\\PC{0,20}",
            tags in proptest::collection::vec("[a-zé台 ]{1,8}", 0..4),
            culture in "[a-z]{0,2}",
            accepted in any::<bool>(),
        ) {
            let mut bucket = records(n, seed);
            if let Some(first) = bucket.first_mut() {
                first.v.company_name = name;
                first.v.tags = tags;
                first.v.details.culture = culture;
                if accepted {
                    first.v.details.agreement = Agreement::Attested {
                        first_name: "Lena".into(),
                        last_name: "Bauer".into(),
                        email: "lena@example.com".into(),
                        date: "2026-12-02".into(),
                    };
                }
                first.v.billing_address.line2 = String::new();
            }
            let bytes = encode(&bucket);
            prop_assert_eq!(decode(std::str::from_utf8(&bytes).unwrap()).unwrap(), bucket);
        }
    }
}
