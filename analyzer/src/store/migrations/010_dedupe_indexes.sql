-- Indexes for the writer's dedupe check before insert (store/dedupe.ts): it asks which of a
-- batch's event_ids, within the batch's event-time range, are already stored, and which Kafka
-- dead-letter origins are. Bloom filters let ClickHouse skip granules that cannot hold them.
ALTER TABLE events ADD INDEX IF NOT EXISTS event_id_bloom event_id TYPE bloom_filter(0.01) GRANULARITY 1;
ALTER TABLE dead_letters ADD INDEX IF NOT EXISTS origin_bloom origin TYPE bloom_filter(0.01) GRANULARITY 1;
