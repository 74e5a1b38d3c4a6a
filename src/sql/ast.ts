// The abstract syntax tree of ksqlDB's dialect: plain, serializable, readonly objects with a
// string-literal `kind`. Identifiers are already normalized by the parser: unquoted names are
// upper-cased, backtick-quoted names are kept exactly as written.

/** A position in the statement text, 1-based, like ksqlDB's error messages. */
export interface Loc {
  readonly line: number;
  readonly column: number;
}

// ---------------------------------------------------------------------------------------------
// Types as written in SQL (custom type names are resolved later by the analyzer).

export type TypeNode =
  | { readonly kind: 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'STRING' | 'BYTES' | 'DATE' | 'TIME' | 'TIMESTAMP' }
  | { readonly kind: 'DECIMAL'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'ARRAY'; readonly item: TypeNode }
  | { readonly kind: 'MAP'; readonly key: TypeNode; readonly value: TypeNode }
  | { readonly kind: 'STRUCT'; readonly fields: readonly { readonly name: string; readonly type: TypeNode }[] }
  | { readonly kind: 'NAMED'; readonly name: string };

// ---------------------------------------------------------------------------------------------
// Expressions

export type TimeUnit = 'MILLISECONDS' | 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'IS DISTINCT FROM' | 'IS NOT DISTINCT FROM';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

export type Expression =
  | NullLiteral
  | BooleanLiteral
  | NumericLiteral
  | StringLiteral
  | TypedLiteral
  | ColumnRef
  | Dereference
  | Subscript
  | FunctionCall
  | Lambda
  | IntervalUnitArg
  | Arithmetic
  | Unary
  | Comparison
  | Logical
  | Not
  | Between
  | InList
  | Like
  | IsNull
  | SearchedCase
  | SimpleCase
  | Cast
  | ArrayConstructor
  | MapConstructor
  | StructConstructor;

interface Node {
  readonly loc?: Loc;
}

export interface NullLiteral extends Node {
  readonly kind: 'NullLiteral';
}
export interface BooleanLiteral extends Node {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean;
}
/**
 * A number as written. `type` follows ksqlDB: an integer that fits 32 bits is INTEGER, a larger
 * one BIGINT, a literal with a decimal point DECIMAL, one with an exponent DOUBLE.
 */
export interface NumericLiteral extends Node {
  readonly kind: 'NumericLiteral';
  readonly text: string;
  readonly type: 'INTEGER' | 'BIGINT' | 'DECIMAL' | 'DOUBLE';
}
export interface StringLiteral extends Node {
  readonly kind: 'StringLiteral';
  readonly value: string;
}
/** `DATE '2020-01-01'`, `TIME '10:00:00'`, `TIMESTAMP '2020-01-01T10:00:00'`. */
export interface TypedLiteral extends Node {
  readonly kind: 'TypedLiteral';
  readonly type: 'DATE' | 'TIME' | 'TIMESTAMP';
  readonly value: string;
}
/** A column, or a lambda variable (the analyzer tells them apart). `source` is the qualifier in `S.COL`. */
export interface ColumnRef extends Node {
  readonly kind: 'ColumnRef';
  readonly source?: string;
  readonly name: string;
}
/** Struct field access: `base->field`. */
export interface Dereference extends Node {
  readonly kind: 'Dereference';
  readonly base: Expression;
  readonly field: string;
}
/** `arr[1]` (1-based, negative from the end) and `map['k']`. */
export interface Subscript extends Node {
  readonly kind: 'Subscript';
  readonly base: Expression;
  readonly index: Expression;
}
export interface FunctionCall extends Node {
  readonly kind: 'FunctionCall';
  /** Upper-cased function name. */
  readonly name: string;
  /** The name as written, when it differs from `name` (ksqlDB's messages quote it so). */
  readonly written?: string;
  readonly args: readonly Expression[];
  /** `COUNT(*)` */
  readonly star?: boolean;
  readonly distinct?: boolean;
}
export interface Lambda extends Node {
  readonly kind: 'Lambda';
  readonly params: readonly string[];
  readonly body: Expression;
}
/** A bare time unit passed to a function, as in `TIMESTAMPADD(SECONDS, 5, ts)`. */
export interface IntervalUnitArg extends Node {
  readonly kind: 'IntervalUnit';
  readonly unit: TimeUnit;
  /** The word as written (upper-cased), which may instead name a column (`SECOND`). */
  readonly written?: string;
}
export interface Arithmetic extends Node {
  readonly kind: 'Arithmetic';
  readonly op: ArithmeticOp;
  readonly left: Expression;
  readonly right: Expression;
}
export interface Unary extends Node {
  readonly kind: 'Unary';
  readonly op: '-' | '+';
  readonly operand: Expression;
}
export interface Comparison extends Node {
  readonly kind: 'Comparison';
  readonly op: ComparisonOp;
  readonly left: Expression;
  readonly right: Expression;
}
export interface Logical extends Node {
  readonly kind: 'Logical';
  readonly op: 'AND' | 'OR';
  readonly left: Expression;
  readonly right: Expression;
}
export interface Not extends Node {
  readonly kind: 'Not';
  readonly operand: Expression;
}
export interface Between extends Node {
  readonly kind: 'Between';
  readonly value: Expression;
  readonly low: Expression;
  readonly high: Expression;
  readonly negated: boolean;
}
export interface InList extends Node {
  readonly kind: 'InList';
  readonly value: Expression;
  readonly list: readonly Expression[];
  readonly negated: boolean;
}
export interface Like extends Node {
  readonly kind: 'Like';
  readonly value: Expression;
  readonly pattern: Expression;
  readonly escape?: string;
  readonly negated: boolean;
}
export interface IsNull extends Node {
  readonly kind: 'IsNull';
  readonly value: Expression;
  readonly negated: boolean;
}
export interface WhenClause {
  readonly when: Expression;
  readonly then: Expression;
}
export interface SearchedCase extends Node {
  readonly kind: 'SearchedCase';
  readonly whens: readonly WhenClause[];
  readonly else?: Expression;
}
export interface SimpleCase extends Node {
  readonly kind: 'SimpleCase';
  readonly operand: Expression;
  readonly whens: readonly WhenClause[];
  readonly else?: Expression;
}
export interface Cast extends Node {
  readonly kind: 'Cast';
  readonly expr: Expression;
  readonly type: TypeNode;
}
export interface ArrayConstructor extends Node {
  readonly kind: 'ArrayConstructor';
  readonly items: readonly Expression[];
}
export interface MapConstructor extends Node {
  readonly kind: 'MapConstructor';
  readonly entries: readonly { readonly key: Expression; readonly value: Expression }[];
}
export interface StructConstructor extends Node {
  readonly kind: 'StructConstructor';
  readonly fields: readonly { readonly name: string; readonly value: Expression }[];
}

