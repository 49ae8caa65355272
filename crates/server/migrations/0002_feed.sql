-- The change feed (GET /api/changes, src/store/feed.rs). Every write takes a revision for
-- each record and log entry it writes from the single row of `feed`, in the write's
-- transaction, and stores it in the row's `revision` column: the feed is the rows whose
-- revision is above a replica's, in revision order. `floor`: a replica behind it must read the book
-- again in full (records were purged); `database_id` (set at first start) tells a replica
-- it is talking to another database.
CREATE TABLE feed (
    id BIGINT PRIMARY KEY,
    revision BIGINT NOT NULL,
    floor BIGINT NOT NULL,
    database_id TEXT NOT NULL
)
--;
ALTER TABLE customers ADD COLUMN revision BIGINT NOT NULL DEFAULT 0
--;
ALTER TABLE subscriptions ADD COLUMN revision BIGINT NOT NULL DEFAULT 0
--;
ALTER TABLE settings ADD COLUMN revision BIGINT NOT NULL DEFAULT 0
--;
ALTER TABLE activity ADD COLUMN revision BIGINT NOT NULL DEFAULT 0
--;
-- The rows already there get a revision each: customers, then subscriptions, the settings
-- row and the log entries (in the order written), so the counter starts above all of them.
UPDATE customers SET revision = r.n
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM customers) AS r
WHERE customers.id = r.id
--;
UPDATE subscriptions SET revision = r.n + (SELECT COUNT(*) FROM customers)
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM subscriptions) AS r
WHERE subscriptions.id = r.id
--;
UPDATE settings SET revision = (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM subscriptions) + 1
--;
UPDATE activity SET revision = r.n + (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM subscriptions) + 1
FROM (SELECT seq, ROW_NUMBER() OVER (ORDER BY seq) AS n FROM activity) AS r
WHERE activity.seq = r.seq
--;
INSERT INTO feed (id, revision, floor, database_id)
SELECT 1, (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM subscriptions) + 1
    + (SELECT COUNT(*) FROM activity), 0, ''
--;
CREATE INDEX customers_by_revision ON customers (revision)
--;
CREATE INDEX subscriptions_by_revision ON subscriptions (revision)
--;
CREATE INDEX activity_by_revision ON activity (revision)
