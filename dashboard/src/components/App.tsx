// Top of the component tree: the login page until a token is accepted, then the page the URL
// hash names (the inventory by default, or the alerts).
import { usePage } from '../hooks/usePage.js'
import { useSession } from '../hooks/useSession.js'
import { AlertsPage } from './AlertsPage.js'
import { InventoryPage } from './InventoryPage.js'
import { LoginPage } from './LoginPage.js'

export function App() {
  const { token, notice } = useSession()
  const page = usePage()
  if (token === null) return <LoginPage notice={notice} />
  return page.name === 'alerts' ? <AlertsPage alertId={page.alertId} /> : <InventoryPage />
}
