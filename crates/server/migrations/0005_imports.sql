-- Customer files imported in batches (src/routes/imports.rs). An import keeps what its
-- batches wrote, so closing it logs one "Customers imported" entry with the totals, and
-- undoing it takes out exactly the customers it added and puts back those it updated.
CREATE TABLE imports (
    id {{id_text}} PRIMARY KEY,
    file_name TEXT NOT NULL,
    skipped BIGINT NOT NULL,
    errors BIGINT NOT NULL,
    -- Set once logged (closed) and once undone; a closed or undone import takes no batch.
    closed_at_ms BIGINT,
    undone_at_ms BIGINT,
    created_by TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
)
--;
-- One row per customer an import wrote. `before_json`: the customer as it was (NULL: the
-- import added it); `version`: the version the import left it at. Every write bumps a
-- customer's version, so undo is refused once a customer's version is another.
CREATE TABLE import_items (
    import_id {{id_text}} NOT NULL,
    customer_id {{id_text}} NOT NULL,
    before_json TEXT,
    version BIGINT NOT NULL,
    PRIMARY KEY (import_id, customer_id)
)
--;
-- Customers deleted for good (an import undone), as tombstones for the change feed: a
-- replica drops them. Purged with the removed customers (src/store/feed.rs).
CREATE TABLE deletions (
    customer_id {{id_text}} NOT NULL,
    deleted_at_ms BIGINT NOT NULL,
    revision BIGINT NOT NULL
)
--;
CREATE INDEX deletions_by_revision ON deletions (revision)
