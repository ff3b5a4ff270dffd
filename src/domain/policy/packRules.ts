// The checks of a policy pack that a JSON Schema cannot make (unique results, land-use codes
// that exist, pricing rules that name real rules). Apart from checkPack.ts, so that the
// browser loads the shipped packs without Ajv (see checkPackRules).
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

/**
 * What a schema cannot say, for a pack already of the schema's shape. The shipped packs take
 * only this at load (their schema check is a test): Ajv compiles schemas with `new Function`,
 * which the app's Content-Security-Policy rightly forbids in the browser.
 */
export function checkPackRules(pack: PolicyPack): PolicyPack {
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
