// The services seen in the inventory, for the service filter. Reads the unfiltered list, which
// shares its cache entry with the table when no filter is set.
import { useQuery } from '@tanstack/react-query'
import { endpointListQuery } from '../api/queries.js'
import { servicesOf } from '../lib/inventory.js'
import { DEFAULT_SORT, ENDPOINT_LIMIT } from '../lib/sort.js'

export function useServices(): string[] {
  const { data } = useQuery({
    ...endpointListQuery({ ...DEFAULT_SORT, limit: ENDPOINT_LIMIT }),
    select: (list) => servicesOf(list.endpoints),
  })
  return data ?? []
}
