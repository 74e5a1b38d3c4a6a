// The CST-to-AST visitor for statements: one typed converter per grammar rule, producing the
// plain objects of ast.ts with the position of each statement. Expressions, types and queries
// have their own converters (cst-to-expression.ts, cst-to-type.ts, cst-to-query.ts).

import type {
  AlterSourceStatementCstNode,
  AssertStatementCstNode,
  CreateSourceStatementCstNode,
  DescribeStatementCstNode,
  InsertStatementCstNode,
  ListStatementCstNode,
  NameOrStringCstNode,
  PrintStatementCstNode,
  PropertyValueCstNode,
  QueryControlStatementCstNode,
  SingleExpressionCstNode,
  StatementCstNode,
  TableElementCstNode,
  TablePropertiesCstNode,
} from '../../grammar/cst.js';
import type {
  AssertSchema,
  ColumnConstraint,
  Expression,
  Loc,
  Properties,
  Print,
  PropertyValue,
  ShowWhat,
  SourceType,
  Statement,
  TableElement,
} from './ast.js';
import { expressionFromCst } from './cst-to-expression.js';
import { durationFromCst, queryFromCst } from './cst-to-query.js';
import { typeFromCst } from './cst-to-type.js';
import { identifierRaw, identifierText, integerValue, nodeLoc, numberText, only, parseError, stringValue } from './cst-util.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function expressionFromSingleCst(n: SingleExpressionCstNode): Expression {
  return expressionFromCst(only(n.children.expression));
}

export function statementFromCst(n: StatementCstNode): Statement {
  const c = n.children;
  const loc = nodeLoc(n);
  if (c.query !== undefined) return { kind: 'QueryStatement', query: queryFromCst(only(c.query)), loc };
  if (c.createSourceStatement !== undefined) return createSourceFromCst(only(c.createSourceStatement), loc);
  if (c.insertStatement !== undefined) return insertFromCst(only(c.insertStatement), loc);
  if (c.createTypeStatement !== undefined) {
    const t = only(c.createTypeStatement).children;
    const name = identifierText(only(t.identifier));
    return { kind: 'CreateType', name, type: typeFromCst(only(t.type)), ifNotExists: only(t.ifNotExists).children.If !== undefined, loc };
  }
  if (c.dropTypeStatement !== undefined) {
    const d = only(c.dropTypeStatement).children;
    return { kind: 'DropType', name: identifierText(only(d.identifier)), ifExists: only(d.ifExists).children.If !== undefined, loc };
  }
  if (c.dropSourceStatement !== undefined) {
    const d = only(c.dropSourceStatement).children;
    return {
      kind: 'DropSource',
      sourceType: d.Stream !== undefined ? 'STREAM' : 'TABLE',
      name: identifierText(only(only(d.sourceName).children.identifier)),
      ifExists: only(d.ifExists).children.If !== undefined,
      deleteTopic: d.Delete !== undefined,
      loc,
    };
  }
  if (c.alterSystemStatement !== undefined) {
    const a = only(c.alterSystemStatement).children;
    return { kind: 'AlterSystem', name: stringValue(only(a.name)), value: stringValue(only(a.value)), loc };
  }
  if (c.alterSourceStatement !== undefined) return alterSourceFromCst(only(c.alterSourceStatement), loc);
  if (c.listStatement !== undefined) return listFromCst(only(c.listStatement), loc);
  if (c.describeStatement !== undefined) return describeFromCst(only(c.describeStatement), loc);
  if (c.explainStatement !== undefined) {
    const e = only(c.explainStatement).children;
    const inner = e.statement?.[0];
    if (inner !== undefined) return { kind: 'Explain', statement: statementFromCst(inner), loc };
    return { kind: 'Explain', queryId: identifierText(only(e.identifier)), loc };
  }
  if (c.queryControlStatement !== undefined) return queryControlFromCst(only(c.queryControlStatement), loc);
  if (c.printStatement !== undefined) return printFromCst(only(c.printStatement), loc);
  if (c.setStatement !== undefined) {
    const s = only(c.setStatement).children;
    return { kind: 'SetProperty', name: stringValue(only(s.name)), value: stringValue(only(s.value)), loc };
  }
  if (c.unsetStatement !== undefined) {
    return { kind: 'UnsetProperty', name: stringValue(only(only(c.unsetStatement).children.StringLiteral)), loc };
  }
  if (c.defineStatement !== undefined) {
    const d = only(c.defineStatement).children;
    return { kind: 'DefineVariable', name: identifierRaw(only(d.identifier)), value: stringValue(only(d.StringLiteral)), loc };
  }
  if (c.undefineStatement !== undefined) {
    return { kind: 'UndefineVariable', name: identifierRaw(only(only(c.undefineStatement).children.identifier)), loc };
  }
  if (c.runScriptStatement !== undefined) {
    return { kind: 'RunScript', path: stringValue(only(only(c.runScriptStatement).children.StringLiteral)), loc };
  }
  return assertFromCst(only(c.assertStatement), loc);
}

