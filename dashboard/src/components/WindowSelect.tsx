// Chooses the period the traffic chart covers, ending at the newest event.
import { WINDOWS, type WindowKey } from '../lib/time-window.js'

export function WindowSelect(props: { value: WindowKey; onChange: (key: WindowKey) => void }) {
  return (
    <label className="field">
      <span>Period</span>
      <select
        data-testid="window-select"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as WindowKey)}
      >
        {WINDOWS.map((w) => (
          <option key={w.key} value={w.key}>
            {w.label}
          </option>
        ))}
      </select>
    </label>
  )
}
