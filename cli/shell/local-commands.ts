// Commands the shell answers itself, as ksqlDB's CLI does: HELP, EXIT/QUIT, OUTPUT JSON|TABULAR,
// HISTORY and VERSION. They may be typed with or without a closing `;`.

export type LocalCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'exit' }
  | { readonly kind: 'history' }
  | { readonly kind: 'version' }
  | { readonly kind: 'output'; readonly format?: string };

/** The local command `text` is, or undefined when it is a statement for the engine. */
export function localCommand(text: string): LocalCommand | undefined {
  const m = /^\s*(help|exit|quit|output|history|version)\b\s*([A-Za-z_]*)\s*;?\s*$/i.exec(text);
  if (!m) return undefined;
  const word = m[1]!.toUpperCase();
  const arg = m[2]!.toUpperCase();
  if (word === 'OUTPUT') return arg === '' ? { kind: 'output' } : { kind: 'output', format: arg };
  if (arg !== '') return undefined;
  if (word === 'HELP') return { kind: 'help' };
  if (word === 'HISTORY') return { kind: 'history' };
  if (word === 'VERSION') return { kind: 'version' };
  return { kind: 'exit' };
}

export const HELP_TEXT = `Statements end with ';' and may span several lines. Tab completes keywords, sources, columns
and functions; Up/Down browse the history (~/.ksqlite_history).

Sources and data
  CREATE STREAM s (id STRING KEY, v INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');
  CREATE STREAM t AS SELECT id, v * 2 AS v2 FROM s WHERE v > 0 EMIT CHANGES;
  INSERT INTO s (id, v) VALUES ('a', 1);
  DROP STREAM t [DELETE TOPIC];
Queries
  SELECT * FROM s EMIT CHANGES [LIMIT n];   streams rows until Ctrl-C (or the LIMIT)
  SET 'auto.offset.reset'='earliest';       make queries start at the beginning of topics
Inspecting
  SHOW STREAMS | TABLES | QUERIES | TOPICS | FUNCTIONS | PROPERTIES | VARIABLES;
  DESCRIBE s [EXTENDED];  DESCRIBE FUNCTION f;  EXPLAIN query_id;  TERMINATE query_id;
  PRINT topic [FROM BEGINNING] [INTERVAL n] [LIMIT n];   streams a topic's records
Session
  SET 'prop'='value';  UNSET 'prop';  DEFINE name = 'value';  UNDEFINE name;  (use as \${name})
  RUN SCRIPT 'file.sql';   runs a file's statements
Shell
  OUTPUT JSON | TABULAR    how results are shown      HISTORY   past statements
  VERSION                  the ksqlite version        HELP      this text
  Ctrl-C stops a query or clears the line; Ctrl-D (or EXIT) leaves the shell.`;
