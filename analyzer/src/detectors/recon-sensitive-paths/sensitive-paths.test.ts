import { readFileSync } from 'node:fs'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import { makeEvent, T0 } from '../../testing/index.js'
import { detectorConfig, replay } from '../testing.js'
import { anonymous, steady } from '../traffic/testing.js'
import { reconSensitivePaths } from './index.js'

const at = (i: number, path: string, status: number, ip = '198.51.100.40') =>
  makeEvent(`sp-${ip}-${i}`, { ts: T0 + i * 1000, path, status, client_ip: ip, principal: anonymous })

describe('recon.sensitive_paths', () => {
  it('raises low for a failed /.env, critical once /.git/config answers 200', () => {
    const { findings } = replay(reconSensitivePaths, [at(0, '/.env', 404), at(1, '/.git/config', 200)])
    expect(findings.map((f) => f.severity)).toEqual(['low', 'critical'])
    expect(findings[1]).toMatchObject({
      type: 'recon.sensitive_paths',
      subject: { kind: 'ip', id: '198.51.100.40' },
      observed: { requests: 2, exposed: 1, latest_status: 200 },
    })
    expect(findings[1]!.summary).toContain('git repository answered 2xx')
  })

  it('sees through percent-encoding and doubled slashes', () => {
    const { findings } = replay(reconSensitivePaths, [at(0, '//%2e%65nv', 404), at(1, '/%252egit/HEAD', 403)])
    expect(findings.at(-1)?.observed).toMatchObject({ requests: 2, kinds: 2 })
  })

  it('raises medium when one source tries several kinds, even if all fail', () => {
    const paths = ['/wp-login.php', '/phpmyadmin/', '/server-status']
    const { findings } = replay(
      reconSensitivePaths,
      paths.map((p, i) => at(i, p, 404)),
    )
    expect(findings.at(-1)).toMatchObject({ severity: 'medium', observed: { kinds: 3 } })
  })

  it('knows every Spring Boot actuator endpoint of the real scanner wordlist', () => {
    const words = readFileSync(
      sharedDataPath(
        'payloadsallthethings-intruders',
        'Insecure Management Interface',
        'Intruder',
        'springboot_actuator.txt',
      ),
      'utf8',
    )
      .split('\n')
      .filter(Boolean)
    const events = words.map((w, i) => at(i, `/actuator/${w}`, 200, `10.1.0.${i}`))
    expect(replay(reconSensitivePaths, events).findings.filter((f) => f.severity === 'high').length).toBe(
      words.length,
    )
  })

  it('stays quiet for look-alike everyday paths', () => {
    const benign = [
      '/environment/settings',
      '/docs/git-guide',
      '/api/v1/environments',
      '/blog/how-to-use-swagger',
      '/admin-tips.html',
      '/images/backup.png',
      '/product/info',
      '/github',
      '/status',
    ]
    const events = steady('203.0.113.41', benign.length, 1000, (i) => ({ path: benign[i]!, status: 200 }))
    expect(replay(reconSensitivePaths, events).findings).toEqual([])
  })

  it('rejects a rule whose pattern is not a regular expression, naming it', () => {
    const config = detectorConfig(reconSensitivePaths, {
      rules: [{ name: 'broken', pattern: '(', success_severity: 'high' }],
    })
    expect(() => reconSensitivePaths.create(config)).toThrow(/rule "broken".*pattern/)
  })
})
