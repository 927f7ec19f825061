-- What the inventory learned or was told, so a restart keeps it: route templates learned from
-- traffic (and approved, renamed or split by an admin), imported OpenAPI specs, and the audit log
-- of every change made through the API. ReplacingMergeTree keyed by the thing changed: the newest
-- version wins (readers use FINAL; these tables stay small).
CREATE TABLE IF NOT EXISTS route_templates
(
    id         String,
    service    LowCardinality(String),
    prefix     String,
    name       String,
    status     LowCardinality(String),
    kept       Array(String),
    distinct   UInt32,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

CREATE TABLE IF NOT EXISTS api_specs
(
    service     LowCardinality(String),
    title       String,
    version     String,
    -- JSON array of {method, path, deprecated}
    operations  String,
    imported_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(imported_at)
ORDER BY service;

-- Every change made through the API: who (the credential's role), what, to which thing, and the
-- values before and after as JSON. Plain MergeTree: nothing here is ever replaced.
CREATE TABLE IF NOT EXISTS audit_log
(
    ts      DateTime64(3, 'UTC'),
    actor   LowCardinality(String),
    action  LowCardinality(String),
    target  String,
    detail  String
)
ENGINE = MergeTree
ORDER BY ts;
