// gatewatch-collector's command line: builds the config (file, env, flags), runs the pipeline,
// stops cleanly on SIGTERM/SIGINT (flush, checkpoint, exit 0) and prints a JSON summary for --once.
import { Command } from 'commander'
import { ConfigError, type ConfigFlags, loadConfig } from './config.js'
import { createLogger } from './log.js'
import { INPUT_FORMATS } from './parsers/registry.js'
import { createCollector } from './pipeline.js'

const program = new Command('gatewatch-collector')
  .description('Reads gateway access logs, redacts credentials to keyed fingerprints and ships AccessEvents.')
  .option('--config <file>', 'YAML config file (see gatewatch-collector.example.yaml)')
  .option('--input <path>', 'access log to tail')
  .option('--format <format>', `log format: ${INPUT_FORMATS.join(' | ')}`)
  .option('--sink <url>', 'http://HOST:PORT (analyzer) or kafka://HOST:PORT[,HOST:PORT]')
  .option('--dry-run', 'print events as JSON lines on stdout and exit; ships nothing, writes no state')
  .option('--once', 'read to the end of the input, ship, checkpoint and exit')
  .option('--state-dir <dir>', 'directory for checkpoints and the dead-letter file')
  .option('--collector-id <id>', 'identity of this collector (part of every event_id)')
  .option('--service <name>', 'service name for lines that do not name one')
  .option('--check-config', 'validate the configuration and exit')
  .showHelpAfterError()

program.parse()
const opts = program.opts<ConfigFlags & { config?: string; checkConfig?: boolean }>()

let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig({ configFile: opts.config, flags: opts })
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`gatewatch-collector: invalid configuration: ${err.message}\n`)
  process.exit(2)
}
if (opts.checkConfig) {
  process.stdout.write(
    `${JSON.stringify({ msg: 'configuration is valid', input: config.input.path, format: config.input.format })}\n`,
  )
  process.exit(0)
}

const log = createLogger(config.log_level)
const collector = createCollector(config, { log })
// `gatewatch-collector --dry-run | head` closes stdout early: stop quietly instead of crashing.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err
  collector.stop()
  process.exit(0)
})
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    log.info('Stopping: flushing in-flight batches and writing the checkpoint.', { signal: sig })
    collector.stop()
  })
}
log.info('Collector started.', {
  collector_id: config.collector_id,
  input: config.input.path,
  format: config.input.format,
  sink: config.dry_run ? 'stdout (dry run)' : config.sink?.url.replace(/\/\/[^@/]*@/, '//'),
})
try {
  const metrics = await collector.run()
  const summary = `${JSON.stringify({ msg: 'summary', ...metrics })}\n`
  // stdout carries the events in a dry run; the summary then goes with the logs.
  if (config.dry_run) process.stderr.write(summary)
  else process.stdout.write(summary)
  process.exitCode = 0
} catch (err) {
  log.error('The collector stopped on an error.', { error: (err as Error).message })
  process.exitCode = 1
}
