-- The writer's record of each events insert: step 1 (started) before it, step 2 (stored) after.
-- An insert into events also writes the rollups through their materialized views, part by part
-- and not atomically: a process killed in between leaves events stored and a rollup without
-- them, and the redelivered batch is then skipped as already stored. At start the analyzer finds
-- writes left at step 1 and rebuilds the rollups of the days they touched from events
-- (store/rollup-repair.ts), marking them step 3 (repaired).
CREATE TABLE IF NOT EXISTS ingest_batches
(
    batch_id String,
    min_ts   DateTime64(3, 'UTC'),
    max_ts   DateTime64(3, 'UTC'),
    step     UInt8,
    at       DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(step)
ORDER BY batch_id
TTL toDateTime(at) + INTERVAL 7 DAY;
