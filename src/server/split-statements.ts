// Splits a request's SQL text into statement texts at top-level semicolons (not inside quotes or
// comments), so `${var}` substitution can happen statement by statement after each DEFINE.

export function splitStatements(sql: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '`' || ch === '"') {
      // A doubled quote inside a quoted run is an escaped quote: the loop simply re-enters.
      const close = sql.indexOf(ch, i + 1);
      i = close < 0 ? n : close + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (ch === ';') {
      parts.push(sql.slice(start, i + 1));
      start = ++i;
    } else i++;
  }
  if (sql.slice(start).trim() !== '') parts.push(sql.slice(start));
  return parts;
}
