// Converts the CST of a SQL type (`ARRAY<STRUCT<A INT>>`, `DECIMAL(10, 2)`, `VARCHAR`, a custom
// type name) into a TypeNode. Built-in names are recognized here; custom names stay NAMED.

import type { TypeCstNode } from '../../grammar/cst.js';
import type { TypeNode } from './ast.js';
import { identifierText, nodeLoc, only, parseError } from './cst-util.js';

type SimpleKind = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'STRING' | 'BYTES' | 'DATE' | 'TIME' | 'TIMESTAMP';

const BUILT_IN: Readonly<Record<string, SimpleKind>> = {
  BOOLEAN: 'BOOLEAN',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  STRING: 'STRING',
  VARCHAR: 'STRING',
  BYTES: 'BYTES',
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
};

export function typeFromCst(n: TypeCstNode): TypeNode {
  const c = n.children;
  if (c.Array !== undefined) return { kind: 'ARRAY', item: typeFromCst(only(c.item)) };
  if (c.Map !== undefined) return { kind: 'MAP', key: typeFromCst(only(c.key)), value: typeFromCst(only(c.value)) };
  if (c.Struct !== undefined) {
    const fields = (c.structField ?? []).map((f) => ({
      name: identifierText(only(f.children.identifier)),
      type: typeFromCst(only(f.children.type)),
    }));
    return { kind: 'STRUCT', fields };
  }
  if (c.Decimal !== undefined) {
    const precision = Number(only(c.precision).image);
    const scale = Number(only(c.scale).image);
    return { kind: 'DECIMAL', precision, scale };
  }
  const name = identifierText(only(c.baseType));
  // ksqlDB's grammar accepts parameters on any base type (`VARCHAR(10)`) and ignores them,
  // except where they cannot mean anything.
  if (c.TypeParameter !== undefined && BUILT_IN[name] !== 'STRING') {
    throw parseError(`Type ${name} does not take parameters`, nodeLoc(n));
  }
  const kind = BUILT_IN[name];
  return kind !== undefined ? { kind } : { kind: 'NAMED', name };
}