// ---------------------------------------------------------------------------------------------
// Queries

export interface Duration {
  readonly value: number;
  readonly unit: TimeUnit;
}

export type WindowExpression =
  | { readonly kind: 'TUMBLING'; readonly size: Duration; readonly retention?: Duration; readonly grace?: Duration }
  | {
      readonly kind: 'HOPPING';
      readonly size: Duration;
      readonly advanceBy: Duration;
      readonly retention?: Duration;
      readonly grace?: Duration;
    }
  | { readonly kind: 'SESSION'; readonly gap: Duration; readonly retention?: Duration; readonly grace?: Duration };

export type SelectItem =
  | {
      readonly kind: 'AllColumns';
      /** `S.*`: the columns of one source. */
      readonly source?: string;
      /** `expr->*`: every field of a struct, each as a column (ksqlDB's struct star). */
      readonly struct?: Expression;
      readonly loc?: Loc;
    }
  | { readonly kind: 'SingleColumn'; readonly expr: Expression; readonly alias?: string; readonly loc?: Loc };

export interface AliasedSource {
  readonly kind: 'Source';
  readonly name: string;
  readonly alias?: string;
  readonly loc?: Loc;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';

/** `WITHIN 10 SECONDS` (before = after) or `WITHIN (1 SECOND, 2 SECONDS)`. */
export interface JoinWindow {
  readonly before: Duration;
  readonly after: Duration;
  readonly grace?: Duration;
}

export interface Join {
  readonly kind: 'Join';
  readonly left: Relation;
  readonly right: AliasedSource;
  readonly type: JoinType;
  readonly within?: JoinWindow;
  readonly on: Expression;
  readonly loc?: Loc;
}

export type Relation = AliasedSource | Join;

export interface OrderByItem {
  readonly expr: Expression;
  readonly descending: boolean;
}

export interface Query {
  readonly kind: 'Query';
  readonly distinct?: boolean;
  readonly select: readonly SelectItem[];
  readonly from: Relation;
  readonly window?: WindowExpression;
  readonly where?: Expression;
  readonly groupBy?: readonly Expression[];
  readonly partitionBy?: readonly Expression[];
  readonly having?: Expression;
  /** EMIT CHANGES / EMIT FINAL; absent for a pull query. */
  readonly emit?: 'CHANGES' | 'FINAL';
  /** Beyond ksqlDB, for pull queries. */
  readonly orderBy?: readonly OrderByItem[];
  readonly limit?: number;
  /** Beyond ksqlDB, for pull queries. */
  readonly offset?: number;
  readonly loc?: Loc;
}

// ---------------------------------------------------------------------------------------------
// Statements

export type PropertyValue = string | number | boolean | null;
/** WITH (...) properties, names upper-cased, in the order written. */
export type Properties = Readonly<Record<string, PropertyValue>>;

export type SourceType = 'STREAM' | 'TABLE';

export type ColumnConstraint =
  | { readonly kind: 'KEY' }
  | { readonly kind: 'PRIMARY KEY' }
  | { readonly kind: 'HEADERS' }
  | { readonly kind: 'HEADER'; readonly key: string };

export interface TableElement {
  readonly name: string;
  readonly type: TypeNode;
  readonly constraint?: ColumnConstraint;
  readonly loc?: Loc;
}

export interface CreateSource extends Node {
  readonly kind: 'CreateSource';
  readonly sourceType: SourceType;
  readonly name: string;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  /** CREATE SOURCE STREAM|TABLE: read-only. */
  readonly isSource: boolean;
  readonly elements: readonly TableElement[];
  readonly properties: Properties;
}

export interface CreateAsSelect extends Node {
  readonly kind: 'CreateAsSelect';
  readonly sourceType: SourceType;
  readonly name: string;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly properties: Properties;
  readonly query: Query;
}

export interface InsertInto extends Node {
  readonly kind: 'InsertInto';
  readonly target: string;
  readonly properties: Properties;
  readonly query: Query;
}

export interface InsertValues extends Node {
  readonly kind: 'InsertValues';
  readonly target: string;
  /** Absent when the statement names no columns. */
  readonly columns?: readonly string[];
  readonly values: readonly Expression[];
}

/** A SELECT on its own: a push query (with EMIT) or a pull query (without). */
export interface QueryStatement extends Node {
  readonly kind: 'QueryStatement';
  readonly query: Query;
}

export interface DropSource extends Node {
  readonly kind: 'DropSource';
  readonly sourceType: SourceType;
  readonly name: string;
  readonly ifExists: boolean;
  readonly deleteTopic: boolean;
}

export interface AlterSource extends Node {
  readonly kind: 'AlterSource';
  readonly sourceType: SourceType;
  readonly name: string;
  readonly addColumns: readonly { readonly name: string; readonly type: TypeNode }[];
}

export interface CreateType extends Node {
  readonly kind: 'CreateType';
  readonly name: string;
  readonly type: TypeNode;
  readonly ifNotExists: boolean;
}

export interface DropType extends Node {
  readonly kind: 'DropType';
  readonly name: string;
  readonly ifExists: boolean;
}

export type ShowWhat =
  | 'STREAMS'
  | 'TABLES'
  | 'QUERIES'
  | 'TOPICS'
  | 'FUNCTIONS'
  | 'TYPES'
  | 'PROPERTIES'
  | 'VARIABLES'
  | 'CONNECTORS';

export interface Show extends Node {
  readonly kind: 'Show';
  readonly what: ShowWhat;
  readonly extended: boolean;
  /** SHOW ALL TOPICS */
  readonly all: boolean;
}

export interface Describe extends Node {
  readonly kind: 'Describe';
  readonly name: string;
  readonly extended: boolean;
}

export interface DescribeSources extends Node {
  readonly kind: 'DescribeSources';
  readonly what: 'STREAMS' | 'TABLES';
  readonly extended: boolean;
}

export interface DescribeFunction extends Node {
  readonly kind: 'DescribeFunction';
  readonly name: string;
}

export interface Explain extends Node {
  readonly kind: 'Explain';
  readonly queryId?: string;
  readonly statement?: Statement;
}

export interface QueryControl extends Node {
  readonly kind: 'Terminate' | 'Pause' | 'Resume';
  /** Absent for ALL. */
  readonly queryId?: string;
}

export interface Print extends Node {
  readonly kind: 'Print';
  readonly topic: string;
  readonly fromBeginning: boolean;
  readonly interval?: number;
  readonly limit?: number;
}

export interface SetProperty extends Node {
  readonly kind: 'SetProperty';
  readonly name: string;
  readonly value: string;
}

export interface UnsetProperty extends Node {
  readonly kind: 'UnsetProperty';
  readonly name: string;
}

export interface AlterSystem extends Node {
  readonly kind: 'AlterSystem';
  readonly name: string;
  readonly value: string;
}

export interface DefineVariable extends Node {
  readonly kind: 'DefineVariable';
  readonly name: string;
  readonly value: string;
}

export interface UndefineVariable extends Node {
  readonly kind: 'UndefineVariable';
  readonly name: string;
}

export interface RunScript extends Node {
  readonly kind: 'RunScript';
  readonly path: string;
}

export interface AssertTopic extends Node {
  readonly kind: 'AssertTopic';
  readonly topic: string;
  readonly exists: boolean;
  readonly properties: Properties;
  readonly timeout?: Duration;
}

export interface AssertSchema extends Node {
  readonly kind: 'AssertSchema';
  readonly subject?: string;
  readonly id?: number;
  readonly exists: boolean;
  readonly timeout?: Duration;
}

export type Statement =
  | CreateSource
  | CreateAsSelect
  | InsertInto
  | InsertValues
  | QueryStatement
  | DropSource
  | AlterSource
  | CreateType
  | DropType
  | Show
  | Describe
  | DescribeSources
  | DescribeFunction
  | Explain
  | QueryControl
  | Print
  | SetProperty
  | UnsetProperty
  | AlterSystem
  | DefineVariable
  | UndefineVariable
  | RunScript
  | AssertTopic
  | AssertSchema;

export type StatementKind = Statement['kind'];

/** One statement of a text, with the exact text it was parsed from (without the trailing `;`). */
export interface ParsedStatement {
  readonly statement: Statement;
  readonly text: string;
  readonly loc: Loc;
}
