-- Per-day rollups for whole-history lists: the inventory and the principal list read one row per
-- endpoint (or credential) and day instead of one per minute or hour, which keeps the list queries
-- small however long the history is. Same columns and the same caveat on duplicates as 004; the
-- time column keeps the finer table's name (minute, hour) and holds the start of the day, so one
-- query text reads either granularity.
CREATE TABLE IF NOT EXISTS endpoint_day AS endpoint_minute
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (service, method, route, minute);

CREATE MATERIALIZED VIEW IF NOT EXISTS endpoint_day_mv TO endpoint_day AS
SELECT
    service, method, route,
    toStartOfDay(ts) AS minute,
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

CREATE TABLE IF NOT EXISTS principal_day AS principal_hour
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (principal_fingerprint, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS principal_day_mv TO principal_day AS
SELECT
    principal_fingerprint,
    toStartOfDay(ts) AS hour,
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

-- Stores that held events before this migration: fill the day rollups once from the finer ones.
INSERT INTO endpoint_day
SELECT
    service, method, route, toStartOfDay(minute) AS day,
    sum(requests), sum(status_2xx), sum(status_3xx), sum(status_4xx), sum(status_5xx),
    sum(status_other), sum(status_401), sum(status_403), sum(status_404), sum(status_429),
    sum(auth_none), sum(auth_api_key), sum(auth_bearer), sum(auth_jwt), sum(auth_basic),
    sum(auth_cookie), sum(unauth_2xx),
    quantilesTDigestMergeState(0.5, 0.95, 0.99)(latency_q), sum(latency_sum), sum(latency_count),
    sum(request_bytes_sum), sum(response_bytes_sum),
    quantilesTDigestMergeState(0.5, 0.95, 0.99)(request_bytes_q),
    quantilesTDigestMergeState(0.5, 0.95, 0.99)(response_bytes_q),
    uniqMergeState(consumers), min(first_seen), max(last_seen)
FROM endpoint_minute
WHERE (SELECT count() FROM endpoint_day) = 0
GROUP BY service, method, route, day;

INSERT INTO principal_day
SELECT
    principal_fingerprint, toStartOfDay(hour) AS day,
    anyLast(kind), anyLast(subject), anyLast(issuer), anyLast(client_id), sum(requests),
    sum(status_4xx), sum(status_5xx), sum(auth_failures), sum(response_bytes_sum),
    uniqMergeState(endpoints), uniqMergeState(ips), uniqMergeState(asns), uniqMergeState(countries),
    uniqMergeState(user_agents), min(first_seen), max(last_seen)
FROM principal_hour
WHERE (SELECT count() FROM principal_day) = 0
GROUP BY principal_fingerprint, day;
