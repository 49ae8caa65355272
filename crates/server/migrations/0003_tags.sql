-- A customer's tags (crates/domain/src/tags.rs): a JSON array of strings, read and written
-- whole with the record. Rows written before tags existed have none.
ALTER TABLE customers ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'
--;
