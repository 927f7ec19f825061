// Runs a real Apache Kafka broker (single KRaft node) from the jars Maven Central publishes, without
// Docker, for tests and the demo: fetch the jars once, format a data dir, start, stop, SIGKILL, restart.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Kafka, logLevel } from 'kafkajs'
import { freePort, isPortFree } from './free-port.js'

const execFileAsync = promisify(execFile)

/**
 * The Apache Kafka release Gatewatch tests against: the newest on Maven Central, checked end to end
 * with kafkajs 2.2.4 (gzip produce, a two-member consumer group, commits, resume); see infra/README.md.
 */
export const KAFKA_VERSION = '4.4.0'

/** infra/kafka: the pom that names the jars, and the ignored .cache/ they are copied into. */
export const KAFKA_HOME = fileURLToPath(new URL('../kafka/', import.meta.url))

/** Where the jars of one Kafka version live once fetched. */
export function kafkaLibsDir(version: string = KAFKA_VERSION): string {
  return join(KAFKA_HOME, '.cache', version, 'libs')
}

/** Options of {@link fetchKafka}. */
export interface FetchKafkaOptions {
  /** Apache Kafka release to fetch from Maven Central (a 4.x version); defaults to KAFKA_VERSION. */
  version?: string
  /** Receives one sentence per step (fetching, cached); silent by default. */
  log?: (message: string) => void
}

/**
 * Copies kafka_2.13 and its runtime jars from Maven Central into infra/kafka/.cache/<version>/libs and
 * returns that folder. Idempotent: cached jars skip Maven. Concurrent callers each fetch into their own
 * folder and the first rename wins, so a half-copied folder is never used.
 */
