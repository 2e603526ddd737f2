// A method-level error (RFC 8620 §3.6.2): thrown inside a method, answered as
// `["error", {type, description}, callId]` by the dispatcher.
import type { MethodErrorType } from '../../protocol/jmap-core.js';

export class MethodError extends Error {
  override name = 'MethodError';
  constructor(
    readonly type: MethodErrorType,
    description: string,
  ) {
    super(description);
  }
}

export const invalidArguments = (description: string): MethodError =>
  new MethodError('invalidArguments', description);