function createSourceFromCst(n: CreateSourceStatementCstNode, loc: Loc): Statement {
  const c = n.children;
  const sourceType: SourceType = c.Stream !== undefined ? 'STREAM' : 'TABLE';
  const name = identifierText(only(only(c.sourceName).children.identifier));
  const orReplace = c.Or !== undefined;
  const ifNotExists = only(c.ifNotExists).children.If !== undefined;
  const properties = propertiesFromCst(c.tableProperties?.[0]);
  const query = c.query?.[0];
  if (query !== undefined) {
    return { kind: 'CreateAsSelect', sourceType, name, orReplace, ifNotExists, properties, query: queryFromCst(query), loc };
  }
  const elements = (c.tableElements?.[0]?.children.tableElement ?? []).map((e) => tableElementFromCst(e, sourceType));
  return { kind: 'CreateSource', sourceType, name, orReplace, ifNotExists, isSource: c.Source !== undefined, elements, properties, loc };
}

function tableElementFromCst(n: TableElementCstNode, sourceType: SourceType): TableElement {
  const c = n.children;
  const name = identifierText(only(c.identifier));
  const type = typeFromCst(only(c.type));
  const loc = nodeLoc(n);
  const k = c.columnConstraint?.[0]?.children;
  if (k === undefined) return { name, type, loc };
  let constraint: ColumnConstraint;
  if (k.Primary !== undefined) constraint = { kind: 'PRIMARY KEY' };
  else if (k.Key !== undefined) constraint = { kind: 'KEY' };
  else if (k.Headers !== undefined) constraint = { kind: 'HEADERS' };
  else constraint = { kind: 'HEADER', key: stringValue(only(k.StringLiteral)) };
  // ksqlDB rejects these while parsing, with the position in the message.
  const where = `Line: ${loc.line}, Col: ${loc.column}: `;
  if (sourceType === 'TABLE' && constraint.kind === 'KEY') {
    throw parseError(`${where}Column \`${name}\` is a 'KEY' column: please use 'PRIMARY KEY' for tables.`, loc);
  }
  if (sourceType === 'STREAM' && constraint.kind === 'PRIMARY KEY') {
    throw parseError(`${where}Column \`${name}\` is a 'PRIMARY KEY' column: please use 'KEY' for streams.`, loc);
  }
  return { name, type, constraint, loc };
}

function propertiesFromCst(n: TablePropertiesCstNode | undefined): Properties {
  const result: Record<string, PropertyValue> = {};
  for (const p of n?.children.tableProperty ?? []) {
    const c = p.children;
    const id = c.identifier?.[0];
    // Property names are case-insensitive, even quoted.
    const name = (id !== undefined ? identifierText(id) : stringValue(only(c.StringLiteral))).toUpperCase();
    result[name] = propertyValueFromCst(only(c.propertyValue));
  }
  return result;
}

function propertyValueFromCst(n: PropertyValueCstNode): PropertyValue {
  const c = n.children;
  if (c.StringLiteral !== undefined) return stringValue(only(c.StringLiteral));
  if (c.True !== undefined) return true;
  if (c.False !== undefined) return false;
  if (c.Null !== undefined) return null;
  return Number(numberText(only(c.number)));
}

function insertFromCst(n: InsertStatementCstNode, loc: Loc): Statement {
  const c = n.children;
  const target = identifierText(only(only(c.sourceName).children.identifier));
  const query = c.query?.[0];
  if (query !== undefined) {
    return { kind: 'InsertInto', target, properties: propertiesFromCst(c.tableProperties?.[0]), query: queryFromCst(query), loc };
  }
  const values = (only(c.valuesList).children.expression ?? []).map(expressionFromCst);
  const columns = c.columnList?.[0];
  if (columns === undefined) return { kind: 'InsertValues', target, values, loc };
  return { kind: 'InsertValues', target, columns: columns.children.identifier.map(identifierText), values, loc };
}

