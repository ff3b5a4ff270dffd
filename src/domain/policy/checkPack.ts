// Loading a policy pack: the JSON Schema first (shape), then what a schema cannot say
// (unique results, land-use codes that exist, pricing rules that name real rules).
import Ajv, { type ErrorObject } from 'ajv';
import packSchema from '../../../data/policies/pack.schema.json';
import type { PolicyPack } from './pack';
import { checkPackRules, PackError } from './packRules';

export { PackError };

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile<PolicyPack>(packSchema);

const describe = (e: ErrorObject): string => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`;

/** Returns the pack typed, or throws PackError listing every problem. */
export function checkPack(json: unknown, name = 'pack'): PolicyPack {
  if (!validate(json)) {
    // oneOf failures repeat for every branch; keep the distinct messages.
    throw new PackError(name, [...new Set((validate.errors ?? []).map(describe))]);
  }
  return checkPackRules(json);
}
