// Reads the TLS material and the SASL password a sink config names. Errors name the config key and
// the file; the password itself never appears in an error or a log line.
import { readFileSync } from 'node:fs'
import type { SaslConfig, TlsConfig } from './config.js'

export interface TlsOptions {
  ca?: string
  cert?: string
  key?: string
  servername?: string
  rejectUnauthorized: boolean
}

function readKeyFile(key: string, path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new Error(`sink.tls.${key} ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? err}`)
  }
}

/** The node:tls options of a `sink.tls` section (CA, client certificate and key, servername). */
export function tlsOptions(tls: TlsConfig): TlsOptions {
  if ((tls.cert_file === undefined) !== (tls.key_file === undefined)) {
    throw new Error(
      'sink.tls.cert_file and sink.tls.key_file go together: set both for mutual TLS, or neither',
    )
  }
  const out: TlsOptions = { rejectUnauthorized: tls.verify ?? true }
  if (tls.ca_file) out.ca = readKeyFile('ca_file', tls.ca_file)
  if (tls.cert_file) out.cert = readKeyFile('cert_file', tls.cert_file)
  if (tls.key_file) out.key = readKeyFile('key_file', tls.key_file)
  if (tls.servername) out.servername = tls.servername
  return out
}

export const DEFAULT_PASSWORD_ENV = 'GATEWATCH_KAFKA_PASSWORD'

/** The SASL password from `sasl.password_file`, else the variable `sasl.password_env` names. */
export function saslPassword(sasl: SaslConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (sasl.password_file) {
    let text: string
    try {
      text = readFileSync(sasl.password_file, 'utf8')
    } catch (err) {
      throw new Error(
        `sink.sasl.password_file ${sasl.password_file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? err}`,
      )
    }
    const password = text.replace(/\r?\n$/, '')
    if (password.length === 0) throw new Error(`sink.sasl.password_file ${sasl.password_file} is empty`)
    return password
  }
  const name = sasl.password_env ?? DEFAULT_PASSWORD_ENV
  const password = env[name]
  if (!password) {
    throw new Error(
      `sink.sasl needs a password: set the environment variable ${name} or sink.sasl.password_file`,
    )
  }
  return password
}
