-- Skip indexes for the investigation queries: "every request of this credential", "of this
-- user", "from this IP" over a time range. events is ordered by (service, hour, ts, event_id) so
-- time-range scans stay sequential; these bloom filters let ClickHouse skip the granules of a
-- time range that cannot hold the credential, subject or IP asked for, without a second copy of
-- the table (a projection ordered by principal would double the storage).
ALTER TABLE events ADD INDEX IF NOT EXISTS principal_fingerprint_bloom principal_fingerprint TYPE bloom_filter(0.01) GRANULARITY 1;
ALTER TABLE events ADD INDEX IF NOT EXISTS principal_subject_bloom principal_subject TYPE bloom_filter(0.01) GRANULARITY 1;
ALTER TABLE events ADD INDEX IF NOT EXISTS client_ip_bloom client_ip TYPE bloom_filter(0.01) GRANULARITY 1;
