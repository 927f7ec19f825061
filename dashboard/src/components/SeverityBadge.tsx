// An alert's severity as a coloured word.
import type { Severity } from '@gatewatch/schema'

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`severity severity-${severity}`} data-testid="alert-severity">
      {severity}
    </span>
  )
}
