-- Input the pipeline could not use, kept (truncated to 4 KiB) with the reason, so an operator
-- can see what was refused and why. Plain MergeTree: each rejection is its own row.
CREATE TABLE IF NOT EXISTS dead_letters
(
    received_at DateTime64(3, 'UTC'),
    source      LowCardinality(String),
    origin      String,
    reason      LowCardinality(String),
    error       String,
    raw         String,
    raw_bytes   UInt32
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (received_at, reason)
TTL toDateTime(received_at) + INTERVAL 30 DAY
