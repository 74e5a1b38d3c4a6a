// The lexer of ksqlDB's dialect: case-insensitive keywords (reserved or usable as identifiers),
// quoted identifiers, literals, operators and comments. Each token also has the display name
// ksqlDB's ANTLR grammar uses in "Expecting {...}" messages ('SELECT', ',', INTEGER_VALUE...).

import { createToken, Lexer } from './chevrotain.js';
import type { TokenType } from 'chevrotain';

/** Tokens in lexing order (the order of this array matters: first match wins). */
const lexOrder: TokenType[] = [];
/** Display name of each token type, as ANTLR prints it in expected-token sets. */
const displayNames = new Map<TokenType, string>();
/** Sort key of each token type in expected-token sets (ANTLR sorts by token type). */
const displayOrder = new Map<TokenType, number>();

function define(name: string, display: string, pattern: RegExp | typeof Lexer.NA, extra: Partial<Parameters<typeof createToken>[0]> = {}): TokenType {
  const t = createToken({ name, pattern, ...extra });
  displayNames.set(t, display);
  displayOrder.set(t, displayOrder.size);
  return t;
}

// ------------------------------------------------------------------------------------------
// Categories: abstract token types that several concrete tokens belong to.

/** Anything usable where an identifier is expected: plain identifiers and non-reserved keywords. */
export const Identifier = define('Identifier', 'IDENTIFIER', /[A-Za-z_][A-Za-z0-9_@]*/);
/** SECOND, SECONDS, MINUTE, ... */
export const TimeUnitToken = define('TimeUnit', 'TIME_UNIT', Lexer.NA);
/** = <> != < <= > >= */
export const ComparisonOperator = define('ComparisonOperator', 'COMPARISON_OPERATOR', Lexer.NA);
export const AdditiveOperator = define('AdditiveOperator', 'ADDITIVE_OPERATOR', Lexer.NA);
export const MultiplicativeOperator = define('MultiplicativeOperator', 'MULTIPLICATIVE_OPERATOR', Lexer.NA);
/** The parameter of a type, as in `VARCHAR(10)`: an integer or the word STRING (ksqlDB's typeParameter). */
export const TypeParameter = define('TypeParameter', 'TYPE_PARAMETER', Lexer.NA);
export const NumberLiteral = define('NumberLiteral', 'NUMBER', Lexer.NA);

// ------------------------------------------------------------------------------------------
// Punctuation and operators (ANTLR lists these first in its token sets).

