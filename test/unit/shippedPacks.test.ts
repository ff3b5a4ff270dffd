// The shipped packs load in the browser without their JSON Schema check (it needs eval, which
// the app's CSP forbids): this is where each is checked against the schema, once, in full.
import { describe, expect, it } from 'vitest';
import { checkPack, PackError } from '../../src/domain/policy/checkPack';
import { SHIPPED_PACK_JSON, SHIPPED_PACKS } from '../../src/domain/policy/shipped';

describe('shipped policy packs', () => {
  for (const json of SHIPPED_PACK_JSON) {
    const id = (json as { id: string }).id;
    it(`${id} passes the pack schema and the checks a schema cannot make`, () => {
      expect(checkPack(json, id)).toEqual(SHIPPED_PACKS.get(id));
    });
  }

  it('a pack off the schema is refused with the path of each problem', () => {
    const broken = { ...(SHIPPED_PACK_JSON[0] as object), industrialLandUse: 'M1' };
    expect(() => checkPack(broken, 'broken')).toThrow(PackError);
    expect(() => checkPack(broken, 'broken')).toThrow(/\/industrialLandUse must be array/);
  });
});
