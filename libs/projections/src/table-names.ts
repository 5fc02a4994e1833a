import { quoteIdent } from '@rcrp/database';

/** The live table of a projection, schema-qualified and quoted. */
export function liveTable(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export function shadowTableName(name: string): string {
  return `${name}__rebuild`;
}

export function retiredTableName(name: string): string {
  return `${name}__retired`;
}