function alterSourceFromCst(n: AlterSourceStatementCstNode, loc: Loc): Statement {
  const c = n.children;
  return {
    kind: 'AlterSource',
    sourceType: c.Stream !== undefined ? 'STREAM' : 'TABLE',
    name: identifierText(only(only(c.sourceName).children.identifier)),
    addColumns: c.alterOption.map((o) => ({ name: identifierText(only(o.children.identifier)), type: typeFromCst(only(o.children.type)) })),
    loc,
  };
}

function listFromCst(n: ListStatementCstNode, loc: Loc): Statement {
  const c = n.children;
  const what = (c.Properties !== undefined ? 'PROPERTIES' : only(c.what).image.toUpperCase()) as ShowWhat;
  return { kind: 'Show', what, extended: c.Extended !== undefined, all: c.All !== undefined, loc };
}

function describeFromCst(n: DescribeStatementCstNode, loc: Loc): Statement {
  const c = n.children;
  const extended = c.Extended !== undefined;
  if (c.Streams !== undefined) return { kind: 'DescribeSources', what: 'STREAMS', extended, loc };
  if (c.Tables !== undefined) return { kind: 'DescribeSources', what: 'TABLES', extended, loc };
  const fn = c.identifier?.[0];
  if (fn !== undefined) return { kind: 'DescribeFunction', name: identifierText(fn).toUpperCase(), loc };
  return { kind: 'Describe', name: identifierText(only(only(c.sourceName).children.identifier)), extended, loc };
}

function queryControlFromCst(n: QueryControlStatementCstNode, loc: Loc): Statement {
  const c = n.children;
  const action = only(c.action).image.toUpperCase();
  const kind = action === 'TERMINATE' ? 'Terminate' : action === 'PAUSE' ? 'Pause' : 'Resume';
  const id = c.identifier?.[0];
  return id === undefined ? { kind, loc } : { kind, queryId: identifierText(id), loc };
}

function printFromCst(n: PrintStatementCstNode, loc: Loc): Statement {
  const c = n.children;
  // Topic names are Kafka names: kept as written, not upper-cased.
  const id = c.identifier?.[0];
  const topic = id !== undefined ? identifierRaw(id) : stringValue(only(c.StringLiteral));
  const result: Mutable<Print> = {
    kind: 'Print',
    topic,
    fromBeginning: c.Beginning !== undefined,
    loc,
  };
  const interval = c.interval?.[0];
  if (interval !== undefined) result.interval = integerValue(interval, 'INTERVAL');
  const limit = c.limit?.[0];
  if (limit !== undefined) result.limit = integerValue(limit, 'LIMIT');
  return result;
}

function nameOrString(n: NameOrStringCstNode): string {
  const id = n.children.identifier?.[0];
  return id !== undefined ? identifierRaw(id) : stringValue(only(n.children.StringLiteral));
}

function assertFromCst(n: AssertStatementCstNode, loc: Loc): Statement {
  const c = n.children;
  const exists = c.Not === undefined;
  const timeoutNode = c.timeout?.[0];
  const timeout = timeoutNode === undefined ? undefined : durationFromCst(only(timeoutNode.children.duration));
  if (c.Topic !== undefined) {
    const topic = nameOrString(only(c.topic));
    const properties = propertiesFromCst(c.tableProperties?.[0]);
    return timeout === undefined
      ? { kind: 'AssertTopic', topic, exists, properties, loc }
      : { kind: 'AssertTopic', topic, exists, properties, timeout, loc };
  }
  const result: Mutable<AssertSchema> = { kind: 'AssertSchema', exists, loc };
  const subject = c.subject?.[0];
  if (subject !== undefined) result.subject = nameOrString(subject);
  const id = c.number?.[0];
  if (id !== undefined) result.id = integerValue(id, 'ID');
  if (timeout !== undefined) result.timeout = timeout;
  if (result.subject === undefined && result.id === undefined) {
    throw parseError('ASSERT SCHEMA statements must include a subject name or an id', loc);
  }
  return result;
}
