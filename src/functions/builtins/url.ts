// URL functions, parsing like java.net.URI (RFC 2396/3986 components) and encoding parameters
// like java.net.URLEncoder / URLDecoder (application/x-www-form-urlencoded, UTF-8).

import { sig } from '../signature.js';
import type { ScalarFunction } from '../types.js';
import { fail, scalar } from './define.js';

interface Uri {
  readonly scheme: string | undefined;
  readonly authority: string | undefined;
  readonly path: string;
  readonly query: string | undefined;
  readonly fragment: string | undefined;
}

const URI_RE = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
const ILLEGAL = /[\s"<>\\^`{|}]/;

function parseUri(text: string): Uri | null {
  if (ILLEGAL.test(text)) return null;
  const m = URI_RE.exec(text);
  if (!m) return null;
  return { scheme: m[1], authority: m[2], path: m[3] ?? '', query: m[4], fragment: m[5] };
}

function hostAndPort(authority: string | undefined): { host: string | null; port: number | null } {
  if (authority === undefined) return { host: null, port: null };
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  if (!m) return { host: null, port: null };
  return { host: m[1] === '' ? null : m[1]!, port: m[2] === undefined || m[2] === '' ? null : Number(m[2]) };
}

/** URI's decoding of components: %XX sequences as UTF-8, '+' left alone. */
function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function withUri<R>(f: (u: Uri) => R | null): (url: string) => R | null {
  return (url) => {
    const u = parseUri(url);
    return u === null ? null : f(u);
  };
}

/** URLEncoder.encode(s, UTF-8). */
function urlEncode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** URLDecoder.decode(s, UTF-8). */
function urlDecode(s: string): string {
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length > 0) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail(`URLDecoder: Illegal hex characters in escape (%) pattern - ${hex}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      flush();
      out += c === '+' ? ' ' : c;
    }
  }
  flush();
  return out;
}

function extractParameter(url: string, name: string): string | null {
  const u = parseUri(url);
  if (u === null || u.query === undefined) return null;
  for (const param of u.query.split('&')) {
    const eq = param.indexOf('=');
    if (eq < 0) {
      if (param === name) return '';
    } else if (param.slice(0, eq) === name) {
      return param.slice(eq + 1);
    }
  }
  return null;
}

export function urlFunctions(): ScalarFunction[] {
  return [
    scalar('URL_ENCODE_PARAM', 'URL', 'Encodes a string for use as a URL query parameter.', [sig('input STRING', 'STRING', urlEncode)]),
    scalar('URL_DECODE_PARAM', 'URL', 'Decodes a URL query parameter.', [sig('input STRING', 'STRING', urlDecode)]),
    scalar('URL_EXTRACT_FRAGMENT', 'URL', 'Returns the fragment of a URL, or null.', [
      sig('url STRING', 'STRING', withUri((u) => (u.fragment === undefined ? null : percentDecode(u.fragment)))),
    ]),
    scalar('URL_EXTRACT_HOST', 'URL', 'Returns the host of a URL, or null.', [
      sig('url STRING', 'STRING', withUri((u) => hostAndPort(u.authority).host)),
    ]),
    scalar('URL_EXTRACT_PARAMETER', 'URL', 'Returns the (still encoded) value of a query parameter, or null.', [
      sig('url STRING, parameter STRING', 'STRING', extractParameter),
    ]),
    scalar('URL_EXTRACT_PATH', 'URL', 'Returns the path of a URL.', [
      sig('url STRING', 'STRING', withUri((u) => percentDecode(u.path))),
    ]),
    scalar('URL_EXTRACT_PORT', 'URL', 'Returns the port of a URL, or null.', [
      sig('url STRING', 'INTEGER', withUri((u) => hostAndPort(u.authority).port)),
    ]),
    scalar('URL_EXTRACT_PROTOCOL', 'URL', 'Returns the scheme of a URL, or null.', [
      sig('url STRING', 'STRING', withUri((u) => u.scheme ?? null)),
    ]),
    scalar('URL_EXTRACT_QUERY', 'URL', 'Returns the (decoded) query of a URL, or null.', [
      sig('url STRING', 'STRING', withUri((u) => (u.query === undefined ? null : percentDecode(u.query)))),
    ]),
  ];
}
