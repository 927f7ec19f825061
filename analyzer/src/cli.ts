// gatewatch-analyzer: parses flags, loads the config, starts the analyzer, prints one JSON ready
// line on stdout, and stops gracefully on SIGTERM or SIGINT.
import { Command, InvalidArgumentError } from 'commander'
import { createAnalyzer, VERSION } from './analyzer.js'
import { ConfigError, loadConfig } from './config.js'

const program = new Command()
  .name('gatewatch-analyzer')
  .description(
    'Stores AccessEvents in ClickHouse, keeps the endpoint inventory, serves the API and dashboard.',
  )
  .version(VERSION)
  .option('--config <file>', 'YAML config file (see gatewatch-analyzer.example.yaml)')
  .option('--host <host>', 'address to listen on (default 127.0.0.1)')
  .option('--port <port>', 'port to listen on, 0 for a free one (default 8080)', (v) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError('--port must be a number')
    return v
  })
  .option('--data-dir <dir>', 'embedded ClickHouse directory (default .data/clickhouse)')
  .option('--kafka <brokers>', 'consume the AccessEvent topic from HOST:PORT[,HOST:PORT...]')
  .option('--group-id <id>', 'Kafka consumer group (default gatewatch-analyzer)')
  .option('--log-level <level>', 'debug, info, warn, error or silent (default info)')
  .addHelpText(
    'after',
    '\nEnvironment: CLICKHOUSE_URL (use a ClickHouse server instead of the embedded engine), GATEWATCH_ADMIN_TOKEN, GATEWATCH_INGEST_TOKEN.',
  )
  .parse()

const opts = program.opts<{
  config?: string
  host?: string
  port?: string
  dataDir?: string
  kafka?: string
  groupId?: string
  logLevel?: string
}>()

async function main(): Promise<void> {
  const config = loadConfig({ file: opts.config, flags: opts })
  const analyzer = createAnalyzer(config)
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    analyzer.app.log.info({ signal }, 'Stopping: finishing batches in flight.')
    try {
      await analyzer.stop()
      process.exit(0)
    } catch (err) {
      analyzer.app.log.error({ err }, 'Graceful stop failed.')
      process.exit(1)
    }
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))
  process.on('SIGHUP', () => {
    try {
      const { ranges } = analyzer.reloadEnrichment()
      analyzer.app.log.info({ ranges }, 'Enrichment tables reloaded.')
    } catch (err) {
      analyzer.app.log.error(
        { err },
        'Reloading the enrichment tables failed; the previous tables stay in use.',
      )
    }
  })
  const { url } = await analyzer.start()
  // The one line on stdout. A generated token is shown here once: that is how a user of the demo
  // logs in. Tokens from the environment or the config are never printed.
  const ready: Record<string, string> = { msg: 'listening', url: url! }
  if (analyzer.generated.adminToken) ready.admin_token = analyzer.adminToken
  if (analyzer.generated.ingestToken) ready.ingest_token = analyzer.ingestToken
  process.stdout.write(`${JSON.stringify(ready)}\n`)
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err)
  process.stderr.write(`gatewatch-analyzer: ${message}\n`)
  process.exit(1)
})
