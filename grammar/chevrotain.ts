// Loads chevrotain from its single-file bundle: the package's public entry point pulls in ~300
// small lodash-es modules, which costs ~0.7 s of start-up; the bundle loads in ~20 ms.
// Every runtime import of chevrotain in the project goes through this module.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type * as ChevrotainApi from 'chevrotain';

type Chevrotain = typeof ChevrotainApi;

async function load(): Promise<Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain');
    const bundle = join(dirname(entry), '..', 'chevrotain.mjs');
    return (await import(pathToFileURL(bundle).href)) as Chevrotain;
  } catch {
    // A chevrotain build without the bundle: the regular entry point works, only slower.
    return await import('chevrotain');
  }
}

const chevrotain = await load();

export const { CstParser, EOF, Lexer, createToken, tokenMatcher, generateCstDts, createSyntaxDiagramsCode } = chevrotain;
export const { MismatchedTokenException, NoViableAltException, NotAllInputParsedException, EarlyExitException } = chevrotain;
