// All built-in scalar functions, in one list the registry loads.

import type { ScalarFunction } from '../types.js';
import { bytesFunctions } from './bytes.js';
import { collectionFunctions } from './collections.js';
import { conditionalFunctions } from './conditional.js';
import { constructorFunctions } from './constructors.js';
import { datetimeFunctions } from './datetime.js';
import { jsonFunctions } from './json.js';
import { lambdaFunctions } from './lambda.js';
import { mathFunctions } from './math.js';
import { regexFunctions } from './regex.js';
import { stringFunctions } from './string.js';
import { urlFunctions } from './url.js';

let all: readonly ScalarFunction[] | undefined;

export function builtinScalarFunctions(): readonly ScalarFunction[] {
  all ??= [
    ...mathFunctions(),
    ...stringFunctions(),
    ...regexFunctions(),
    ...bytesFunctions(),
    ...collectionFunctions(),
    ...constructorFunctions(),
    ...lambdaFunctions(),
    ...conditionalFunctions(),
    ...jsonFunctions(),
    ...urlFunctions(),
    ...datetimeFunctions(),
  ];
  return all;
}
