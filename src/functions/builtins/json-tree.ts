// A small JSON reader for the JSON_* functions that keeps what Jackson keeps and JSON.parse
// loses: key order as written (JSON.parse moves integer-like keys first) and number text.

export type JsonNode =
  | { readonly t: 'object'; readonly entries: readonly (readonly [string, JsonNode])[] }
  | { readonly t: 'array'; readonly items: readonly JsonNode[] }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'number'; readonly text: string }
  | { readonly t: 'boolean'; readonly value: boolean }
  | { readonly t: 'null' };

class JsonReader {
  private pos = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.pos < this.s.length && ' \t\n\r'.includes(this.s[this.pos]!)) this.pos++;
  }

  private fail(): never {
    throw new SyntaxError(`Invalid JSON at position ${this.pos}`);
  }

  value(): JsonNode {
    this.ws();
    const c = this.s[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { t: 'string', value: this.string() };
    if (c === 't' && this.s.startsWith('true', this.pos)) {
      this.pos += 4;
      return { t: 'boolean', value: true };
    }
    if (c === 'f' && this.s.startsWith('false', this.pos)) {
      this.pos += 5;
      return { t: 'boolean', value: false };
    }
    if (c === 'n' && this.s.startsWith('null', this.pos)) {
      this.pos += 4;
      return { t: 'null' };
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.pos));
    if (!m) return this.fail();
    this.pos += m[0].length;
    return { t: 'number', text: m[0] };
  }

  private string(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.s[this.pos++];
      if (c === undefined) return this.fail();
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.s[this.pos++];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = this.s.slice(this.pos, this.pos + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) return this.fail();
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 4;
            break;
          }
          default:
            return this.fail();
        }
      } else if (c.charCodeAt(0) < 0x20) {
        return this.fail();
      } else {
        out += c;
      }
    }
  }

  private object(): JsonNode {
    this.pos++;
    const entries: [string, JsonNode][] = [];
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return { t: 'object', entries };
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') return this.fail();
      const k = this.string();
      this.ws();
      if (this.s[this.pos++] !== ':') return this.fail();
      entries.push([k, this.value()]);
      this.ws();
      const c = this.s[this.pos++];
      if (c === '}') return { t: 'object', entries };
      if (c !== ',') return this.fail();
    }
  }

  private array(): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return { t: 'array', items };
    }
    for (;;) {
      items.push(this.value());
      this.ws();
      const c = this.s[this.pos++];
      if (c === ']') return { t: 'array', items };
      if (c !== ',') return this.fail();
    }
  }
}

/** Parses the first JSON value of `text` (Jackson's readTree ignores what follows); undefined if invalid. */
export function readJson(text: string): JsonNode | undefined {
  if (text.trim().length === 0) return undefined;
  try {
    return new JsonReader(text).value();
  } catch {
    return undefined;
  }
}

/** Compact JSON, as Jackson's JsonNode.toString prints it. */
export function writeJson(n: JsonNode): string {
  switch (n.t) {
    case 'object':
      return `{${n.entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
    case 'array':
      return `[${n.items.map(writeJson).join(',')}]`;
    case 'string':
      return JSON.stringify(n.value);
    case 'number':
      return n.text;
    case 'boolean':
      return String(n.value);
    case 'null':
      return 'null';
  }
}

/** JsonNode.asText for text nodes, the JSON text otherwise. */
export function nodeText(n: JsonNode): string {
  return n.t === 'string' ? n.value : writeJson(n);
}

/** Follows a JSONPath like $.a.b[0]['c d'] (ksqlDB's subset); undefined when missing. */
export function followPath(root: JsonNode, path: string): JsonNode | undefined {
  const steps = parsePath(path);
  let cur: JsonNode | undefined = root;
  for (const step of steps) {
    if (cur === undefined) return undefined;
    if (typeof step === 'number') {
      cur = cur.t === 'array' ? cur.items[step] : undefined;
    } else if (cur.t === 'object') {
      const found: readonly [string, JsonNode] | undefined = cur.entries.find(([k]) => k === step);
      cur = found?.[1];
    } else {
      return undefined;
    }
  }
  return cur;
}

const pathCache = new Map<string, (string | number)[]>();

function parsePath(path: string): (string | number)[] {
  const cached = pathCache.get(path);
  if (cached !== undefined) return cached;
  const steps: (string | number)[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      let j = i + 1;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      steps.push(path.slice(i + 1, j));
      i = j;
    } else if (c === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) throw new Error(`Invalid JSON path: ${path}`);
      const inner = path.slice(i + 1, end).trim();
      const quoted = /^(['"])(.*)\1$/.exec(inner);
      if (quoted) steps.push(quoted[2]!);
      else if (/^\d+$/.test(inner)) steps.push(Number(inner));
      else throw new Error(`Invalid JSON path: ${path}`);
      i = end + 1;
    } else {
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      steps.push(path.slice(i, j));
      i = j;
    }
  }
  if (pathCache.size > 1000) pathCache.clear();
  pathCache.set(path, steps);
  return steps;
}
