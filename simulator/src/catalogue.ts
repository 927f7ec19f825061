// The simulated API: four services behind one gateway, their routes with path templates, who
// calls each route and how it usually answers. This is the ground truth the analyzer's endpoint
// inventory should rediscover from the logs alone.

/** The kind of client a route serves; every simulated user belongs to one. */
export type ClientKind = 'web' | 'mobile' | 'partner' | 'internal' | 'anonymous' | 'probe'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface ServiceSpec {
  name: string
  /** Host header the gateway sees for this service. */
  host: string
}

export interface RouteSpec {
  service: string
  method: HttpMethod
  /** Path template; `{name}` placeholders are filled from PLACEHOLDERS. */
  template: string
  /** Relative popularity among the routes a client may call. */
  weight: number
  /** Which clients call it. */
  clients: readonly ClientKind[]
  /** Status of a successful answer. */
  okStatus: 200 | 201 | 202 | 204
  /** Median latency in ms of a successful answer. */
  latencyMs: number
  /** Median response body in bytes of a successful answer (ignored for 204). */
  responseBytes: number
  /** Median request body in bytes (writes only). */
  requestBytes?: number
  /** Share of answers that are client errors (4xx); default 0.03. */
  clientErrorRate?: number
  /** Share of answers that are server errors (5xx); default 0.004. */
  serverErrorRate?: number
  /** Name of the query-string shape this route takes, from QUERY_SHAPES. */
  query?: QueryShape
}

export type QueryShape = 'pagination' | 'search' | 'date-range' | 'expand'

/** How a placeholder is filled: a numeric id, a UUID or a word slug. */
export type IdKind = 'numeric' | 'uuid' | 'slug'

export interface PlaceholderSpec {
  kind: IdKind
  /** Whether a user mostly reuses their own few values (their orders) or draws from the whole catalogue. */
  scope: 'user' | 'global'
}

export const SERVICES: readonly ServiceSpec[] = [
  { name: 'shop', host: 'api.shop.example.com' },
  { name: 'accounts', host: 'accounts.shop.example.com' },
  { name: 'payments', host: 'pay.shop.example.com' },
  { name: 'catalog', host: 'api.shop.example.com' },
]

export const PLACEHOLDERS: Readonly<Record<string, PlaceholderSpec>> = {
  order_id: { kind: 'numeric', scope: 'user' },
  item_id: { kind: 'numeric', scope: 'global' },
  product_id: { kind: 'numeric', scope: 'global' },
  review_id: { kind: 'numeric', scope: 'global' },
  address_id: { kind: 'numeric', scope: 'user' },
  user_id: { kind: 'uuid', scope: 'user' },
  payment_id: { kind: 'uuid', scope: 'user' },
  refund_id: { kind: 'uuid', scope: 'user' },
  shipment_id: { kind: 'uuid', scope: 'user' },
  product_slug: { kind: 'slug', scope: 'global' },
  category_slug: { kind: 'slug', scope: 'global' },
}

const BROWSE: readonly ClientKind[] = ['web', 'mobile', 'anonymous']
const SIGNED_IN: readonly ClientKind[] = ['web', 'mobile']
const SHOPPERS: readonly ClientKind[] = ['web', 'mobile', 'partner']
const BACKEND: readonly ClientKind[] = ['partner', 'internal']

