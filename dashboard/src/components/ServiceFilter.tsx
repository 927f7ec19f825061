// Narrows the inventory and the chart to one service.
export function ServiceFilter(props: {
  services: string[]
  value: string | undefined
  onChange: (service: string | undefined) => void
}) {
  return (
    <label className="field">
      <span>Service</span>
      <select
        data-testid="service-filter"
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">All services</option>
        {props.services.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  )
}
