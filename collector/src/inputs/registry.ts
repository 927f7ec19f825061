// Every input type. Adding one is a folder under inputs/ and one line here.
import Type, { type Static, type TSchema } from 'typebox'
import { createFileInput, FileInputConfig } from './file/index.js'
import { createHttpInput, HttpInputConfig } from './http/index.js'
import { createStdinInput, StdinInputConfig } from './stdin/index.js'
import { createSyslogInput, SyslogInputConfig } from './syslog/index.js'
import type { Input, InputContext } from './types.js'

interface InputType<S extends TSchema> {
  schema: S
  create(config: Static<S>, ctx: InputContext): Input
}
const entry = <S extends TSchema>(schema: S, create: InputType<S>['create']): InputType<TSchema> =>
  ({ schema, create }) as InputType<TSchema>

export const inputTypes: Record<string, InputType<TSchema>> = {
  file: entry(FileInputConfig, createFileInput),
  stdin: entry(StdinInputConfig, createStdinInput),
  http: entry(HttpInputConfig, createHttpInput),
  syslog: entry(SyslogInputConfig, createSyslogInput),
}

export const INPUT_TYPES = Object.keys(inputTypes)

/** One entry of `inputs:`, whichever its type. */
export const InputConfig = Type.Union(
  [FileInputConfig, StdinInputConfig, HttpInputConfig, SyslogInputConfig],
  {
    description: 'An input: `type` chooses which, and which other keys apply.',
  },
)
export type InputConfig = Static<typeof InputConfig>

export function createInput(config: InputConfig, ctx: InputContext): Input {
  return inputTypes[config.type]!.create(config, ctx)
}
