-- Detector state saved by the engine per detector and partition (source/partition), so a
-- restart or a partition moved to another analyzer resumes the baselines. Latest save wins.
CREATE TABLE IF NOT EXISTS detector_state
(
    detector  LowCardinality(String),
    source    LowCardinality(String),
    partition Int32,
    watermark Int64,
    state     String,
    version   UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (detector, source, partition);
