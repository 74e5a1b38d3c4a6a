// The .proto text ksqlDB derives from a source's columns: message ConnectDefault1 with fields
// 1..n, nested messages for structs and map entries, well-known types for DECIMAL and temporals.

import type { SqlType } from '../types/sql-type.js';
import type { SerdeColumn } from './types.js';

interface Ctx {
  imports: Set<string>;
  counter: number;
}

function fieldType(t: SqlType, ctx: Ctx, nested: string[], indent: string): string {
  switch (t.kind) {
    case 'BOOLEAN':
      return 'bool';
    case 'INTEGER':
      return 'int32';
    case 'BIGINT':
      return 'int64';
    case 'DOUBLE':
      return 'double';
    case 'STRING':
      return 'string';
    case 'BYTES':
      return 'bytes';
    case 'DECIMAL':
      ctx.imports.add('confluent/type/decimal.proto');
      return 'confluent.type.Decimal';
    case 'DATE':
      ctx.imports.add('google/type/date.proto');
      return 'google.type.Date';
    case 'TIME':
      ctx.imports.add('google/type/TimeOfDay.proto');
      return 'google.type.TimeOfDay';
    case 'TIMESTAMP':
      ctx.imports.add('google/protobuf/timestamp.proto');
      return 'google.protobuf.Timestamp';
    case 'ARRAY':
      return `repeated ${fieldType(t.item, ctx, nested, indent)}`;
    case 'MAP':
      return `map<${fieldType(t.key, ctx, nested, indent)}, ${fieldType(t.value, ctx, nested, indent)}>`;
    case 'STRUCT': {
      const name = `ConnectDefault${++ctx.counter}`;
      nested.push(messageText(name, t.fields, ctx, indent));
      return name;
    }
  }
}

function messageText(name: string, fields: readonly { readonly name: string; readonly type: SqlType }[], ctx: Ctx, indent: string): string {
  const nested: string[] = [];
  const lines = fields.map((f, i) => `${indent}  ${fieldType(f.type, ctx, nested, indent + '  ')} ${f.name} = ${i + 1};`);
  return [`${indent}message ${name} {`, ...lines, ...nested, `${indent}}`].join('\n');
}

export function protobufSchemaText(columns: readonly SerdeColumn[]): string {
  const ctx: Ctx = { imports: new Set(), counter: 1 };
  const body = messageText('ConnectDefault1', columns, ctx, '');
  const imports = [...ctx.imports].map((i) => `import "${i}";\n`).join('');
  return `syntax = "proto3";\n\n${imports}${imports ? '\n' : ''}${body}\n`;
}
