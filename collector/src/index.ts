// Public interface of @gatewatch/collector: parsers, redaction, normalization and the pipeline.
export { CHECKPOINT_VERSION, type CheckpointFile, Checkpoints } from './checkpoint.js'
export { CollectorConfig, ConfigError, type ConfigFlags, describeConfig, loadConfig } from './config.js'
export {
  type BatchOutcome,
  createFileInput,
  createHttpInput,
  createInput,
  createStdinInput,
  createSyslogInput,
  FileInputConfig,
  HttpInputConfig,
  INPUT_TYPES,
  type Input,
  type InputBatch,
  InputConfig,
  type InputContext,
  type InputLine,
  readFiles,
  type SourceRef,
  StdinInputConfig,
  SyslogInputConfig,
} from './inputs/index.js'
export { createLogger, type Logger, silentLogger, withFields } from './log.js'
export { type CollectorMetrics, createRegistry, type Health, startMetricsServer } from './metrics.js'
export { createNormalizer, eventId, type LinePosition, type Normalizer } from './normalize.js'
export {
  createParser,
  getParser,
  INPUT_FORMATS,
  type InputFormat,
  LOG_FORMATS,
  type LogFormat,
  type ParseOutcome,
  type Parser,
  ParserConfig,
  ParserConfigError,
  type ParserContext,
  type ParserOptions,
  parseLine,
  parsers,
  type RawRecord,
  type Rejection,
  type RejectReason,
  type Skip,
  splitKongBatch,
  validateParserOptions,
} from './parsers/index.js'
export { type Collector, type CollectorDeps, createCollector, runCollector } from './pipeline.js'
export {
  createRedactor,
  createTextRedactor,
  fingerprintCredential,
  looksSecret,
  RedactConfig,
  readJwtClaims,
  redactDefaults,
  redactText,
} from './redact/index.js'
export {
  createHttpSink,
  createKafkaSink,
  createSink,
  createStdoutSink,
  FatalSinkError,
  type Sink,
} from './sinks/index.js'
