-- Enrichment of each stored event (enrich/): country and AS of the client IP, user-agent family
-- and bot name; empty or 0 when unknown.
ALTER TABLE events ADD COLUMN IF NOT EXISTS country LowCardinality(String) DEFAULT '';
ALTER TABLE events ADD COLUMN IF NOT EXISTS asn UInt32 DEFAULT 0;
ALTER TABLE events ADD COLUMN IF NOT EXISTS as_org LowCardinality(String) DEFAULT '';
ALTER TABLE events ADD COLUMN IF NOT EXISTS ua_family LowCardinality(String) DEFAULT '';
ALTER TABLE events ADD COLUMN IF NOT EXISTS bot LowCardinality(String) DEFAULT '';
