-- Every AccessEvent, one row each, principal fields flattened. ReplacingMergeTree with event_id
-- in the sorting key collapses re-delivered events; the key holds only fields fixed per event, so
-- a duplicate always lands on the same key (and, by PARTITION BY ts, in the same partition).
-- Readers count with FINAL until merges have collapsed the duplicates (see inventory/).
CREATE TABLE IF NOT EXISTS events
(
    event_id              String,
    ts                    DateTime64(3, 'UTC'),
    collector             LowCardinality(String),
    service               LowCardinality(String),
    host                  LowCardinality(String),
    method                LowCardinality(String),
    path                  String,
    route                 LowCardinality(String),
    query                 String,
    status                UInt16,
    latency_ms            Nullable(Float64),
    request_bytes         Nullable(UInt64),
    response_bytes        Nullable(UInt64),
    client_ip             String,
    forwarded_for         Array(String),
    user_agent            String,
    principal_kind        LowCardinality(String),
    principal_fingerprint String,
    principal_subject     String,
    principal_issuer      LowCardinality(String),
    principal_audience    Array(LowCardinality(String)),
    principal_client_id   LowCardinality(String),
    principal_scopes      Array(LowCardinality(String)),
    principal_iat         Nullable(Int64),
    principal_exp         Nullable(Int64),
    principal_jti         String,
    principal_alg         LowCardinality(String),
    request_id            String,
    gateway_route         LowCardinality(String),
    ingested_at           DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMMDD(ts)
ORDER BY (service, toStartOfHour(ts), ts, event_id)
-- Retention counts from ingestion, not event time: a replayed log from last year must not be
-- dropped on arrival. store/retention.ts sets the configured number of days at start.
TTL toDateTime(ingested_at) + INTERVAL 30 DAY
