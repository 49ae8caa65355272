-- Clientele's schema, written once for SQLite and PostgreSQL. Two placeholders are filled
-- in per backend by src/db.rs:
--   {{id_text}}  text compared byte by byte (COLLATE "C" on PostgreSQL), so that IDs and
--                sort keys order exactly as Rust strings do, whatever the database locale;
--   {{serial}}   an auto-incrementing integer primary key.
-- Nested value objects (address, contact, account details, the partner profile) are JSON
-- text: they are read and written whole and never queried on their own.
-- Statements are separated by lines holding only "--;".

CREATE TABLE customers (
    id {{id_text}} PRIMARY KEY,
    company_name TEXT NOT NULL,
    -- search::fold(company_name): the list's display order.
    sort_key {{id_text}} NOT NULL,
    -- search::search_key(customer): what a query is looked for in.
    search_key TEXT NOT NULL,
    primary_domain TEXT NOT NULL,
    -- lowercase primary_domain, to refuse a domain another customer has.
    domain_key TEXT NOT NULL,
    relationship TEXT NOT NULL,
    reseller_id TEXT,
    billing_address TEXT NOT NULL,
    primary_contact TEXT NOT NULL,
    details TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- Set while the relationship is removed; the record is kept to be reinstated.
    removed_at_ms BIGINT,
    removed_by TEXT,
    -- Bumped by every write; the ETag.
    version BIGINT NOT NULL
)
--;
CREATE INDEX customers_by_name ON customers (sort_key, id)
--;
CREATE INDEX customers_by_domain ON customers (domain_key)
--;
CREATE INDEX customers_by_reseller ON customers (reseller_id)
--;
CREATE TABLE subscriptions (
    id {{id_text}} PRIMARY KEY,
    customer_id {{id_text}} NOT NULL REFERENCES customers (id),
    offer_name TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    status TEXT NOT NULL,
    reseller_id TEXT,
    -- When and in which order they were added: a customer's subscriptions are listed so.
    added_at_ms BIGINT NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL
)
--;
CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id, added_at_ms, position)
--;
CREATE TABLE activity (
    seq {{serial}},
    at_ms BIGINT NOT NULL,
    customer_id TEXT,
    customer_name TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    before_text TEXT NOT NULL,
    after_text TEXT NOT NULL,
    performed_by TEXT NOT NULL
)
--;
CREATE INDEX activity_by_time ON activity (at_ms, seq)
--;
CREATE INDEX activity_by_customer ON activity (customer_id, at_ms)
--;
CREATE TABLE settings (
    id BIGINT PRIMARY KEY,
    partner TEXT NOT NULL,
    resellers TEXT NOT NULL,
    version BIGINT NOT NULL
)
--;
INSERT INTO settings (id, partner, resellers, version) VALUES (1, '', '[]', 1)
--;
CREATE TABLE users (
    id {{serial}},
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    -- SHA-256 of the bearer token, hex; the token itself is never stored.
    token_hash TEXT NOT NULL UNIQUE,
    created_at_ms BIGINT NOT NULL
)
--;
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL,
    idem_key TEXT NOT NULL,
    -- SHA-256 of the request (method, path, body): a key reused for another request is refused.
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    body TEXT NOT NULL,
    etag TEXT,
    location TEXT,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
)
