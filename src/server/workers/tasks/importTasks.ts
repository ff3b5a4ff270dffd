// Tasks that read untrusted files (see ../pool.ts).
import type { SqlJsStatic } from 'sql.js';
import { readSource } from '../../../io/formats/readSource';
import { FormatError } from '../../../io/formats/source';
import { openSqlJs } from '../../../io/formats/sqlJs';
import { prepareImport, type Existing, type ImportFeature, type ImportPlan, type PreparedImport } from '../../../io/import/prepareImport';
import type { TaskResult } from '../tasks';

/** A planner's file to read and check against the project (no writing: that stays on the main thread). */
export interface ReadImportInput {
  fileName: string;
  /** the file, transferred to the worker */
  bytes: Uint8Array;
  /** the file's layer to read; its first when absent */
  sourceLayer?: string;
  plan: ImportPlan;
  existing: Existing;
  /** send the checked features back (not for a dry run: nothing would use them) */
  wantFeatures: boolean;
}

export interface ReadImportOutput {
  sourceLayer: string;
  /** every layer the file holds */
  layers: string[];
  encoding?: { name: string; source: string };
  prepared: PreparedImport;
  /** the checked features, only when asked for and there were no problems */
  features: ImportFeature[];
}

/** sql.js (its wasm compiled once per worker, for GeoPackages) */
let sqlJs: Promise<SqlJsStatic> | undefined;
const sql = (): Promise<SqlJsStatic> => (sqlJs ??= openSqlJs());

export const IMPORT_TASKS = {
  /** A probe used by the pool's tests: echoes, loops or allocates on request. */
  async probe(input: { echo?: string; spinMs?: number; forever?: boolean; allocateMb?: number; fail?: string }): Promise<TaskResult<string>> {
    if (input.fail) throw Object.assign(new Error(input.fail), { detail: 'probe' });
    if (input.forever) for (;;);
    if (input.spinMs) {
      const end = Date.now() + input.spinMs;
      while (Date.now() < end);
    }
    if (input.allocateMb) {
      const hold: number[][] = [];
      for (let i = 0; i < input.allocateMb; i++) hold.push(new Array(131_072).fill(i));
      return { value: String(hold.length) };
    }
    return { value: input.echo ?? '' };
  },

  /** Reads a file's layers (any format) and every feature of each: how many, per layer (for tests and checks of a file alone). */
  async readFile(input: { fileName: string; bytes: Uint8Array }): Promise<TaskResult<Array<{ name: string; features: number }>>> {
    const layers = await readSource(input.fileName, input.bytes, { sql });
    const out: Array<{ name: string; features: number }> = [];
    for (const layer of layers) {
      let features = 0;
      for await (const _ of layer.features()) features++;
      out.push({ name: layer.name, features });
    }
    return { value: out };
  },

  /** Reads a file's layers (any format) and checks the chosen one as an import (prepareImport). */
  async readImport(input: ReadImportInput): Promise<TaskResult<ReadImportOutput>> {
    const layers = await readSource(input.fileName, input.bytes, { sql });
    const source = input.sourceLayer ? layers.find((l) => l.name === input.sourceLayer) : layers[0];
    if (!source) {
      const names = layers.map((l) => l.name).join(', ');
      throw new FormatError(
        `${input.fileName} has no layer ${input.sourceLayer}; it has ${names}: choose one of these`,
        `${input.fileName} 中没有图层 ${input.sourceLayer}；它含有 ${names}：请从中选择`,
      );
    }
    const features: ImportFeature[] = [];
    const prepared = await prepareImport(source, input.plan, input.existing, {
      onChunk: input.wantFeatures ? (chunk) => void features.push(...chunk) : undefined,
    });
    return {
      value: {
        sourceLayer: source.name,
        layers: layers.map((l) => l.name),
        ...(source.encoding ? { encoding: source.encoding } : {}),
        prepared,
        features: prepared.errorCount > 0 ? [] : features,
      },
    };
  },
};
