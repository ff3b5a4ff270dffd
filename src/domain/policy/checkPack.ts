// Loading a policy pack: the JSON Schema first (shape), then what a schema cannot say
// (unique results, land-use codes that exist, pricing rules that name real rules).
import Ajv, { type ErrorObject } from 'ajv';
import packSchema from '../../../data/policies/pack.schema.json';
import { isKnownLandUse } from '../schema/landUse';
import type { PolicyPack } from './pack';

export class PackError extends Error {
  constructor(
    readonly pack: string,
    readonly problems: string[],
  ) {
    super(`policy pack ${pack}: ${problems.join('; ')}`);
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile<PolicyPack>(packSchema);

const describe = (e: ErrorObject): string => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`;

/** Returns the pack typed, or throws PackError listing every problem. */
export function checkPack(json: unknown, name = 'pack'): PolicyPack {
  if (!validate(json)) {
    // oneOf failures repeat for every branch; keep the distinct messages.
    throw new PackError(name, [...new Set((validate.errors ?? []).map(describe))]);
  }
  const pack = json;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const rule of pack.rules) {
    const key = `${rule.id} ${rule.scope.each === 'city' ? (rule.scope.key ?? '') : rule.scope.each}`;
    if (seen.has(key)) problems.push(`rule ${rule.id} appears twice with the same scope; give one a scope key`);
    seen.add(key);
  }
  for (const code of pack.industrialLandUse) if (!isKnownLandUse(code)) problems.push(`industrialLandUse has unknown land-use code '${code}'`);
  const ids = new Set(pack.rules.map((r) => r.id));
  for (const id of pack.pricing?.rules ?? []) if (!ids.has(id)) problems.push(`pricing names rule ${id}, which the pack does not have`);
  if (problems.length > 0) throw new PackError(pack.id, problems);
  return pack;
}
