// The import dialog: a file dropped on the map or chosen here is read in a worker; the
// planner sees the layers, the detected CRS (and can override it), the field mapping with
// suggestions, the first rows after mapping, and every problem — then imports all or nothing,
// with progress and a cancel that leaves nothing behind.
import { useEffect, useMemo, useRef, useState } from 'react';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';
import { fromSquareMetres } from '../../domain/units';
import { crsInfo, knownCodes } from '../../io/crs/definitions';
import type { ApiClient } from '../api/client';
import { formatNumber } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { attributeFields, displayLabel } from '../panels/attributeFields';
import type { FieldMapping, ImportPlan } from './messages';
import { useImport } from './useImport';

interface Props {
  api: ApiClient;
  projectId: string;
  /** a file dropped on the map */
  file: File | null;
  onImported(): void;
  onClose(): void;
}

const CGCS2000_CODES = knownCodes().filter((code) => code === 4490 || code === 4326 || (code >= 4491 && code <= 4554));

export function ImportDialog({ api, projectId, file, onImported, onClose }: Props) {
  const { t, lang } = useI18n();
  const say = (m: { en: string; zh: string }) => (lang === 'en' ? m.en : m.zh);
  const { state, open, survey, run, cancel } = useImport(onImported);
  const [layerIndex, setLayerIndex] = useState(0);
  const [target, setTarget] = useState<LayerName>('parcels');
  const [crs, setCrs] = useState<number | undefined>(undefined);
  const [acceptDatumShift, setAcceptDatumShift] = useState(false);
  const [mapping, setMapping] = useState<FieldMapping | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (file) open(file);
  }, [file, open]);

  const plan: ImportPlan = useMemo(() => ({ layer: target, crs, acceptDatumShift, mapping }), [target, crs, acceptDatumShift, mapping]);
  // A new file, layer or target starts from the suggested mapping again.
  useEffect(() => setMapping(undefined), [state.fileName, layerIndex, target]);
  useEffect(() => {
    if (state.layers.length > 0 && (state.status === 'ready' || state.status === 'refused' || state.status === 'cancelled')) survey(layerIndex, plan);
  }, [state.layers, layerIndex, plan]); // eslint-disable-line react-hooks/exhaustive-deps

  const source = state.layers[layerIndex];
  const s = state.survey;
  const shownMapping = mapping ?? s?.mapping;
  const running = state.status === 'running';
  const fields = attributeFields(target);
  const setField = (attribute: string, sourceField: string) => {
    const base = shownMapping ?? { fields: {}, landUseValues: {} };
    const next = { ...base.fields };
    if (sourceField) next[attribute] = sourceField;
    else delete next[attribute];
    setMapping({ ...base, fields: next });
  };
  const code = s?.detection.code ?? null;
  const crsOptions = [...new Set([...(code !== null ? [code] : []), ...(s?.suggestions.map((c) => c.code) ?? []), ...CGCS2000_CODES])];
  const previewColumns = ['id', ...fields.map((f) => f.name).filter((name) => s?.preview.some((row) => row[name] !== undefined))].slice(0, 7);
  const progress = state.progress;

  return (
    <div className="dialog-backdrop">
      <div className="dialog import-dialog" role="dialog" aria-labelledby="import-title" data-testid="import-dialog">
        <h2 id="import-title">{t('import.title')}</h2>
        <div className="import-file">
          <input ref={input} type="file" data-testid="import-file" accept=".geojson,.json,.fgb,.gpkg,.zip,.csv" hidden onChange={(e) => e.target.files?.[0] && open(e.target.files[0])} />
          <button type="button" onClick={() => input.current?.click()} disabled={running}>
            {t('import.choose')}
          </button>
          <span className="import-file-name">{state.fileName || t('import.dropHint')}</span>
        </div>
        {state.error ? (
          <p className="import-error" role="alert" data-testid="import-error">
            {say(state.error)}
          </p>
        ) : null}
        {source ? (
          <div className="import-grid">
            {state.layers.length > 1 ? (
              <label>
                <span>{t('import.sourceLayer')}</span>
                <select value={layerIndex} onChange={(e) => setLayerIndex(Number(e.target.value))} disabled={running}>
                  {state.layers.map((l, i) => (
                    <option key={l.name} value={i}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label>
              <span>{t('import.target')}</span>
              <select data-testid="import-target" value={target} onChange={(e) => setTarget(e.target.value as LayerName)} disabled={running}>
                {LAYER_NAMES.map((l) => (
                  <option key={l} value={l}>
                    {t(`editor.layer.${l}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <p className="import-facts" data-testid="import-facts">
              {t('import.facts', { name: source.name, count: source.count ?? '?', fields: source.fields.length })}
              {source.encoding ? ` · ${t('import.encoding', { name: source.encoding.name, how: t(`import.encodingSource.${source.encoding.source}` as MessageKey) })}` : ''}
            </p>
            <label>
              <span>{t('import.crs')}</span>
              <select data-testid="import-crs" value={crs ?? code ?? ''} onChange={(e) => setCrs(e.target.value ? Number(e.target.value) : undefined)} disabled={running}>
                {code === null ? <option value="">{t('import.crsUnknown')}</option> : null}
                {crsOptions.map((c) => (
                  <option key={c} value={c}>
                    EPSG:{c} {crsInfo(c) ? say(crsInfo(c)?.name ?? { en: '', zh: '' }) : ''}
                  </option>
                ))}
              </select>
            </label>
            {s ? (
              <p className="import-detected" data-testid="import-detected">
                {code !== null ? t(`import.detected.${s.detection.source}` as MessageKey, { code }) : null}
                {s.detection.problem ? <span className="import-problem"> {say(s.detection.problem)}</span> : null}
                {s.detection.warnings.map((w) => (
                  <span key={w.code} className="import-warning">
                    {' '}
                    {say(w)}
                  </span>
                ))}
              </p>
            ) : null}
            {s?.detection.problem?.code === 'datum-shift' ? (
              <label className="import-check">
                <input type="checkbox" checked={acceptDatumShift} onChange={(e) => setAcceptDatumShift(e.target.checked)} />
                <span>{t('import.acceptDatumShift')}</span>
              </label>
            ) : null}
          </div>
        ) : null}
        {s && shownMapping ? (
          <details className="import-mapping" open>
            <summary>{t('import.mapping')}</summary>
            <div className="import-mapping-grid">
              {[{ name: 'id', label: { zh: '编号', en: 'id' } }, ...fields].map((f) => (
                <label key={f.name}>
                  <span>{displayLabel(f.label, lang)}</span>
                  <select data-testid={`import-map-${f.name}`} value={shownMapping.fields[f.name] ?? ''} onChange={(e) => setField(f.name, e.target.value)} disabled={running}>
                    <option value="">—</option>
                    {source?.fields.map((field) => (
                      <option key={field} value={field}>
                        {field}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
            {s.notes.map((n) => (
              <p key={n.en} className="import-note">
                {say(n)}
              </p>
            ))}
            {s.unknownLandUse.length > 0 ? <p className="import-warning">{t('import.unknownLandUse', { codes: s.unknownLandUse.slice(0, 10).join(', ') })}</p> : null}
          </details>
        ) : null}
        {s && s.preview.length > 0 ? (
          <div className="import-preview">
            <h3>{t('import.preview')}</h3>
            <table data-testid="import-preview">
              <thead>
                <tr>
                  {previewColumns.map((c) => (
                    <th key={c}>{c === 'id' ? t('import.id') : displayLabel(fields.find((f) => f.name === c)?.label ?? { zh: c, en: c }, lang)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.preview.slice(0, 5).map((row, i) => (
                  <tr key={i}>
                    {previewColumns.map((c) => (
                      <td key={c}>{row[c] === undefined || row[c] === null ? '' : String(row[c])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {progress ? (
          <div className="import-progress" data-testid="import-progress">
            <progress max={progress.total ?? undefined} value={progress.total ? progress.done : undefined} />
            <span>{t(`import.phase.${progress.phase}` as MessageKey, { done: formatNumber(lang, progress.done), total: progress.total ? formatNumber(lang, progress.total) : '?' })}</span>
          </div>
        ) : null}
        {state.status === 'refused' && state.prepared ? (
          <div className="import-problems" role="alert" data-testid="import-problems">
            <p>{t('import.refused', { n: state.prepared.errorCount })}</p>
            <ul>
              {state.prepared.errors.slice(0, 50).map((p, i) => (
                <li key={i}>
                  <b>{p.feature}</b>
                  {p.field ? ` [${p.field}]` : ''}
                  {p.at ? ` (${p.at[0].toFixed(6)}, ${p.at[1].toFixed(6)})` : ''}: {say(p)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {state.status === 'imported' && state.result ? (
          <p className="import-done" data-testid="import-done">
            {t('import.done', {
              n: formatNumber(lang, state.result.imported),
              layer: t(`editor.layer.${state.result.layer}` as MessageKey),
              km2: formatNumber(lang, fromSquareMetres(state.result.areaM2, 'km2'), 4),
              mu: formatNumber(lang, fromSquareMetres(state.result.areaM2, 'mu'), 2),
            })}
            {state.result.warnings.length > 0 ? ` ${t('import.warnings', { n: state.result.warnings.length })}` : ''}
          </p>
        ) : null}
        {state.status === 'cancelled' ? <p data-testid="import-cancelled">{t('import.cancelled')}</p> : null}
        <div className="dialog-actions">
          {running ? (
            <button type="button" data-testid="import-cancel" onClick={cancel}>
              {t('import.cancel')}
            </button>
          ) : (
            <button type="button" data-testid="import-close" onClick={onClose}>
              {t('import.close')}
            </button>
          )}
          <button
            type="button"
            className="primary"
            data-testid="import-run"
            disabled={!source || !s || s.detection.code === null || running || state.status === 'imported'}
            onClick={() => run(layerIndex, plan, { apiBase: api.apiBase, projectId, csrfToken: api.csrf })}
          >
            {t('import.run')}
          </button>
        </div>
      </div>
    </div>
  );
}