export const ROUTES: readonly RouteSpec[] = [
  // shop: carts and orders
  {
    service: 'shop',
    method: 'GET',
    template: '/v1/cart',
    weight: 30,
    clients: SIGNED_IN,
    okStatus: 200,
    latencyMs: 18,
    responseBytes: 1400,
  },
  {
    service: 'shop',
    method: 'POST',
    template: '/v1/cart/items',
    weight: 14,
    clients: SIGNED_IN,
    okStatus: 201,
    latencyMs: 35,
    responseBytes: 900,
    requestBytes: 120,
    clientErrorRate: 0.05,
  },
  {
    service: 'shop',
    method: 'DELETE',
    template: '/v1/cart/items/{item_id}',
    weight: 4,
    clients: SIGNED_IN,
    okStatus: 204,
    latencyMs: 25,
    responseBytes: 0,
    clientErrorRate: 0.06,
  },
  {
    service: 'shop',
    method: 'GET',
    template: '/v2/orders',
    weight: 22,
    clients: SHOPPERS,
    okStatus: 200,
    latencyMs: 45,
    responseBytes: 5200,
    query: 'pagination',
  },
  {
    service: 'shop',
    method: 'POST',
    template: '/v2/orders',
    weight: 7,
    clients: SHOPPERS,
    okStatus: 201,
    latencyMs: 160,
    responseBytes: 1800,
    requestBytes: 900,
    clientErrorRate: 0.06,
    serverErrorRate: 0.008,
  },
  {
    service: 'shop',
    method: 'GET',
    template: '/v2/orders/{order_id}',
    weight: 26,
    clients: SHOPPERS,
    okStatus: 200,
    latencyMs: 28,
    responseBytes: 2100,
    query: 'expand',
  },
  {
    service: 'shop',
    method: 'PATCH',
    template: '/v2/orders/{order_id}',
    weight: 3,
    clients: ['partner'],
    okStatus: 200,
    latencyMs: 70,
    responseBytes: 2100,
    requestBytes: 300,
    clientErrorRate: 0.08,
  },
  {
    service: 'shop',
    method: 'DELETE',
    template: '/v2/orders/{order_id}',
    weight: 1.5,
    clients: SHOPPERS,
    okStatus: 204,
    latencyMs: 60,
    responseBytes: 0,
    clientErrorRate: 0.1,
  },
  {
    service: 'shop',
    method: 'GET',
    template: '/v2/orders/{order_id}/items',
    weight: 9,
    clients: SHOPPERS,
    okStatus: 200,
    latencyMs: 32,
    responseBytes: 3300,
  },
  {
    service: 'shop',
    method: 'GET',
    template: '/v2/orders/{order_id}/shipments/{shipment_id}',
    weight: 5,
    clients: SHOPPERS,
    okStatus: 200,
    latencyMs: 55,
    responseBytes: 1200,
  },
  {
    service: 'shop',
    method: 'GET',
    template: '/v1/stores',
    weight: 3,
    clients: BROWSE,
    okStatus: 200,
    latencyMs: 12,
    responseBytes: 4000,
  },
  // accounts: identity and profile
  {
    service: 'accounts',
    method: 'POST',
    template: '/v1/sessions',
    weight: 6,
    clients: ['web', 'mobile', 'anonymous'],
    okStatus: 201,
    latencyMs: 120,
    responseBytes: 700,
    requestBytes: 90,
    clientErrorRate: 0.12,
  },
  {
    service: 'accounts',
    method: 'DELETE',
    template: '/v1/sessions/current',
    weight: 2,
    clients: SIGNED_IN,
    okStatus: 204,
    latencyMs: 15,
    responseBytes: 0,
  },
  {
    service: 'accounts',
    method: 'POST',
    template: '/oauth/token',
    weight: 5,
    clients: ['partner', 'mobile'],
    okStatus: 200,
    latencyMs: 90,
    responseBytes: 850,
    requestBytes: 160,
    clientErrorRate: 0.05,
  },
  {
    service: 'accounts',
    method: 'GET',
    template: '/users/me',
    weight: 40,
    clients: SIGNED_IN,
    okStatus: 200,
    latencyMs: 9,
    responseBytes: 650,
  },
  {
    service: 'accounts',
    method: 'PATCH',
    template: '/users/me',
    weight: 2,
    clients: SIGNED_IN,
    okStatus: 200,
    latencyMs: 40,
    responseBytes: 650,
    requestBytes: 200,
    clientErrorRate: 0.08,
  },
  {
    service: 'accounts',
    method: 'GET',
    template: '/v1/users/{user_id}',
    weight: 6,
    clients: BACKEND,
    okStatus: 200,
    latencyMs: 14,
    responseBytes: 800,
  },
  {
    service: 'accounts',
    method: 'GET',
    template: '/v1/users/{user_id}/addresses',
    weight: 5,
    clients: ['web', 'mobile', 'partner'],
    okStatus: 200,
    latencyMs: 20,
    responseBytes: 1100,
  },
  {
    service: 'accounts',
    method: 'PUT',
    template: '/v1/users/{user_id}/addresses/{address_id}',
    weight: 1,
    clients: SIGNED_IN,
    okStatus: 200,
    latencyMs: 45,
    responseBytes: 400,
    requestBytes: 350,
    clientErrorRate: 0.07,
  },
  {
    service: 'accounts',
    method: 'POST',
    template: '/v1/password-resets',
    weight: 0.6,
    clients: ['web', 'anonymous'],
    okStatus: 202,
    latencyMs: 180,
    responseBytes: 60,
    requestBytes: 60,
  },
  // payments
  {
    service: 'payments',
    method: 'POST',
    template: '/v1/payments',
    weight: 6,
    clients: SHOPPERS,
    okStatus: 201,
    latencyMs: 420,
    responseBytes: 1300,
    requestBytes: 700,
    clientErrorRate: 0.07,
    serverErrorRate: 0.01,
  },
  {
    service: 'payments',
    method: 'GET',
    template: '/v1/payments/{payment_id}',
    weight: 7,
    clients: ['web', 'mobile', 'partner', 'internal'],
    okStatus: 200,
    latencyMs: 35,
    responseBytes: 1300,
  },
  {
    service: 'payments',
    method: 'POST',
    template: '/v1/payments/{payment_id}/refunds',
    weight: 0.8,
    clients: BACKEND,
    okStatus: 201,
    latencyMs: 380,
    responseBytes: 900,
    requestBytes: 250,
    clientErrorRate: 0.1,
    serverErrorRate: 0.01,
  },
  {
    service: 'payments',
    method: 'GET',
    template: '/v1/refunds/{refund_id}',
    weight: 0.7,
    clients: BACKEND,
    okStatus: 200,
    latencyMs: 30,
    responseBytes: 800,
  },
  {
    service: 'payments',
    method: 'GET',
    template: '/v1/payment-methods',
    weight: 8,
    clients: SIGNED_IN,
    okStatus: 200,
    latencyMs: 40,
    responseBytes: 1500,
  },
  {
    service: 'payments',
    method: 'GET',
    template: '/v1/invoices',
    weight: 3,
    clients: ['web', 'partner', 'internal'],
    okStatus: 200,
    latencyMs: 80,
    responseBytes: 7000,
    query: 'date-range',
  },
  {
    service: 'payments',
    method: 'POST',
    template: '/v1/webhooks/psp',
    weight: 4,
    clients: ['internal'],
    okStatus: 200,
    latencyMs: 25,
    responseBytes: 20,
    requestBytes: 1500,
  },
  // catalog: public browsing
  {
    service: 'catalog',
    method: 'GET',
    template: '/v1/products',
    weight: 45,
    clients: ['web', 'mobile', 'partner', 'anonymous'],
    okStatus: 200,
    latencyMs: 38,
    responseBytes: 14000,
    query: 'pagination',
  },
  {
    service: 'catalog',
    method: 'GET',
    template: '/v1/products/{product_slug}',
    weight: 50,
    clients: ['web', 'mobile', 'partner', 'anonymous'],
    okStatus: 200,
    latencyMs: 22,
    responseBytes: 6200,
    clientErrorRate: 0.04,
  },
  {
    service: 'catalog',
    method: 'GET',
    template: '/v1/products/{product_id}/reviews',
    weight: 12,
    clients: BROWSE,
    okStatus: 200,
    latencyMs: 30,
    responseBytes: 8000,
    query: 'pagination',
  },
  {
    service: 'catalog',
    method: 'POST',
    template: '/v1/products/{product_id}/reviews',
    weight: 1,
    clients: SIGNED_IN,
    okStatus: 201,
    latencyMs: 65,
    responseBytes: 500,
    requestBytes: 600,
    clientErrorRate: 0.1,
  },
  {
    service: 'catalog',
    method: 'GET',
    template: '/v1/products/{product_id}/reviews/{review_id}',
    weight: 2,
    clients: BROWSE,
    okStatus: 200,
    latencyMs: 15,
    responseBytes: 900,
  },
  {
    service: 'catalog',
    method: 'GET',
    template: '/v1/categories',
    weight: 10,
    clients: BROWSE,
    okStatus: 200,
    latencyMs: 8,
    responseBytes: 3000,
  },
  {
    service: 'catalog',
    method: 'GET',
    template: '/v1/categories/{category_slug}/products',
    weight: 18,
    clients: BROWSE,
    okStatus: 200,
    latencyMs: 42,
    responseBytes: 12000,
    query: 'pagination',
  },
  {
    service: 'catalog',
    method: 'GET',
    template: '/v1/search',
    weight: 20,
    clients: ['web', 'mobile', 'anonymous', 'partner'],
    okStatus: 200,
    latencyMs: 95,
    responseBytes: 9000,
    query: 'search',
  },
  {
    service: 'catalog',
    method: 'PUT',
    template: '/v1/products/{product_id}/inventory',
    weight: 3,
    clients: BACKEND,
    okStatus: 200,
    latencyMs: 50,
    responseBytes: 200,
    requestBytes: 180,
    clientErrorRate: 0.04,
  },
  {
    service: 'catalog',
    method: 'GET',
    template: '/health',
    weight: 6,
    clients: ['probe'],
    okStatus: 200,
    latencyMs: 1,
    responseBytes: 15,
    clientErrorRate: 0,
    serverErrorRate: 0.001,
  },
]

/** `GET /v2/orders/{order_id}`: the identity of a route in the catalogue. */
export function routeKey(route: Pick<RouteSpec, 'method' | 'template'>): string {
  return `${route.method} ${route.template}`
}

/** Names of the placeholders in a template, in order. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!)
}
