// The endpoint inventory for the current filters; the previous rows stay on screen while a new
// sort or filter loads, so the table does not flash.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { type EndpointFilters, endpointListQuery } from '../api/queries.js'

export function useEndpoints(filters: EndpointFilters) {
  return useQuery({ ...endpointListQuery(filters), placeholderData: keepPreviousData })
}
