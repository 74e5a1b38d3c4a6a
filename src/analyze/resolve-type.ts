// Turns a type as written (TypeNode) into a SqlType, resolving custom type names from the catalog.

import { KsqlError } from '../errors.js';
import type { Loc, TypeNode } from '../sql/ast.js';
import type { SqlType } from '../types/sql-type.js';
import { array, decimal, map, struct } from '../types/sql-type.js';

export type TypeLookup = (name: string) => SqlType | undefined;

export function resolveType(node: TypeNode, lookup: TypeLookup, loc?: Loc): SqlType {
  switch (node.kind) {
    case 'DECIMAL':
      if (node.precision < 1) throw new KsqlError('TYPE', `DECIMAL precision must be >= 1: DECIMAL(${node.precision}, ${node.scale})`, loc);
      if (node.scale < 0 || node.scale > node.precision)
        throw new KsqlError(
          'TYPE',
          `DECIMAL scale must be between 0 and precision ${node.precision}: DECIMAL(${node.precision}, ${node.scale})`,
          loc,
        );
      return decimal(node.precision, node.scale);
    case 'ARRAY':
      return array(resolveType(node.item, lookup, loc));
    case 'MAP':
      return map(resolveType(node.key, lookup, loc), resolveType(node.value, lookup, loc));
    case 'STRUCT':
      return struct(node.fields.map((f) => ({ name: f.name, type: resolveType(f.type, lookup, loc) })));
    case 'NAMED': {
      const t = lookup(node.name);
      if (!t) throw new KsqlError('TYPE', `Unknown type: ${node.name}`, loc);
      return t;
    }
    default:
      return { kind: node.kind };
  }
}
