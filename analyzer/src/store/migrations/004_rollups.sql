-- Enrichment columns on events, and the rollups the inventory, the principal and IP profiles and
-- the cross-principal detectors read instead of scanning raw events.
--
-- The rollups are AggregatingMergeTree tables fed by materialized views on every insert into
-- events. A materialized view sees each inserted block, so a duplicate that reached the insert
-- would be counted twice here even though events (ReplacingMergeTree) collapses it: the analyzer
-- drops already-stored event_ids before inserting (store/dedupe), which keeps the rollups exact.
-- Readers merge states with the -Merge combinators and sum/min/max the simple columns, GROUP BY
-- the key: rows are only partially aggregated until parts merge.

-- Allowlisted request headers the collector kept (never credentials).
ALTER TABLE events ADD COLUMN IF NOT EXISTS headers Map(LowCardinality(String), String) AFTER gateway_route;
-- ISO 3166-1 alpha-2 country of client_ip, '' when unknown (offline GeoIP data, enrich/).
ALTER TABLE events ADD COLUMN IF NOT EXISTS country LowCardinality(String) AFTER headers;
-- Autonomous system number of client_ip, 0 when unknown, and its organisation.
ALTER TABLE events ADD COLUMN IF NOT EXISTS asn UInt32 AFTER country;
ALTER TABLE events ADD COLUMN IF NOT EXISTS as_org LowCardinality(String) AFTER asn;
-- User-agent family (Chrome, curl, python-requests, okhttp, ...), '' when unknown.
ALTER TABLE events ADD COLUMN IF NOT EXISTS ua_family LowCardinality(String) AFTER as_org;
-- Name of a known bot or crawler (Googlebot, ...), '' when the client is not a known bot.
ALTER TABLE events ADD COLUMN IF NOT EXISTS bot LowCardinality(String) AFTER ua_family;

-- Per endpoint and minute of event time.
CREATE TABLE IF NOT EXISTS endpoint_minute
(
    service          LowCardinality(String),
    method           LowCardinality(String),
    route            LowCardinality(String),
    minute           DateTime('UTC'),
    requests         SimpleAggregateFunction(sum, UInt64),
    status_2xx       SimpleAggregateFunction(sum, UInt64),
    status_3xx       SimpleAggregateFunction(sum, UInt64),
    status_4xx       SimpleAggregateFunction(sum, UInt64),
    status_5xx       SimpleAggregateFunction(sum, UInt64),
    -- 1xx and 0 (no answer sent)
    status_other     SimpleAggregateFunction(sum, UInt64),
    status_401       SimpleAggregateFunction(sum, UInt64),
    status_403       SimpleAggregateFunction(sum, UInt64),
    status_404       SimpleAggregateFunction(sum, UInt64),
    status_429       SimpleAggregateFunction(sum, UInt64),
    auth_none        SimpleAggregateFunction(sum, UInt64),
    auth_api_key     SimpleAggregateFunction(sum, UInt64),
    auth_bearer      SimpleAggregateFunction(sum, UInt64),
    auth_jwt         SimpleAggregateFunction(sum, UInt64),
    auth_basic       SimpleAggregateFunction(sum, UInt64),
    auth_cookie      SimpleAggregateFunction(sum, UInt64),
    -- 2xx answers to requests without credentials (inventory.unauthenticated_access)
    unauth_2xx       SimpleAggregateFunction(sum, UInt64),
    latency_q        AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Nullable(Float64)),
    latency_sum      SimpleAggregateFunction(sum, Float64),
    latency_count    SimpleAggregateFunction(sum, UInt64),
    request_bytes_sum  SimpleAggregateFunction(sum, UInt64),
    response_bytes_sum SimpleAggregateFunction(sum, UInt64),
    request_bytes_q  AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Nullable(UInt64)),
    response_bytes_q AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Nullable(UInt64)),
    -- distinct callers: the credential fingerprint, else the client IP
    consumers        AggregateFunction(uniq, String),
    first_seen       SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen        SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (service, method, route, minute);

