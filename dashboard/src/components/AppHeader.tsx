// The bar across the top of a signed-in page: the product, the pages, and a way out.
import { session } from '../api/session.js'
import { Brand } from './Brand.js'

export function AppHeader({ active = 'endpoints' }: { active?: 'endpoints' | 'alerts' }) {
  const item = (name: 'endpoints' | 'alerts', label: string, href: string) => (
    <a
      href={href}
      className={`nav-item${active === name ? ' active' : ''}`}
      aria-current={active === name ? 'page' : undefined}
      data-testid={`nav-${name}`}
    >
      {label}
    </a>
  )
  return (
    <header className="app-header">
      <Brand />
      <nav className="app-nav" aria-label="Main">
        {item('endpoints', 'Endpoints', '#/')}
        {item('alerts', 'Alerts', '#/alerts')}
      </nav>
      <button type="button" className="ghost" data-testid="sign-out" onClick={() => session.signOut()}>
        Sign out
      </button>
    </header>
  )
}
