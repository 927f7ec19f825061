// The `kafka` command (infra/bin/kafka.js): fetch the jars, start a broker that outlives the command
// (pid file under infra/kafka/.cache/run), print its bootstrap address, stop it. Used by scripts and CI.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fetchKafka, KAFKA_HOME, KAFKA_VERSION, startKafka } from './kafka.js'

const USAGE = `Usage: kafka <command> [options]
  fetch                     copy Apache Kafka ${KAFKA_VERSION} jars from Maven Central (cached)
  start [--data-dir DIR] [--partitions N]
                            start a single-node KRaft broker on 127.0.0.1 in the background and
                            print its bootstrap address (HOST:PORT) on stdout
  stop                      stop the broker started by \`start\` (SIGTERM, SIGKILL after 30 s)
  status                    print the bootstrap address if the broker runs, exit 1 otherwise`

const runDir = join(KAFKA_HOME, '.cache', 'run')
const pidFile = join(runDir, 'kafka.pid')
const brokersFile = join(runDir, 'kafka.brokers')

const say = (message: string) => process.stderr.write(`[kafka] ${message}\n`)

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      partitions: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const command = positionals[0]
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`)
    return command === undefined && !values.help ? 2 : 0
  }
  switch (command) {
    case 'fetch': {
      const libs = await fetchKafka({ log: say })
      say(`Apache Kafka ${KAFKA_VERSION} jars are in ${libs}.`)
      return 0
    }
    case 'start': {
      const running = runningBroker()
      if (running !== undefined) {
        say(`A broker already runs (pid ${running.pid}).`)
        process.stdout.write(`${running.brokers}\n`)
        return 0
      }
      const partitions = values.partitions === undefined ? 4 : Number(values.partitions)
      if (!Number.isInteger(partitions) || partitions < 1) {
        throw new Error(`--partitions must be a positive integer, got ${values.partitions}`)
      }
      const broker = await startKafka({
        dataDir: values['data-dir'] ?? join(runDir, 'data'),
        numPartitions: partitions,
        detached: true,
        log: say,
      })
      await mkdir(runDir, { recursive: true })
      await writeFile(pidFile, `${broker.pid}\n`)
      await writeFile(brokersFile, `${broker.brokers}\n`)
      say(`Broker log: ${broker.logFile}. Stop it with: kafka stop`)
      process.stdout.write(`${broker.brokers}\n`)
      return 0
    }
    case 'stop':
      return stop()
    case 'status': {
      const running = runningBroker()
      if (running === undefined) {
        say('No broker runs.')
        return 1
      }
      process.stdout.write(`${running.brokers}\n`)
      return 0
    }
    default:
      process.stderr.write(`Unknown command ${JSON.stringify(command)}.\n${USAGE}\n`)
      return 2
  }
}

/** The broker named by the pid file, if that pid is still a Kafka JVM (pids are reused). */
function runningBroker(): { pid: number; brokers: string } | undefined {
  if (!existsSync(pidFile)) return undefined
  const pid = Number(readFileSync(pidFile, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (!cmdline.includes('kafka.Kafka')) return undefined
  } catch {
    return undefined
  }
  const brokers = existsSync(brokersFile) ? readFileSync(brokersFile, 'utf8').trim() : ''
  return { pid, brokers }
}

async function stop(): Promise<number> {
  const running = runningBroker()
  if (running === undefined) {
    say('No broker runs.')
    await rm(pidFile, { force: true })
    return 0
  }
  process.kill(running.pid, 'SIGTERM')
  const deadline = Date.now() + 30_000
  while (alive(running.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  if (alive(running.pid)) {
    say(`The broker (pid ${running.pid}) ignored SIGTERM for 30 s; sending SIGKILL.`)
    process.kill(running.pid, 'SIGKILL')
  }
  await rm(pidFile, { force: true })
  await rm(brokersFile, { force: true })
  say(`Stopped the broker (pid ${running.pid}).`)
  return 0
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

try {
  process.exitCode = await main()
} catch (error) {
  process.stderr.write(`kafka: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
