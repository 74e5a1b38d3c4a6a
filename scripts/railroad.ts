// Writes grammar/diagrams.html: railroad (syntax) diagrams of the whole grammar, one per rule,
// from chevrotain's createSyntaxDiagramsCode. Run `npm run grammar:diagrams` after a build.

import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSyntaxDiagramsCode } from '../grammar/chevrotain.js';
import { parser } from '../grammar/parser.js';

/** The diagrams page for the current grammar. */
export function diagramsHtml(): string {
  return createSyntaxDiagramsCode(parser.getSerializedGastProductions());
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Compiled to dist/scripts/: write next to the grammar sources, not into dist.
  const target = fileURLToPath(new URL('../../grammar/diagrams.html', import.meta.url));
  writeFileSync(target, diagramsHtml());
  console.log(`wrote ${target}`);
}
