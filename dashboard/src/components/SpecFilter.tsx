// Chooses which spec status the inventory shows (all by default).
import type { SpecStatus } from '@gatewatch/schema'

const STATUSES: SpecStatus[] = ['documented', 'shadow', 'zombie', 'unused', 'unspecified']

export function SpecFilter(props: {
  value: SpecStatus | undefined
  onChange: (v: SpecStatus | undefined) => void
}) {
  return (
    <label className="field">
      <span>Spec</span>
      <select
        data-testid="spec-filter"
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : (e.target.value as SpecStatus))}
      >
        <option value="">All</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  )
}
