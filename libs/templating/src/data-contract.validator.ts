import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { BILLABLE_CURRENCY_RULE, CURRENCY_FORMAT, DomainError, FieldError, isBillableCurrency } from '@app/kernel';
import { linearRegExp } from './contract-patterns';

/** Compiled contracts kept; one per template version in use is plenty. */
const MAX_CACHED_CONTRACTS = 256;

/**
 * Checks a document's `data` against the JSON Schema (draft 2020-12) of its
 * template version. Every violation is reported at once, each with a JSON
 * pointer into the request (`/data/invoice/total`) and a message an integrator
 * can act on. Compiled validators are kept by the key the caller gives (the
 * version's content hash), so a contract compiles once, not per document.
 */
export class DataContractValidator {
  private readonly ajv = createAjv();
  private readonly compiled = new Map<string, ValidateFunction>();

  validate(key: string, schema: Record<string, unknown>, data: unknown): FieldError[] {
    const validate = this.validatorFor(key, schema);
    if (validate(data)) return [];
    return dedupe((validate.errors ?? []).filter((error) => error.keyword !== 'if').map(toFieldError));
  }

  /** Compiles a contract without validating anything: how a submitted version proves its contract is usable. */
  check(key: string, schema: Record<string, unknown>): void {
    this.validatorFor(key, schema);
  }

  private validatorFor(key: string, schema: Record<string, unknown>): ValidateFunction {
    const cached = this.compiled.get(key);
    if (cached) {
      // Map order is insertion order: re-inserting marks the entry as recently used.
      this.compiled.delete(key);
      this.compiled.set(key, cached);
      return cached;
    }
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile(schema);
    } catch (error) {
      throw new DomainError('template_invalid', `The data contract is not a valid JSON Schema: ${(error as Error).message}`);
    } finally {
      // Versions of one template often share an `$id`; Ajv would refuse the second
      // registration. The compiled function keeps everything it needs.
      this.ajv.removeSchema(schema);
    }
    if (this.compiled.size >= MAX_CACHED_CONTRACTS) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(key, validate);
    return validate;
  }
}

function createAjv(): Ajv2020 {
  // Patterns match in linear time: a contract is author-written, and the data it checks comes from outside.
  const ajv = new Ajv2020({ allErrors: true, strict: true, code: { regExp: linearRegExp } });
  addFormats(ajv);
  ajv.addFormat(CURRENCY_FORMAT, { type: 'string', validate: isBillableCurrency });
  return ajv;
}

function toFieldError(error: ErrorObject): FieldError {
  const at = `/data${error.instancePath}`;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return { pointer: `${at}/${escapePointer(error.params.missingProperty)}`, message: 'is required' };
    case 'additionalProperties':
      return { pointer: `${at}/${escapePointer(error.params.additionalProperty)}`, message: 'is not allowed' };
    case 'unevaluatedProperties':
      return { pointer: `${at}/${escapePointer(error.params.unevaluatedProperty)}`, message: 'is not allowed' };
    case 'enum':
      return { pointer: at, message: `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'format':
      if (error.params.format === CURRENCY_FORMAT) return { pointer: at, message: BILLABLE_CURRENCY_RULE };
      return { pointer: at, message: error.message ?? 'fails "format"' };
    default:
      return { pointer: at, message: error.message ?? `fails "${error.keyword}"` };
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.pointer}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
