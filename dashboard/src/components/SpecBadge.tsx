// The spec status of an endpoint as a small coloured label, with what it means as its title.
import type { SpecStatus } from '@gatewatch/schema'

const MEANING: Record<SpecStatus, string> = {
  documented: 'In the imported OpenAPI spec.',
  shadow: 'Seen in traffic but not in the spec.',
  zombie: 'Deprecated in the spec, or an older version of a spec route, and still called.',
  unused: 'In the spec, never seen in traffic.',
  unspecified: 'No spec imported for this service.',
}

export function SpecBadge({ status }: { status: SpecStatus }) {
  return (
    <span className={`spec-badge spec-${status}`} title={MEANING[status]} data-testid="endpoint-spec-status">
      {status === 'unspecified' ? '–' : status}
    </span>
  )
}
