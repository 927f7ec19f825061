// Config of recon.sensitive_paths: the curated list of paths nobody but an attacker (or an
// operator) asks for, each with the severity a successful (2xx) answer deserves.
import { Severity } from '@gatewatch/schema'
import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'

export const SensitivePathRule = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'What the path exposes, shown in the alert.' }),
    pattern: Type.String({
      minLength: 1,
      description: 'Regular expression (case-insensitive) tested against the percent-decoded path.',
    }),
    success_severity: Severity,
  },
  { additionalProperties: false },
)
export type SensitivePathRule = Static<typeof SensitivePathRule>

/** Curated from common scanner wordlists (Insecure Management Interface, dotfiles, backups). */
export const DEFAULT_SENSITIVE_PATHS: SensitivePathRule[] = [
  { name: 'dotenv file', pattern: '/\\.env(\\.[\\w-]+)?$', success_severity: 'critical' },
  { name: 'git repository', pattern: '/\\.git(/|$)', success_severity: 'critical' },
  { name: 'svn or mercurial metadata', pattern: '/\\.(svn|hg)(/|$)', success_severity: 'high' },
  {
    name: 'cloud or ssh credentials',
    pattern: '/\\.(aws|ssh|docker)/|/id_(rsa|ed25519)$',
    success_severity: 'critical',
  },
  { name: 'htaccess or htpasswd', pattern: '/\\.ht(access|passwd)$', success_severity: 'high' },
  { name: 'Spring Boot actuator', pattern: '/actuator(/|$)', success_severity: 'high' },
  { name: 'Go pprof or debug vars', pattern: '/debug/(pprof|vars)(/|$)', success_severity: 'high' },
  {
    name: 'Swagger or OpenAPI document',
    pattern: '/(swagger(-ui)?(/|\\.html$|\\.json$|\\.ya?ml$)|openapi\\.(json|ya?ml)$|api-docs(/|$))',
    success_severity: 'medium',
  },
  {
    name: 'WordPress admin or login',
    pattern: '/(wp-admin(/|$)|wp-login\\.php$|xmlrpc\\.php$)',
    success_severity: 'high',
  },
  { name: 'WordPress config', pattern: '/wp-config\\.php', success_severity: 'critical' },
  { name: 'phpMyAdmin', pattern: '/(phpmyadmin|pma|myadmin|mysqladmin)(/|$)', success_severity: 'high' },
  { name: 'PHP info page', pattern: '/(php)?info\\.php$', success_severity: 'high' },
  { name: 'Apache server-status', pattern: '/server-(status|info)$', success_severity: 'high' },
  { name: 'Tomcat manager', pattern: '/(manager/html|host-manager)(/|$)', success_severity: 'high' },
  {
    name: 'JMX console or Jolokia',
    pattern: '/(jmx-console|web-console|jolokia)(/|$)',
    success_severity: 'high',
  },
  { name: 'ASP.NET trace or error log', pattern: '/(trace|elmah)\\.axd$', success_severity: 'high' },
  { name: 'web.config', pattern: '/web\\.config$', success_severity: 'critical' },
  {
    name: 'database dump or backup archive',
    pattern: '\\.(sql|bak|dump)(\\.gz)?$|/backup\\.(zip|tar|tgz|tar\\.gz)$',
    success_severity: 'critical',
  },
  { name: 'macOS folder metadata', pattern: '/\\.ds_store$', success_severity: 'medium' },
]

export const SensitivePathsConfig = Type.Object(
  {
    enabled: enabledField(),
    rules: Type.Array(SensitivePathRule, {
      default: DEFAULT_SENSITIVE_PATHS,
      description:
        'Sensitive paths to watch; a request that failed raises low, one answered 2xx raises the rule’s severity.',
    }),
    probe_rules: Type.Integer({
      minimum: 2,
      default: 3,
      description:
        'Distinct rules one source hits before even failed requests raise medium (a probe, not a stray click).',
    }),
    max_keys: maxKeysField(10_000),
    idle_ms: idleField(24 * 3_600_000),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'recon.sensitive_paths: requests for secrets, admin consoles and API docs.',
  },
)
export type SensitivePathsConfig = Static<typeof SensitivePathsConfig>
