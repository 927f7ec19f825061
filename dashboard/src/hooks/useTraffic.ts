// Requests and errors over time for the chosen window, once the window is known (it ends at the
// newest event in the inventory, so a replayed log shows its own period).
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { type TrafficFilters, trafficSeriesQuery } from '../api/queries.js'

export function useTraffic(filters: TrafficFilters | null) {
  return useQuery({
    ...trafficSeriesQuery(filters ?? { from: 0, to: 1, bucket_ms: 1 }),
    enabled: filters !== null,
    placeholderData: keepPreviousData,
  })
}
