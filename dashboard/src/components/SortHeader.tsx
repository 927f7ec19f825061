// A column header that asks the API for that sort; clicking again flips the direction.
import type { EndpointSortKey } from '@gatewatch/schema'
import { ariaSort, type SortState } from '../lib/sort.js'

export function SortHeader(props: {
  column: EndpointSortKey
  label: string
  sort: SortState
  onSort: (column: EndpointSortKey) => void
  numeric?: boolean
}) {
  const direction = ariaSort(props.sort, props.column)
  return (
    <th aria-sort={direction} className={props.numeric ? 'num' : undefined} scope="col">
      <button
        type="button"
        className="sort-button"
        data-testid={`sort-${props.column}`}
        onClick={() => props.onSort(props.column)}
      >
        {props.label}
        <span className={`sort-icon ${direction}`} aria-hidden="true">
          {direction === 'ascending' ? '↑' : direction === 'descending' ? '↓' : '↕'}
        </span>
      </button>
    </th>
  )
}