export const Semicolon = define('Semicolon', "';'", /;/);
export const Comma = define('Comma', "','", /,/);
export const LParen = define('LParen', "'('", /\(/);
export const RParen = define('RParen', "')'", /\)/);
export const Dot = define('Dot', "'.'", /\./);
export const LBracket = define('LBracket', "'['", /\[/);
export const RBracket = define('RBracket', "']'", /]/);
export const Lambda = define('Lambda', "'=>'", /=>/);
export const Assign = define('Assign', "':='", /:=/);
export const Arrow = define('Arrow', "'->'", /->/);
export const Lte = define('Lte', "'<='", /<=/, { categories: [ComparisonOperator] });
export const Gte = define('Gte', "'>='", />=/, { categories: [ComparisonOperator] });
export const Neq = define('Neq', "'<>'", /<>|!=/, { categories: [ComparisonOperator] });
export const Eq = define('Eq', "'='", /=/, { categories: [ComparisonOperator] });
export const Lt = define('Lt', "'<'", /</, { categories: [ComparisonOperator] });
export const Gt = define('Gt', "'>'", />/, { categories: [ComparisonOperator] });
export const Plus = define('Plus', "'+'", /\+/, { categories: [AdditiveOperator] });
export const Minus = define('Minus', "'-'", /-/, { categories: [AdditiveOperator] });
export const Star = define('Star', "'*'", /\*/, { categories: [MultiplicativeOperator] });
export const Slash = define('Slash', "'/'", /\//, { categories: [MultiplicativeOperator] });
export const Percent = define('Percent', "'%'", /%/, { categories: [MultiplicativeOperator] });

// ------------------------------------------------------------------------------------------
// Keywords. Reserved ones cannot name anything unless quoted; the others are identifiers too.

const keywordTokens: TokenType[] = [];
const reservedWords = new Set<string>();

function keyword(word: string, options: { reserved?: boolean; categories?: TokenType[] } = {}): TokenType {
  const categories = [...(options.categories ?? [])];
  if (!options.reserved) categories.push(Identifier);
  else reservedWords.add(word);
  const t = define(word.charAt(0) + word.slice(1).toLowerCase().replace(/_(.)/g, (_m, c: string) => c.toUpperCase()), `'${word}'`, new RegExp(word, 'i'), {
    categories,
    longer_alt: Identifier,
  });
  keywordTokens.push(t);
  return t;
}
const R = { reserved: true } as const;
const unit = { categories: [TimeUnitToken] };

// Reserved: the words that shape statements and expressions.
export const Select = keyword('SELECT', R);
export const From = keyword('FROM', R);
export const As = keyword('AS', R);
export const All = keyword('ALL', R);
export const Distinct = keyword('DISTINCT', R);
export const Where = keyword('WHERE', R);
export const Within = keyword('WITHIN', R);
export const Window = keyword('WINDOW', R);
export const Group = keyword('GROUP', R);
export const By = keyword('BY', R);
export const Having = keyword('HAVING', R);
export const Limit = keyword('LIMIT', R);
export const Or = keyword('OR', R);
export const And = keyword('AND', R);
export const In = keyword('IN', R);
export const Not = keyword('NOT', R);
export const Exists = keyword('EXISTS', R);
export const Between = keyword('BETWEEN', R);
export const Like = keyword('LIKE', R);
export const Is = keyword('IS', R);
export const Null = keyword('NULL', R);
export const True = keyword('TRUE', R);
export const False = keyword('FALSE', R);
export const Case = keyword('CASE', R);
export const When = keyword('WHEN', R);
export const Then = keyword('THEN', R);
export const Else = keyword('ELSE', R);
export const End = keyword('END', R);
export const Join = keyword('JOIN', R);
export const Full = keyword('FULL', R);
export const Outer = keyword('OUTER', R);
export const Inner = keyword('INNER', R);
export const Left = keyword('LEFT', R);
export const Right = keyword('RIGHT', R);
export const On = keyword('ON', R);
export const With = keyword('WITH', R);
export const Values = keyword('VALUES', R);
export const Create = keyword('CREATE', R);
export const Table = keyword('TABLE', R);
export const Stream = keyword('STREAM', R);
export const Insert = keyword('INSERT', R);
export const Into = keyword('INTO', R);
export const Drop = keyword('DROP', R);
export const Cast = keyword('CAST', R);
export const Delete = keyword('DELETE', R);

// Non-reserved: keywords in their place, identifiers anywhere else (ksqlDB's nonReserved).
export const Replace = keyword('REPLACE');
export const Source = keyword('SOURCE');
export const If = keyword('IF');
export const Type = keyword('TYPE');
export const Types = keyword('TYPES');
export const Alter = keyword('ALTER');
export const Add = keyword('ADD');
export const Column = keyword('COLUMN');
export const System = keyword('SYSTEM');
export const Topic = keyword('TOPIC');
export const Topics = keyword('TOPICS');
export const Streams = keyword('STREAMS');
export const Tables = keyword('TABLES');
export const Queries = keyword('QUERIES');
export const Functions = keyword('FUNCTIONS');
export const FunctionKw = keyword('FUNCTION');
export const Properties = keyword('PROPERTIES');
export const Variables = keyword('VARIABLES');
export const Connectors = keyword('CONNECTORS');
export const Extended = keyword('EXTENDED');
export const Show = keyword('SHOW');
export const List = keyword('LIST');
export const Describe = keyword('DESCRIBE');
export const Explain = keyword('EXPLAIN');
export const Terminate = keyword('TERMINATE');
export const Pause = keyword('PAUSE');
export const Resume = keyword('RESUME');
export const Print = keyword('PRINT');
export const Beginning = keyword('BEGINNING');
export const Interval = keyword('INTERVAL');
export const Sample = keyword('SAMPLE');
export const SetKw = keyword('SET');
export const Unset = keyword('UNSET');
export const Define = keyword('DEFINE');
export const Undefine = keyword('UNDEFINE');
export const Run = keyword('RUN');
export const Script = keyword('SCRIPT');
export const Assert = keyword('ASSERT');
export const Schema = keyword('SCHEMA');
export const Subject = keyword('SUBJECT');
export const Id = keyword('ID');
export const Timeout = keyword('TIMEOUT');
export const Primary = keyword('PRIMARY');
export const Key = keyword('KEY');
export const Headers = keyword('HEADERS');
export const Header = keyword('HEADER');
export const Tumbling = keyword('TUMBLING');
export const Hopping = keyword('HOPPING');
export const Session = keyword('SESSION');
export const Size = keyword('SIZE');
export const Advance = keyword('ADVANCE');
export const Retention = keyword('RETENTION');
export const Grace = keyword('GRACE');
export const Period = keyword('PERIOD');
export const Emit = keyword('EMIT');
export const Changes = keyword('CHANGES');
export const Final = keyword('FINAL');
export const Partition = keyword('PARTITION');
export const Order = keyword('ORDER');
export const Asc = keyword('ASC');
export const Desc = keyword('DESC');
export const Offset = keyword('OFFSET');
export const Escape = keyword('ESCAPE');
export const ArrayKw = keyword('ARRAY');
export const MapKw = keyword('MAP');
export const Struct = keyword('STRUCT');
export const Decimal = keyword('DECIMAL');
export const StringKw = keyword('STRING', { categories: [TypeParameter] });
export const DateKw = keyword('DATE');
export const Timestamp = keyword('TIMESTAMP');
export const Time = keyword('TIME');
// Plural before singular, so SECONDS is not read as SECOND followed by S.
export const Milliseconds = keyword('MILLISECONDS', unit);
export const Millisecond = keyword('MILLISECOND', unit);
export const Seconds = keyword('SECONDS', unit);
export const Second = keyword('SECOND', unit);
export const Minutes = keyword('MINUTES', unit);
export const Minute = keyword('MINUTE', unit);
export const Hours = keyword('HOURS', unit);
export const Hour = keyword('HOUR', unit);
export const Days = keyword('DAYS', unit);
export const Day = keyword('DAY', unit);

// ------------------------------------------------------------------------------------------
// Literals and quoted identifiers (ANTLR lists these last).

export const StringLiteral = define('StringLiteral', 'STRING', /'(?:[^']|'')*'/, { line_breaks: true });
export const QuotedIdentifier = define('QuotedIdentifier', 'QUOTED_IDENTIFIER', /"(?:[^"]|"")*"/, { line_breaks: true });
export const BackQuotedIdentifier = define('BackQuotedIdentifier', 'BACKQUOTED_IDENTIFIER', /`(?:[^`]|``)*`/, {
  line_breaks: true,
});
/** `${name}` left over after variable substitution: always an error for the parser. */
export const Variable = define('Variable', 'VARIABLE', /\$\{[A-Za-z_][A-Za-z0-9_]*\}/);
export const FloatingPointValue = define('FloatingPointValue', 'FLOATING_POINT_VALUE', /(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+/, {
  categories: [NumberLiteral],
});
/** `1abc`: ksqlDB accepts identifiers that start with digits (but `1e5` is a number). */
export const DigitIdentifier = define('DigitIdentifier', 'DIGIT_IDENTIFIER', /\d+(?![eE][+-]?\d+(?![A-Za-z0-9_@]))[A-Za-z_@][A-Za-z0-9_@]*/, {
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
});
export const DecimalValue = define('DecimalValue', 'DECIMAL_VALUE', /\d+\.\d*|\.\d+/, { categories: [NumberLiteral] });
export const IntegerValue = define('IntegerValue', 'INTEGER_VALUE', /\d+/, { categories: [NumberLiteral, TypeParameter] });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\n\r]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED, line_breaks: true });

lexOrder.push(
  WhiteSpace,
  LineComment,
  BlockComment,
  StringLiteral,
  QuotedIdentifier,
  BackQuotedIdentifier,
  Variable,
  DigitIdentifier,
  FloatingPointValue,
  DecimalValue,
  IntegerValue,
  // Longest first, so that ASSERT is not read as AS followed by SERT.
  ...[...keywordTokens].sort((a, b) => tokenDisplayName(b).length - tokenDisplayName(a).length),
  Identifier,
  Semicolon,
  Comma,
  LParen,
  RParen,
  Dot,
  LBracket,
  RBracket,
  Lambda,
  Assign,
  Arrow,
  Lte,
  Gte,
  Neq,
  Eq,
  Lt,
  Gt,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
);

// ANTLR lists plain identifiers after the keywords.
displayOrder.set(Identifier, displayOrder.get(Day)! + 0.5);

/** Every token type, categories included: the parser's vocabulary. */
export const allTokens: TokenType[] = [
  TimeUnitToken,
  ComparisonOperator,
  AdditiveOperator,
  MultiplicativeOperator,
  TypeParameter,
  NumberLiteral,
  ...lexOrder,
];

/**
 * Builds the lexer. Validation of the token definitions costs start-up time, so the shared
 * instance skips it and a test builds a validated one.
 */
export function createSqlLexer(validate: boolean): InstanceType<typeof Lexer> {
  return new Lexer(lexOrder, { ensureOptimizations: validate, skipValidations: !validate, positionTracking: 'full' });
}

/** One lexer, built once: lexing is on the path of every statement. */
export const sqlLexer = createSqlLexer(false);

/** Upper-case keywords that cannot be used as identifiers unless quoted. */
export const RESERVED_WORDS: ReadonlySet<string> = reservedWords;

/** Upper-case words that are keywords somewhere in the grammar (reserved or not). */
export const KEYWORDS: ReadonlySet<string> = new Set(keywordTokens.map((t) => displayNames.get(t)!.slice(1, -1)));

/** How ANTLR (and so ksqlDB) names a token type in an expected-token set. */
export function tokenDisplayName(t: TokenType): string {
  return displayNames.get(t) ?? t.name;
}

/** Sort key that puts expected tokens in ANTLR's order: punctuation, keywords, literals. */
export function tokenDisplayOrder(t: TokenType): number {
  return displayOrder.get(t) ?? Number.MAX_SAFE_INTEGER;
}

/** The concrete token types a category stands for (the type itself when it is concrete). */
export function categoryMembers(t: TokenType): TokenType[] {
  if (t === Identifier) return [Identifier];
  const members = lexOrder.filter((m) => m !== t && (m.CATEGORIES ?? []).includes(t));
  return members.length > 0 ? members : [t];
}

/** True for the ten time-unit keywords. */
export function isTimeUnitToken(t: TokenType): boolean {
  return (t.CATEGORIES ?? []).includes(TimeUnitToken);
}
