-- Saved views of the customer list (crates/domain/src/views.rs), each user's own: a name
-- and the list's URL parameters. `name_key` is the name as the domain compares names
-- (trimmed, lowercased), so saving under a name in another case replaces that view;
-- `position` keeps the order the views were first saved in. A removed user's views go
-- with them.
CREATE TABLE saved_views (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name_key TEXT NOT NULL,
    name TEXT NOT NULL,
    params TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (user_id, name_key)
)
--;
