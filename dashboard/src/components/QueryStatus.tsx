// What a panel shows while its data loads or when the API failed.
export function QueryStatus(props: {
  isPending: boolean
  error: Error | null
  empty?: string | undefined
  isEmpty?: boolean
}) {
  if (props.error !== null) {
    return (
      <p className="panel-message error" role="alert">
        {props.error.message}
      </p>
    )
  }
  if (props.isPending) return <p className="panel-message muted">Loading…</p>
  if (props.isEmpty && props.empty) return <p className="panel-message muted">{props.empty}</p>
  return null
}
