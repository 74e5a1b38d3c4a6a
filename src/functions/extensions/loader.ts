// Loads the JavaScript extensions of a folder (`ksql.extension.dir`) into a FunctionRegistry: each
// .js/.mjs/.cjs file's udfs, udafs and udtfs, checked and registered all together or not at all.
// A bad file is reported by name and skipped; the others still load.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { FunctionRegistry } from '../registry.js';
import type { AnyFunction } from '../types.js';
import { isRecord } from './checks.js';
import { defineUdaf } from './define-udaf.js';
import { defineUdf } from './define-udf.js';
import { defineUdtf } from './define-udtf.js';

export interface ExtensionReport {
  /** The folder read (absolute), or undefined when no folder was configured. */
  readonly dir: string | undefined;
  /** Files loaded, with the names of the functions each added. */
  readonly loaded: readonly { readonly file: string; readonly functions: readonly string[] }[];
  /** Files (or the folder) that could not be loaded, and why. */
  readonly errors: readonly { readonly file: string; readonly message: string }[];
}

export const EXTENSION_DIR_PROPERTY = 'ksql.extension.dir';

const EXTENSION_FILE = /\.(m?js|cjs)$/;

// Synchronous loading keeps the Engine's start synchronous: the command log replays with the
// extensions in place, and every surface (run, server, shell) sees them from the first statement.
const requireModule = createRequire(import.meta.url);

/** Converted descriptors per module object: engines created over and over reuse them. */
const converted = new WeakMap<object, readonly AnyFunction[]>();

function exportsOf(mod: unknown): Record<string, unknown> {
  if (!isRecord(mod)) throw new Error('it exports nothing');
  const has = (o: Record<string, unknown>): boolean => o['udfs'] !== undefined || o['udafs'] !== undefined || o['udtfs'] !== undefined;
  if (has(mod)) return mod;
  const d = mod['default'];
  if (isRecord(d) && has(d)) return d;
  throw new Error("it exports no 'udfs', 'udafs' or 'udtfs' array (see samples/extensions/README.md)");
}

function listOf(exp: Record<string, unknown>, key: string): unknown[] {
  const v = exp[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`'${key}' must be an array`);
  return v;
}

function convert(mod: unknown, path: string): readonly AnyFunction[] {
  if (typeof mod === 'object' && mod !== null) {
    const cached = converted.get(mod);
    if (cached !== undefined) return cached;
  }
  const exp = exportsOf(mod);
  const fns: AnyFunction[] = [
    ...listOf(exp, 'udfs').map((s, i) => defineUdf(s, i, path)),
    ...listOf(exp, 'udafs').map((s, i) => defineUdaf(s, i, path)),
    ...listOf(exp, 'udtfs').map((s, i) => defineUdtf(s, i, path)),
  ];
  const seen = new Set<string>();
  for (const f of fns) {
    if (seen.has(f.name)) throw new Error(`it defines ${f.name} twice; give all its signatures in one definition`);
    seen.add(f.name);
  }
  converted.set(mod as object, fns);
  return fns;
}

function importFile(path: string): unknown {
  try {
    return requireModule(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_REQUIRE_ASYNC_MODULE') throw new Error('it uses top-level await, which extensions cannot: they load synchronously at start');
    if (code === 'ERR_REQUIRE_ESM')
      throw new Error(`this Node.js (${process.version}) cannot load ES modules synchronously: use Node.js 20.19 or later, or write the file as CommonJS (module.exports = { udfs })`);
    if (e instanceof SyntaxError) throw new Error(`${e.message} (run \`node --check ${path}\` to see where)`);
    throw e;
  }
}

function loadFile(path: string, registry: FunctionRegistry): readonly string[] {
  const fns = convert(importFile(path), path);
  for (const f of fns) {
    const existing = registry.get(f.name);
    if (existing !== undefined)
      throw new Error(`a function named ${f.name} already exists${existing.path === undefined ? ' (built in)' : ` (from ${existing.path})`}; rename it`);
  }
  for (const f of fns) registry.register(f);
  return fns.map((f) => f.name);
}

/**
 * Loads every extension file of `dir` (sorted by name) into `registry`. A folder that does not
 * exist is an error only when `required` (it was configured explicitly).
 */
export function loadExtensions(dir: string, registry: FunctionRegistry, options: { required?: boolean } = {}): ExtensionReport {
  const abs = resolve(dir);
  const loaded: { file: string; functions: string[] }[] = [];
  const errors: { file: string; message: string }[] = [];
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    if (options.required) errors.push({ file: abs, message: `the extension folder ${abs} does not exist (${EXTENSION_DIR_PROPERTY})` });
    return { dir: abs, loaded, errors };
  }
  const files = readdirSync(abs)
    .filter((f) => EXTENSION_FILE.test(f))
    .sort();
  for (const name of files) {
    const file = join(abs, name);
    try {
      loaded.push({ file, functions: [...loadFile(file, registry)] });
    } catch (e) {
      errors.push({ file, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { dir: abs, loaded, errors };
}

export const NO_EXTENSIONS: ExtensionReport = Object.freeze({ dir: undefined, loaded: [], errors: [] });

/**
 * An engine's extension folder: `ksql.extension.dir` when set (then it must exist), else
 * `<dataDir>/ext` for an engine on disk (used when present); none for an in-memory engine.
 */
export function extensionDir(properties: Readonly<Record<string, string>>, dataDir: string | undefined): { dir: string; required: boolean } | undefined {
  const configured = properties[EXTENSION_DIR_PROPERTY];
  if (configured !== undefined && configured.trim() !== '') return { dir: configured, required: true };
  return dataDir === undefined ? undefined : { dir: join(dataDir, 'ext'), required: false };
}

/** One line per problem, naming the file. */
export function extensionErrorLines(report: ExtensionReport): string[] {
  return report.errors.map((e) => `Cannot load the extension ${e.file}: ${e.message}`);
}

const warned = new Set<string>();

/**
 * Emits each problem as a process warning (printed on stderr by default), once per process:
 * engines created again and again over the same folder (tests) do not repeat it.
 */
export function warnExtensionErrors(report: ExtensionReport): void {
  for (const line of extensionErrorLines(report)) {
    if (warned.has(line)) continue;
    warned.add(line);
    process.emitWarning(line, { code: 'KSQLITE_EXTENSION' });
  }
}
