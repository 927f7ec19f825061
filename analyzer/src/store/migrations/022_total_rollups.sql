-- Whole-history rollups: one row per endpoint (or credential) once parts have merged, for the
-- lists without a time range, the dashboard's default. A previous attempt read whole-history
-- lists from the hourly rollups at 250-340 ms p50; the day rollup still holds a row per day (see
-- bench/query.ts for both). The time column holds the epoch, so the query text that reads the
-- minute, hour and day rollups reads these too.
--
-- Distinct counts here are HyperLogLog sketches (uniqHLL12: 2.5 KB, about 1.6 % error) instead of
-- uniq's adaptive sets: a whole-history set of tens of thousands of callers per endpoint is large
-- and merging hundreds of them made the list slow. Quantiles likewise are bfloat16 histograms
-- (quantilesBFloat16: a count per distinct 16-bit float, about 0.4 % relative error, a few
-- hundred entries for a latency) instead of t-digests, whose large states dominated the list's
-- time (bench/query.ts measured both).
CREATE TABLE IF NOT EXISTS endpoint_total
(
    service          LowCardinality(String),
    method           LowCardinality(String),
    route            LowCardinality(String),
    -- always the epoch: the same query text reads every endpoint rollup
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
    latency_q        AggregateFunction(quantilesBFloat16(0.5, 0.95, 0.99), Nullable(Float64)),
    latency_sum      SimpleAggregateFunction(sum, Float64),
    latency_count    SimpleAggregateFunction(sum, UInt64),
    request_bytes_sum  SimpleAggregateFunction(sum, UInt64),
    response_bytes_sum SimpleAggregateFunction(sum, UInt64),
    request_bytes_q  AggregateFunction(quantilesBFloat16(0.5, 0.95, 0.99), Nullable(UInt64)),
    response_bytes_q AggregateFunction(quantilesBFloat16(0.5, 0.95, 0.99), Nullable(UInt64)),
    -- distinct callers: the credential fingerprint, else the client IP
    consumers        AggregateFunction(uniqHLL12, String),
    first_seen       SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen        SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (service, method, route, minute);

CREATE MATERIALIZED VIEW IF NOT EXISTS endpoint_total_mv TO endpoint_total AS
SELECT
    service, method, route,
    toDateTime(0, 'UTC') AS minute,
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
    quantilesBFloat16State(0.5, 0.95, 0.99)(latency_ms) AS latency_q,
    sum(ifNull(latency_ms, 0)) AS latency_sum,
    count(latency_ms) AS latency_count,
    sum(ifNull(request_bytes, 0)) AS request_bytes_sum,
    sum(ifNull(response_bytes, 0)) AS response_bytes_sum,
    quantilesBFloat16State(0.5, 0.95, 0.99)(request_bytes) AS request_bytes_q,
    quantilesBFloat16State(0.5, 0.95, 0.99)(response_bytes) AS response_bytes_q,
    uniqHLL12State(if(principal_fingerprint != '', principal_fingerprint, client_ip)) AS consumers,
    min(ts) AS first_seen,
    max(ts) AS last_seen
FROM events
GROUP BY service, method, route, minute;

CREATE TABLE IF NOT EXISTS principal_total
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
    endpoints             AggregateFunction(uniqHLL12, String),
    ips                   AggregateFunction(uniqHLL12, String),
    asns                  AggregateFunction(uniqHLL12, UInt32),
    countries             AggregateFunction(uniqHLL12, String),
    user_agents           AggregateFunction(uniqHLL12, String),
    first_seen            SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen             SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (principal_fingerprint, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS principal_total_mv TO principal_total AS
SELECT
    principal_fingerprint,
    toDateTime(0, 'UTC') AS hour,
    anyLast(principal_kind) AS kind,
    anyLast(principal_subject) AS subject,
    anyLast(principal_issuer) AS issuer,
    anyLast(principal_client_id) AS client_id,
    count() AS requests,
    countIf(status >= 400 AND status < 500) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403)) AS auth_failures,
    sum(ifNull(response_bytes, 0)) AS response_bytes_sum,
    uniqHLL12State(concat(service, ' ', method, ' ', route)) AS endpoints,
    uniqHLL12State(client_ip) AS ips,
    uniqHLL12State(asn) AS asns,
    uniqHLL12State(toString(country)) AS countries,
    uniqHLL12State(user_agent) AS user_agents,
    min(ts) AS first_seen,
    max(ts) AS last_seen
FROM events
WHERE principal_fingerprint != ''
GROUP BY principal_fingerprint, hour;

-- Stores that held events before this migration: fill the total rollups once from the events.
INSERT INTO endpoint_total
SELECT
    service, method, route,
    toDateTime(0, 'UTC') AS minute,
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
    quantilesBFloat16State(0.5, 0.95, 0.99)(latency_ms) AS latency_q,
    sum(ifNull(latency_ms, 0)) AS latency_sum,
    count(latency_ms) AS latency_count,
    sum(ifNull(request_bytes, 0)) AS request_bytes_sum,
    sum(ifNull(response_bytes, 0)) AS response_bytes_sum,
    quantilesBFloat16State(0.5, 0.95, 0.99)(request_bytes) AS request_bytes_q,
    quantilesBFloat16State(0.5, 0.95, 0.99)(response_bytes) AS response_bytes_q,
    uniqHLL12State(if(principal_fingerprint != '', principal_fingerprint, client_ip)) AS consumers,
    min(ts) AS first_seen,
    max(ts) AS last_seen
FROM events FINAL
WHERE (SELECT count() FROM endpoint_total) = 0
GROUP BY service, method, route, minute;

INSERT INTO principal_total
SELECT
    principal_fingerprint,
    toDateTime(0, 'UTC') AS hour,
    anyLast(principal_kind) AS kind,
    anyLast(principal_subject) AS subject,
    anyLast(principal_issuer) AS issuer,
    anyLast(principal_client_id) AS client_id,
    count() AS requests,
    countIf(status >= 400 AND status < 500) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403)) AS auth_failures,
    sum(ifNull(response_bytes, 0)) AS response_bytes_sum,
    uniqHLL12State(concat(service, ' ', method, ' ', route)) AS endpoints,
    uniqHLL12State(client_ip) AS ips,
    uniqHLL12State(asn) AS asns,
    uniqHLL12State(toString(country)) AS countries,
    uniqHLL12State(user_agent) AS user_agents,
    min(ts) AS first_seen,
    max(ts) AS last_seen
FROM events FINAL
WHERE principal_fingerprint != '' AND (SELECT count() FROM principal_total) = 0
GROUP BY principal_fingerprint, hour;