CREATE MATERIALIZED VIEW IF NOT EXISTS endpoint_minute_mv TO endpoint_minute AS
SELECT
    service, method, route,
    toStartOfMinute(ts) AS minute,
    count() AS requests,
    countIf(status >= 200 AND status < 300) AS status_2xx,
    countIf(status >= 300 AND status < 400) AS status_3xx,
    countIf(status >= 400 AND status < 500) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status < 200) AS status_other,
    countIf(status = 401) AS status_401,
    countIf(status = 403) AS status_403,
    countIf(status = 404) AS status_404,
    countIf(status = 429) AS status_429,
    countIf(principal_kind = 'none') AS auth_none,
    countIf(principal_kind = 'api_key') AS auth_api_key,
    countIf(principal_kind = 'bearer') AS auth_bearer,
    countIf(principal_kind = 'jwt') AS auth_jwt,
    countIf(principal_kind = 'basic') AS auth_basic,
    countIf(principal_kind = 'cookie') AS auth_cookie,
    countIf(principal_kind = 'none' AND status >= 200 AND status < 300) AS unauth_2xx,
    quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms) AS latency_q,
    sum(ifNull(latency_ms, 0)) AS latency_sum,
    count(latency_ms) AS latency_count,
    sum(ifNull(request_bytes, 0)) AS request_bytes_sum,
    sum(ifNull(response_bytes, 0)) AS response_bytes_sum,
    quantilesTDigestState(0.5, 0.95, 0.99)(request_bytes) AS request_bytes_q,
    quantilesTDigestState(0.5, 0.95, 0.99)(response_bytes) AS response_bytes_q,
    uniqState(if(principal_fingerprint != '', principal_fingerprint, client_ip)) AS consumers,
    min(ts) AS first_seen,
    max(ts) AS last_seen
FROM events
GROUP BY service, method, route, minute;

-- Per credential and hour of event time (authenticated traffic only: principal_fingerprint != '').
CREATE TABLE IF NOT EXISTS principal_hour
(
    principal_fingerprint String,
    hour                  DateTime('UTC'),
    kind                  SimpleAggregateFunction(anyLast, LowCardinality(String)),
    subject               SimpleAggregateFunction(anyLast, String),
    issuer                SimpleAggregateFunction(anyLast, LowCardinality(String)),
    client_id             SimpleAggregateFunction(anyLast, LowCardinality(String)),
    requests              SimpleAggregateFunction(sum, UInt64),
    status_4xx            SimpleAggregateFunction(sum, UInt64),
    status_5xx            SimpleAggregateFunction(sum, UInt64),
    -- 401 and 403
    auth_failures         SimpleAggregateFunction(sum, UInt64),
    response_bytes_sum    SimpleAggregateFunction(sum, UInt64),
    -- distinct "service method route"
    endpoints             AggregateFunction(uniq, String),
    ips                   AggregateFunction(uniq, String),
    asns                  AggregateFunction(uniq, UInt32),
    countries             AggregateFunction(uniq, String),
    user_agents           AggregateFunction(uniq, String),
    first_seen            SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen             SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (principal_fingerprint, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS principal_hour_mv TO principal_hour AS
SELECT
    principal_fingerprint,
    toStartOfHour(ts) AS hour,
    anyLast(principal_kind) AS kind,
    anyLast(principal_subject) AS subject,
    anyLast(principal_issuer) AS issuer,
    anyLast(principal_client_id) AS client_id,
    count() AS requests,
    countIf(status >= 400 AND status < 500) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403)) AS auth_failures,
    sum(ifNull(response_bytes, 0)) AS response_bytes_sum,
    uniqState(concat(service, ' ', method, ' ', route)) AS endpoints,
    uniqState(client_ip) AS ips,
    uniqState(asn) AS asns,
    uniqState(toString(country)) AS countries,
    uniqState(user_agent) AS user_agents,
    min(ts) AS first_seen,
    max(ts) AS last_seen
FROM events
WHERE principal_fingerprint != ''
GROUP BY principal_fingerprint, hour;

