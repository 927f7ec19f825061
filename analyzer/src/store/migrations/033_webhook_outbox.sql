-- Webhook outbox: one row per (alert change, receiver), written with the alert in the same
-- batch, delivered by the dispatcher with retries. Each state change is a new row version.
CREATE TABLE IF NOT EXISTS webhook_outbox
(
    id              String,
    receiver        LowCardinality(String),
    alert_id        String,
    event           LowCardinality(String),
    payload         String,
    status          LowCardinality(String),
    attempts        UInt32,
    next_attempt_at DateTime64(3, 'UTC'),
    last_error      String,
    created_at      DateTime64(3, 'UTC'),
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;