export async function fetchKafka(options: FetchKafkaOptions = {}): Promise<string> {
  const version = options.version ?? KAFKA_VERSION
  const libs = kafkaLibsDir(version)
  if (existsSync(join(libs, `kafka_2.13-${version}.jar`))) return libs
  requireJava()
  requireTool(
    'mvn',
    ['-v'],
    'Maven 3 fetches the Kafka jars from Maven Central (Debian: apt-get install maven)',
  )
  options.log?.(`Fetching Apache Kafka ${version} from Maven Central into ${libs}.`)
  const partial = `${libs}.partial-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    await execFileAsync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(KAFKA_HOME, 'pom.xml'),
        'dependency:copy-dependencies',
        `-Dkafka.version=${version}`,
        '-DincludeScope=runtime',
        `-DoutputDirectory=${partial}`,
      ],
      { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 },
    )
  } catch (error) {
    await rm(partial, { recursive: true, force: true })
    throw new Error(
      `Maven could not fetch org.apache.kafka:kafka_2.13:${version}: ${tail(processOutput(error), 30)}`,
    )
  }
  try {
    await rename(partial, libs)
  } catch (error) {
    // Another process finished first; its folder is complete, ours is a duplicate.
    await rm(partial, { recursive: true, force: true })
    if (!existsSync(join(libs, `kafka_2.13-${version}.jar`))) throw error
  }
  return libs
}

/** Options of {@link startKafka}. */
export interface StartKafkaOptions {
  /** Broker data directory (config, KRaft logs, broker log); a fresh temporary one, removed when this process exits, by default. Reusing one restarts the same cluster. */
  dataDir?: string
  /** Receives one sentence per lifecycle step (fetched, formatted, serving after N ms); silent by default. */
  log?: (message: string) => void
  /** Partitions of auto-created topics (`num.partitions`); 4 by default. */
  numPartitions?: number
  /** How long to wait for the broker to answer a kafkajs describeCluster, in milliseconds; 120,000 by default (a cold JVM on two cores). */
  startTimeoutMs?: number
  /** How long stop() waits after SIGTERM before SIGKILL, in milliseconds; 30,000 by default. */
  stopTimeoutMs?: number
  /** JVM maximum heap (`-Xmx`), e.g. '512m'; 512m by default. */
  heap?: string
  /** Let the broker outlive this process (the CLI's `start`); otherwise it is killed when this process exits. */
  detached?: boolean
  /** Apache Kafka release to run; defaults to KAFKA_VERSION. */
  version?: string
}

/** A running (or stopped, restartable) single-node broker. */
export interface KafkaBroker {
  /** Bootstrap address for clients, '127.0.0.1:PORT'. */
  readonly brokers: string
  /** Client listener port on 127.0.0.1. */
  readonly port: number
  /** KRaft controller listener port on 127.0.0.1. */
  readonly controllerPort: number
  /** The data directory: server.properties, KRaft logs, kafka.log. */
  readonly dataDir: string
  /** The broker's log4j file, read on failures. */
  readonly logFile: string
  /** The JVM's process id while it runs. */
  readonly pid: number | undefined
  /** SIGTERM (a controlled shutdown), wait for exit, SIGKILL after stopTimeoutMs. */
  stop(): Promise<void>
  /** SIGKILL, like a crash or an OOM kill; resolves once the process is gone. */
  kill(): Promise<void>
  /** Starts the broker again on the same data dir and ports (stopping it first if it runs). */
  restart(): Promise<void>
}

/** What a data dir remembers between runs, so a restart keeps its address. */
interface BrokerState {
  port: number
  controllerPort: number
}

const STATE_FILE = 'gatewatch-kafka.json'

/**
 * Starts a single-node KRaft broker on 127.0.0.1 (free ports, or the ones this data dir used before) and
 * resolves once a kafkajs admin describeCluster and an offset fetch (the group coordinator) succeed.
 * Rejects with the broker log's tail on failure.
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaBroker> {
  const version = options.version ?? KAFKA_VERSION
  const libs = await fetchKafka({ version, log: options.log })
  requireJava()
  let dataDir: string
  if (options.dataDir === undefined) {
    // A temporary dir is removed when this process ends, so a broker meant to outlive it needs its own.
    if (options.detached === true) throw new Error('startKafka({ detached: true }) needs a dataDir')
    dataDir = mkdtempSync(join(tmpdir(), 'gatewatch-kafka-'))
    ownedDataDirs.add(dataDir)
    installExitHook()
    startWatchdog({ dir: dataDir })
  } else {
    dataDir = resolve(options.dataDir)
    await mkdir(dataDir, { recursive: true })
  }
  const state = await portsFor(dataDir)
  const broker = new LocalKafkaBroker(libs, dataDir, state, options)
  await broker.writeConfig()
  await broker.formatIfNeeded()
  await broker.start()
  return broker
}

/**
 * Creates a topic and waits for its partition leaders. Returns false when it already exists with the
 * same partition count; throws when it exists with another count, since keyed order would differ.
 */
export async function createTopic(brokers: string, topic: string, partitions: number): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'gatewatch-infra',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin()
  await admin.connect()
  try {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    })
    if (created) return true
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] })
    const existing = metadata.topics[0]?.partitions.length ?? 0
    if (existing !== partitions) {
      throw new Error(`topic ${topic} already exists with ${existing} partitions, not ${partitions}`)
    }
    return false
  } finally {
    await admin.disconnect()
  }
}

class LocalKafkaBroker implements KafkaBroker {
  readonly dataDir: string
  readonly logFile: string
  private readonly outFile: string
  private readonly propertiesFile: string
  private readonly log4jFile: string
  private child: ChildProcess | undefined
  private exited: Promise<void> = Promise.resolve()
  private watchdog: ChildProcess | undefined

  constructor(
    private readonly libs: string,
    dataDir: string,
    private readonly state: BrokerState,
    private readonly options: StartKafkaOptions,
  ) {
    this.dataDir = dataDir
    this.logFile = join(dataDir, 'kafka.log')
    this.outFile = join(dataDir, 'kafka.out')
    this.propertiesFile = join(dataDir, 'server.properties')
    this.log4jFile = join(dataDir, 'log4j2.properties')
  }

  get brokers(): string {
    return `127.0.0.1:${this.state.port}`
  }

  get port(): number {
    return this.state.port
  }

  get controllerPort(): number {
    return this.state.controllerPort
  }

  get pid(): number | undefined {
    return this.running() ? this.child?.pid : undefined
  }

  async writeConfig(): Promise<void> {
    await writeFile(join(this.dataDir, STATE_FILE), `${JSON.stringify(this.state)}\n`)
    await writeFile(
      this.propertiesFile,
      serverProperties({
        ...this.state,
        logDirs: join(this.dataDir, 'kraft-logs'),
        numPartitions: this.options.numPartitions ?? 4,
      }),
    )
    await writeFile(this.log4jFile, log4jProperties(this.logFile))
  }

  /** Formats the KRaft storage once; a data dir that holds meta.properties is an existing cluster. */
  async formatIfNeeded(): Promise<void> {
    if (existsSync(join(this.dataDir, 'kraft-logs', 'meta.properties'))) return
    const started = Date.now()
    try {
      await execFileAsync(
        'java',
        [
          '-Xmx256m',
          `-Dlog4j2.configurationFile=${this.log4jFile}`,
          '-cp',
          `${this.libs}/*`,
          'kafka.tools.StorageTool',
          'format',
          '--cluster-id',
          clusterId(),
          '--config',
          this.propertiesFile,
          '--ignore-formatted',
        ],
        { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 },
      )
    } catch (error) {
      throw new Error(`kafka-storage format failed for ${this.dataDir}: ${tail(processOutput(error), 20)}`)
    }
    this.options.log?.(`Formatted KRaft storage in ${this.dataDir} in ${Date.now() - started} ms.`)
  }

  async start(): Promise<void> {
    if (this.running())
      throw new Error(`the Kafka broker in ${this.dataDir} already runs (pid ${this.child?.pid})`)
    const started = Date.now()
    const out = openSync(this.outFile, 'a')
    const child = spawn(
      'java',
      [
        `-Xmx${this.options.heap ?? '512m'}`,
        '-Xms128m',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${this.log4jFile}`,
        `-Dkafka.logs.dir=${this.dataDir}`,
        '-cp',
        `${this.libs}/*`,
        'kafka.Kafka',
        this.propertiesFile,
      ],
      { stdio: ['ignore', out, out], detached: this.options.detached === true },
    )
    closeSync(out)
    this.child = child
    this.exited = new Promise((resolveExit) => {
      child.once('exit', () => {
        liveBrokers.delete(child)
        resolveExit()
      })
      child.once('error', () => {
        liveBrokers.delete(child)
        resolveExit()
      })
    })
    if (this.options.detached === true) {
      child.unref()
    } else {
      liveBrokers.add(child)
      installExitHook()
      if (child.pid !== undefined) this.watchdog = startWatchdog({ jvmPid: child.pid })
    }
    try {
      await waitUntilServing(
        this.brokers,
        () => !this.running(),
        started + (this.options.startTimeoutMs ?? 120_000),
      )
    } catch (error) {
      await this.kill()
      const reason = error instanceof Error ? error.message : String(error)
      throw new Error(
        `the Kafka broker at ${this.brokers} (data dir ${this.dataDir}) did not start: ${reason}\n` +
          `--- tail of ${this.logFile} ---\n${tailOfFile(this.logFile, 40)}\n` +
          `--- tail of ${this.outFile} ---\n${tailOfFile(this.outFile, 20)}`,
      )
    }
    this.options.log?.(
      `Kafka ${this.options.version ?? KAFKA_VERSION} serves at ${this.brokers} after ${Date.now() - started} ms.`,
    )
  }

  async stop(): Promise<void> {
    if (!this.running()) return
    this.child?.kill('SIGTERM')
    const timeout = this.options.stopTimeoutMs ?? 30_000
    const stopped = await Promise.race([this.exited.then(() => true), delay(timeout).then(() => false)])
    if (!stopped) {
      this.options.log?.(`The Kafka broker did not stop within ${timeout} ms of SIGTERM; sending SIGKILL.`)
      await this.kill()
    }
    this.watchdog?.kill()
  }

  async kill(): Promise<void> {
    if (this.running()) this.child?.kill('SIGKILL')
    await this.exited
    this.watchdog?.kill()
  }

  async restart(): Promise<void> {
    await this.stop()
    // A SIGKILLed JVM's listening sockets close with it, but wait briefly in case the kernel lags.
    for (const port of [this.state.port, this.state.controllerPort]) {
      const deadline = Date.now() + 10_000
      while (!(await isPortFree(port))) {
        if (Date.now() > deadline) throw new Error(`cannot restart Kafka: port ${port} on 127.0.0.1 is taken`)
        await delay(200)
      }
    }
    await this.start()
  }

  private running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
  }
}

/** Reuses the ports a data dir's broker had when they are still free, so clients keep one address. */
async function portsFor(dataDir: string): Promise<BrokerState> {
  try {
    const previous = JSON.parse(await readFile(join(dataDir, STATE_FILE), 'utf8')) as BrokerState
    if ((await isPortFree(previous.port)) && (await isPortFree(previous.controllerPort))) return previous
  } catch {
    // A new data dir: no previous ports.
  }
  const port = await freePort()
  let controllerPort = await freePort()
  while (controllerPort === port) controllerPort = await freePort()
  return { port, controllerPort }
}

interface PropertiesInput extends BrokerState {
  logDirs: string
  numPartitions: number
}

/** A single-node KRaft config: one process is broker and controller, everything on 127.0.0.1. */
export function serverProperties(input: PropertiesInput): string {
  const lines: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    // A static voter set keeps the address of the quorum in config, not in the log, so works the same
    // on 3.9 and 4.x and allows a restart with other ports if the old ones were taken.
    'controller.quorum.voters': `1@127.0.0.1:${input.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${input.port},CONTROLLER://127.0.0.1:${input.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${input.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': input.logDirs,
    'num.partitions': input.numPartitions,
    'auto.create.topics.enable': true,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    // Internal topics would wait forever for three replicas on a single node.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // A broker restarted after SIGKILL cannot register until the controller expires its previous
    // session (9 s by default); a local node heartbeats often enough for 4 s to be safe under load.
    'broker.heartbeat.interval.ms': 1000,
    'broker.session.timeout.ms': 4000,
    // Tests start consumers one after another; waiting 3 s for more members only slows them.
    'group.initial.rebalance.delay.ms': 0,
    // Records carry their event time (CreateTime) and tests replay logs from any date, so retention by
    // time would delete a replayed log minutes after it was produced; keep data by size only.
    'log.retention.ms': -1,
    'log.retention.bytes': 1024 * 1024 * 1024,
    // Small segments keep recovery after a SIGKILL short and let size retention act on little data.
    'log.segment.bytes': 16 * 1024 * 1024,
    'log.retention.check.interval.ms': 60_000,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
  }
  return `${Object.entries(lines)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`
}

/** Broker logs go to a size-capped file in the data dir, never to the test's output. */
function log4jProperties(logFile: string): string {
  return [
    'rootLogger.level=INFO',
    'rootLogger.appenderRef.file.ref=file',
    'appender.file.type=RollingFile',
    'appender.file.name=file',
    `appender.file.fileName=${logFile}`,
    `appender.file.filePattern=${logFile}.%i`,
    'appender.file.layout.type=PatternLayout',
    'appender.file.layout.pattern=[%d] %p %m (%c)%n',
    'appender.file.policies.type=Policies',
    'appender.file.policies.size.type=SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size=10MB',
    'appender.file.strategy.type=DefaultRolloverStrategy',
    'appender.file.strategy.max=2',
    'logger.request.name=kafka.request.logger',
    'logger.request.level=WARN',
    'logger.state.name=state.change.logger',
    'logger.state.level=WARN',
    '',
  ].join('\n')
}

/** A Kafka Uuid: 16 random bytes in unpadded base64url, never starting with '-' (Uuid.randomUuid's rule). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

/** Polls with a kafkajs admin until describeCluster and the group coordinator answer, the process exits, or the deadline passes. */
async function waitUntilServing(brokers: string, exited: () => boolean, deadline: number): Promise<void> {
  const kafka = new Kafka({
    clientId: 'gatewatch-infra-probe',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  })
  let lastError = 'no answer yet'
  while (Date.now() < deadline) {
    if (exited()) throw new Error('the JVM exited during start')
    const admin = kafka.admin()
    try {
      await admin.connect()
      const cluster = await admin.describeCluster()
      if (cluster.brokers.length > 0 && cluster.controller !== null) {
        // After a restart the group coordinator loads committed offsets in the background and answers
        // COORDINATOR_LOAD_IN_PROGRESS meanwhile; "serving" means consumer groups work too.
        await admin.fetchOffsets({ groupId: 'gatewatch-infra-probe' })
        return
      }
      lastError = 'the cluster has no controller yet'
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error)
    } finally {
      await admin.disconnect().catch(() => {})
    }
    await delay(250)
  }
  throw new Error(`no describeCluster answer before the deadline (last error: ${lastError})`)
}

const liveBrokers = new Set<ChildProcess>()
const ownedDataDirs = new Set<string>()
let exitHookInstalled = false

/** A broker started for a test dies with it; temporary data dirs go too. */
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const child of liveBrokers) child.kill('SIGKILL')
    for (const dir of ownedDataDirs) rmSync(dir, { recursive: true, force: true })
  })
}

/**
 * 'exit' handlers do not run when this process is itself killed (a test runner ending its worker), so a
 * detached shell polls once a second and, once this process is gone, SIGKILLs the JVM (`jvmPid`) or
 * removes a temporary data dir (`dir`). The JVM's watchdog ends with the JVM; a dir's lives as long as
 * this process, since the dir outlasts stop() and restart().
 */
function startWatchdog(target: { jvmPid: number } | { dir: string }): ChildProcess {
  const script =
    'jvmPid' in target
      ? [
          'while kill -0 "$1" 2>/dev/null; do',
          '  kill -0 "$2" 2>/dev/null || exit 0',
          '  sleep 1',
          'done',
          'kill -9 "$2" 2>/dev/null',
        ]
      : ['while kill -0 "$1" 2>/dev/null; do sleep 1; done', 'sleep 2', 'rm -rf "$2"']
  const watched = 'jvmPid' in target ? String(target.jvmPid) : target.dir
  const watchdog = spawn(
    'sh',
    ['-c', script.join('\n'), 'gatewatch-kafka-watchdog', String(process.pid), watched],
    {
      detached: true,
      stdio: 'ignore',
    },
  )
  watchdog.unref()
  return watchdog
}

/** Kafka 4 brokers need Java 17 or newer. */
function requireJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (result.error !== undefined) {
    throw new Error(
      'java was not found on PATH: the Kafka broker needs Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless)',
    )
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`)
  const major = match === null ? 0 : Number(match[1] === '1' ? match[2] : match[1])
  if (major < 17) {
    throw new Error(
      `java on PATH is version ${major || 'unknown'}; Kafka ${KAFKA_VERSION} needs Java 17 or newer`,
    )
  }
}

function requireTool(tool: string, args: string[], why: string): void {
  const result = spawnSync(tool, args, { encoding: 'utf8' })
  if (result.error !== undefined) throw new Error(`${tool} was not found on PATH: ${why}`)
}

/** What a failed execFile printed, or its message when it never ran. */
function processOutput(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const { stdout, stderr, message } = error as { stdout?: unknown; stderr?: unknown; message?: unknown }
  return [stdout, stderr, message].filter((part) => typeof part === 'string' && part !== '').join('\n')
}

function tail(text: string, lines: number): string {
  return text.trim().split('\n').slice(-lines).join('\n')
}

function tailOfFile(path: string, lines: number): string {
  try {
    return tail(readFileSync(path, 'utf8'), lines)
  } catch {
    return '(no file)'
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms))
}