-- Per client IP and hour of event time (all traffic, authenticated or not).
CREATE TABLE IF NOT EXISTS ip_hour
(
    client_ip      String,
    hour           DateTime('UTC'),
    country        SimpleAggregateFunction(anyLast, LowCardinality(String)),
    asn            SimpleAggregateFunction(anyLast, UInt32),
    requests       SimpleAggregateFunction(sum, UInt64),
    unauthenticated SimpleAggregateFunction(sum, UInt64),
    status_4xx     SimpleAggregateFunction(sum, UInt64),
    status_5xx     SimpleAggregateFunction(sum, UInt64),
    auth_failures  SimpleAggregateFunction(sum, UInt64),
    response_bytes_sum SimpleAggregateFunction(sum, UInt64),
    endpoints      AggregateFunction(uniq, String),
    principals     AggregateFunction(uniq, String),
    user_agents    AggregateFunction(uniq, String),
    first_seen     SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen      SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (client_ip, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS ip_hour_mv TO ip_hour AS
SELECT
    client_ip,
    toStartOfHour(ts) AS hour,
    anyLast(country) AS country,
    anyLast(asn) AS asn,
    count() AS requests,
    countIf(principal_kind = 'none') AS unauthenticated,
    countIf(status >= 400 AND status < 500) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403)) AS auth_failures,
    sum(ifNull(response_bytes, 0)) AS response_bytes_sum,
    uniqState(concat(service, ' ', method, ' ', route)) AS endpoints,
    uniqStateIf(principal_fingerprint, principal_fingerprint != '') AS principals,
    uniqState(user_agent) AS user_agents,
    min(ts) AS first_seen,
    max(ts) AS last_seen
FROM events
GROUP BY client_ip, hour;

-- Stores that held events before this migration: fill the rollups once from what is stored.
INSERT INTO endpoint_minute
SELECT
    service, method, route,
    toStartOfMinute(ts) AS minute,
    count(), countIf(status >= 200 AND status < 300), countIf(status >= 300 AND status < 400),
    countIf(status >= 400 AND status < 500), countIf(status >= 500), countIf(status < 200),
    countIf(status = 401), countIf(status = 403), countIf(status = 404), countIf(status = 429),
    countIf(principal_kind = 'none'), countIf(principal_kind = 'api_key'),
    countIf(principal_kind = 'bearer'), countIf(principal_kind = 'jwt'),
    countIf(principal_kind = 'basic'), countIf(principal_kind = 'cookie'),
    countIf(principal_kind = 'none' AND status >= 200 AND status < 300),
    quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms), sum(ifNull(latency_ms, 0)), count(latency_ms),
    sum(ifNull(request_bytes, 0)), sum(ifNull(response_bytes, 0)),
    quantilesTDigestState(0.5, 0.95, 0.99)(request_bytes),
    quantilesTDigestState(0.5, 0.95, 0.99)(response_bytes),
    uniqState(if(principal_fingerprint != '', principal_fingerprint, client_ip)),
    min(ts), max(ts)
FROM events FINAL
WHERE (SELECT count() FROM endpoint_minute) = 0
GROUP BY service, method, route, minute;

INSERT INTO principal_hour
SELECT
    principal_fingerprint, toStartOfHour(ts) AS hour,
    anyLast(principal_kind), anyLast(principal_subject), anyLast(principal_issuer),
    anyLast(principal_client_id), count(), countIf(status >= 400 AND status < 500),
    countIf(status >= 500), countIf(status IN (401, 403)), sum(ifNull(response_bytes, 0)),
    uniqState(concat(service, ' ', method, ' ', route)), uniqState(client_ip), uniqState(asn),
    uniqState(toString(country)), uniqState(user_agent), min(ts), max(ts)
FROM events FINAL
WHERE principal_fingerprint != '' AND (SELECT count() FROM principal_hour) = 0
GROUP BY principal_fingerprint, hour;

INSERT INTO ip_hour
SELECT
    client_ip, toStartOfHour(ts) AS hour,
    anyLast(country), anyLast(asn), count(), countIf(principal_kind = 'none'),
    countIf(status >= 400 AND status < 500), countIf(status >= 500), countIf(status IN (401, 403)),
    sum(ifNull(response_bytes, 0)), uniqState(concat(service, ' ', method, ' ', route)),
    uniqStateIf(principal_fingerprint, principal_fingerprint != ''), uniqState(user_agent),
    min(ts), max(ts)
FROM events FINAL
WHERE (SELECT count() FROM ip_hour) = 0
GROUP BY client_ip, hour;
