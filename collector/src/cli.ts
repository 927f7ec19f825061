// gatewatch-collector's command line: builds the config (file, env, flags), runs the pipeline,
// stops cleanly on SIGTERM/SIGINT (stop the inputs, flush, wait for acknowledgements, checkpoint,
// exit 0; a second signal exits at once) and prints a JSON summary for --once.
import { Command } from 'commander'
import { ConfigError, type ConfigFlags, describeConfig, loadConfig } from './config.js'
import { createLogger } from './log.js'
import { createRegistry } from './metrics.js'
import { INPUT_FORMATS } from './parsers/registry.js'
import { createCollector } from './pipeline.js'
import { createTextRedactor } from './redact/index.js'

const program = new Command('gatewatch-collector')
  .description('Reads gateway access logs, redacts credentials to keyed fingerprints and ships AccessEvents.')
  .option('--config <file>', 'YAML config file (see gatewatch-collector.example.yaml)')
  .option(
    '--input <path>',
    'one access log (path or glob) to tail, or - for standard input; replaces inputs:',
  )
  .option('--format <format>', `log format of --input: ${INPUT_FORMATS.join(' | ')}`)
  .option('--sink <url>', 'http://HOST:PORT (analyzer) or kafka://HOST:PORT[,HOST:PORT]')
  .option('--dry-run', 'print events as JSON lines on stdout and exit; ships nothing, writes no state')
  .option('--once', 'read the files to their end, ship, checkpoint and exit')
  .option('--state-dir <dir>', 'directory for checkpoints and the dead-letter file')
  .option('--collector-id <id>', 'identity of this collector (part of every event_id)')
  .option('--service <name>', 'service name for lines that do not name one')
  .option('--metrics-listen <address>', 'HOST:PORT of /metrics and /healthz (default 127.0.0.1:9464)')
  .option('--check-config', 'print what the configuration would run and exit (2 when it is invalid)')
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
  process.stdout.write(`${JSON.stringify({ msg: 'configuration is valid', ...describeConfig(config) })}\n`)
  process.exit(0)
}

const log = createLogger(config.log_level, undefined, createTextRedactor(config.redact))
const collector = createCollector(config, { log, registry: createRegistry({ defaultMetrics: true }) })
// `gatewatch-collector --dry-run | head` closes stdout early: stop quietly instead of crashing.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err
  collector.stop()
  process.exit(0)
})
let signalled = false
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => {
    if (signalled) {
      log.warn(
        'Stopping now, without waiting for acknowledgements: unacknowledged lines are read again at the next start.',
        {
          signal: sig,
        },
      )
      process.exit(1)
    }
    signalled = true
    log.info('Stopping: the inputs stop, in-flight batches are flushed and the checkpoint is written.', {
      signal: sig,
    })
    collector.stop()
  })
}
log.info('The collector is starting.', describeConfig(config))
try {
  const metrics = await collector.run()
  const summary = `${JSON.stringify({ msg: 'summary', ...metrics })}\n`
  // stdout carries the events in a dry run; the summary then goes with the logs.
  if (config.dry_run) process.stderr.write(summary)
  else process.stdout.write(summary)
  log.info('The collector stopped.')
  process.exitCode = 0
} catch (err) {
  log.error('The collector stopped on an error.', { error: (err as Error).message })
  process.exitCode = 1
}
