// The error raised while evaluating an expression for one record (bad cast, arithmetic on null,
// a function that fails). The runtime logs it to the processing log and uses null, like ksqlDB.

export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/** Wraps any thrown value into an EvaluationError, keeping the message. */
export function toEvaluationError(e: unknown, context?: string): EvaluationError {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof EvaluationError && context === undefined) return e;
  return new EvaluationError(context === undefined ? message : `${context}: ${message}`);
}
