// The inventory as one object: the templater the pipeline uses, its persisted state (learned
// templates, specs), the admin's changes to templates (each audited), and the InventoryView the
// detectors read. Learning happens inside the synchronous pipeline step, so its write to the
// store runs in the background; `flush()` waits for it (tests, graceful stop).
import type { InventoryView } from '../detectors/types.js'
import type { StoreClient } from '../store/client.js'
import { type ApiSpec, parseSpec } from './spec.js'
import { audit, loadSpecs, loadTemplates, saveSpec, saveTemplate } from './store.js'
import { type LearnedTemplate, Templater, type TemplaterOptions } from './templater.js'

export class TemplateChangeError extends Error {
  override readonly name = 'TemplateChangeError'
}

export interface Inventory {
  templater: Templater
  /** Spec status for the detectors. */
  view: InventoryView
  /** Reads learned templates and specs from the store (after migrations). */
  load(): Promise<void>
  /** Waits for background writes of learned templates. */
  flush(): Promise<void>
  importSpec(service: string, text: string, actor: string): Promise<ApiSpec>
  approve(id: string, actor: string): Promise<LearnedTemplate>
  rename(id: string, name: string, actor: string): Promise<LearnedTemplate>
  split(id: string, values: string[], actor: string): Promise<LearnedTemplate>
}

export const PARAM_NAME = /^[a-z][a-z0-9_]{0,63}$/

export function createInventory(deps: {
  client: StoreClient
  options?: Partial<TemplaterOptions>
  onError?: (err: unknown) => void
  now?: () => number
}): Inventory {
  const { client } = deps
  const now = deps.now ?? Date.now
  const pending = new Set<Promise<void>>()
  const templater = new Templater(
    deps.options,
    (t) => {
      const write = saveTemplate(client, t)
        .catch((err) => deps.onError?.(err))
        .finally(() => pending.delete(write))
      pending.add(write)
    },
    now,
  )

  async function change(
    id: string,
    action: string,
    actor: string,
    edit: (t: LearnedTemplate) => LearnedTemplate,
  ): Promise<LearnedTemplate> {
    const before = templater.get(id)
    if (!before) throw new TemplateChangeError(`no learned template has id ${id}`)
    const after = { ...edit(before), updated_at: now() }
    await saveTemplate(client, after)
    await audit(client, {
      ts: after.updated_at,
      actor,
      action,
      target: `template:${id}`,
      detail: JSON.stringify({ before, after }),
    })
    templater.put(after)
    return after
  }

  return {
    templater,
    view: { specStatus: (service, method, route) => templater.specStatus(service, method, route) },
    async load() {
      for (const t of await loadTemplates(client)) templater.put(t)
      for (const s of await loadSpecs(client)) templater.setSpec(s)
    },
    async flush() {
      await Promise.all([...pending])
    },
    async importSpec(service, text, actor) {
      const parsed = await parseSpec(text)
      const spec: ApiSpec = { service, ...parsed, imported_at: now() }
      const before = templater.spec(service)
      await saveSpec(client, spec)
      await audit(client, {
        ts: spec.imported_at,
        actor,
        action: 'spec.import',
        target: `spec:${service}`,
        detail: JSON.stringify({
          before: before
            ? { title: before.title, version: before.version, operations: before.operations.length }
            : null,
          after: { title: spec.title, version: spec.version, operations: spec.operations.length },
        }),
      })
      templater.setSpec(spec)
      return spec
    },
    approve: (id, actor) => change(id, 'template.approve', actor, (t) => ({ ...t, status: 'approved' })),
    rename(id, name, actor) {
      if (!PARAM_NAME.test(name))
        throw new TemplateChangeError(
          `name ${JSON.stringify(name)} must be lower-case letters, digits and _, starting with a letter`,
        )
      return change(id, 'template.rename', actor, (t) => ({ ...t, name }))
    },
    split(id, values, actor) {
      const bad = values.find((v) => v === '' || v.includes('/'))
      if (bad !== undefined)
        throw new TemplateChangeError(`split value ${JSON.stringify(bad)} must be one non-empty path segment`)
      return change(id, 'template.split', actor, (t) => ({
        ...t,
        kept: [...new Set([...t.kept, ...values])].sort(),
      }))
    },
  }
}
