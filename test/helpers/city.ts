// Reads a fixture city folder through the same adapters the CLI uses.
import { readCityDir } from '../../src/cli/readCityDir';
import type { City } from '../../src/domain/schema/kinds';

export const fixtureDir = (name: string): string => new URL(`../fixtures/cities/${name}`, import.meta.url).pathname;

export async function fixtureCity(name: string): Promise<City> {
  return (await readCityDir(fixtureDir(name))).city;
}
