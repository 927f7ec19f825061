-- Alerts: one row per version of an alert group (type, subject). The engine writes a new version
-- with a higher `version` on every update; readers use FINAL, so each id reads as its latest.
CREATE TABLE IF NOT EXISTS alerts
(
    id            String,
    type          LowCardinality(String),
    severity      LowCardinality(String),
    owasp         LowCardinality(String),
    subject_kind  LowCardinality(String),
    subject_id    String,
    subject_label String,
    status        LowCardinality(String),
    first_seen    DateTime64(3, 'UTC'),
    last_seen     DateTime64(3, 'UTC'),
    detected_at   DateTime64(3, 'UTC'),
    updated_at    DateTime64(3, 'UTC'),
    summary       String,
    evidence      String,
    version       UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;
