-- Settings the analyzer applied to the store (for now the retention in days), so a restart with
-- the same config does not rewrite table TTLs.
CREATE TABLE IF NOT EXISTS store_settings
(
    key        LowCardinality(String),
    value      String,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY key
