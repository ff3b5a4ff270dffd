// The import dialog: a file dropped on the map or chosen here is read in a worker; the
// planner sees the layers, the detected CRS (and can override it), the field mapping with
// suggestions, the first rows after mapping, and every problem — then imports all or nothing,
// with progress and a cancel that leaves nothing behind. A mapping can be saved to the
// project by name and applied again to the next file of the same kind.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SavedImportMapping } from '../../api/types';
import { assumedStatus, STATUS_ASSUMPTIONS, type StatusAssumption } from '../../domain/policy/assumptions';
import { LAYER_NAMES, type LayerName } from '../../domain/schema/kinds';
import { landUseCode } from '../../domain/schema/landUse';
import { fromSquareMetres } from '../../domain/units';
import { crsInfo, knownCodes } from '../../io/crs/definitions';
import type { ApiClient } from '../api/client';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { attributeFields, displayLabel } from '../panels/attributeFields';
import type { FieldMapping, ImportPlan } from './messages';
import { RepairView } from './RepairView';
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

const NO_MAPPING: FieldMapping = { fields: {}, landUseValues: {} };

/** What happened to a saved mapping, shown under the picker. */
type MappingNotice = { text: string; error: boolean } | null;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function ImportDialog({ api, projectId, file, onImported, onClose }: Props) {
  const { t, lang } = useI18n();
  const say = (m: { en: string; zh: string }) => (lang === 'en' ? m.en : m.zh);
  const { state, open, survey, run, cancel } = useImport(onImported);
  const [layerIndex, setLayerIndex] = useState(0);
  const [target, setTarget] = useState<LayerName>('parcels');
  const [crs, setCrs] = useState<number | undefined>(undefined);
  const [acceptDatumShift, setAcceptDatumShift] = useState(false);
  const [repair, setRepair] = useState(false);
  const [mapping, setMapping] = useState<FieldMapping | undefined>(undefined);
  /** the layer-wide status for a parcels file without a status field; '' = none */
  const [statusDefault, setStatusDefault] = useState<StatusAssumption | ''>('');
  const input = useRef<HTMLInputElement>(null);
  const [savedMappings, setSavedMappings] = useState<SavedImportMapping[]>([]);
  const [chosen, setChosen] = useState('');
  const [mappingName, setMappingName] = useState('');
  const [notice, setNotice] = useState<MappingNotice>(null);
  const [saving, setSaving] = useState(false);
  /** land-use values the surveys of this file found translated or unknown, in the order found */
  const [landUseSeen, setLandUseSeen] = useState<string[]>([]);
  /** the survey's own mapping: the base a saved mapping's land-use values are laid over */
  const suggested = useRef<FieldMapping>(NO_MAPPING);

  useEffect(() => {
    let live = true;
    api.importMappings(projectId).then(
      (list) => live && setSavedMappings(list),
      (e: unknown) => live && setNotice({ text: t('importMapping.loadFailed', { message: errorText(e) }), error: true }),
    );
    return () => {
      live = false;
    };
  }, [api, projectId]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (file) open(file);
  }, [file, open]);

  const plan: ImportPlan = useMemo(() => ({ layer: target, crs, acceptDatumShift, mapping, repair }), [target, crs, acceptDatumShift, mapping, repair]);
  // A new file, layer or target starts from the suggested mapping again.
  useEffect(() => {
    setMapping(undefined);
    setStatusDefault('');
    setChosen('');
    setNotice(null);
    setLandUseSeen([]);
  }, [state.fileName, layerIndex, target]);
  useEffect(() => {
    if (state.layers.length > 0 && (state.status === 'ready' || state.status === 'refused' || state.status === 'cancelled')) survey(layerIndex, plan);
  }, [state.layers, layerIndex, plan]); // eslint-disable-line react-hooks/exhaustive-deps

  const source = state.layers[layerIndex];
  const s = state.survey;
  const shownMapping = mapping ?? s?.mapping;
  // Rows stay while the planner edits them (a value cleared is no longer in the mapping).
  useEffect(() => {
    if (!s) return;
    if (mapping === undefined) suggested.current = s.mapping;
    setLandUseSeen((seen) => {
      const more = [...Object.keys(s.mapping.landUseValues), ...s.unknownLandUse].filter((v, i, all) => !seen.includes(v) && all.indexOf(v) === i);
      return more.length > 0 ? [...seen, ...more] : seen;
    });
  }, [s]); // eslint-disable-line react-hooks/exhaustive-deps
  const running = state.status === 'running';
  const fields = attributeFields(target);
  const setField = (attribute: string, sourceField: string) => {
    const base = shownMapping ?? { fields: {}, landUseValues: {} };
    const next = { ...base.fields };
    if (sourceField) next[attribute] = sourceField;
    else delete next[attribute];
    setMapping({ ...base, fields: next });
  };
  const setLandUse = (value: string, code: string) => {
    const base = shownMapping ?? NO_MAPPING;
    const next = { ...base.landUseValues };
    if (code.trim()) next[value] = code.trim();
    else delete next[value];
    setMapping({ ...base, landUseValues: next });
  };
  const forTarget = savedMappings.filter((m) => m.layer === target);
  /** A saved mapping over this file: its source fields the file has, its land-use values over the suggested ones. */
  const applySaved = (name: string) => {
    setChosen(name);
    const found = forTarget.find((m) => m.name === name);
    if (!found) return;
    const present = new Set(source?.fields ?? []);
    const entries = Object.entries(found.mapping.fields);
    const missing = entries.filter(([, field]) => !present.has(field)).map(([, field]) => field);
    setMapping({ fields: Object.fromEntries(entries.filter(([, field]) => present.has(field))), landUseValues: { ...suggested.current.landUseValues, ...found.mapping.landUseValues } });
    setMappingName(name);
    setNotice({
      text: missing.length > 0 ? t('importMapping.missingFields', { name, n: missing.length, fields: missing.join(', ') }) : t('importMapping.applied', { name }),
      error: false,
    });
  };
  const saveMapping = async () => {
    const name = mappingName.trim();
    if (!name || !shownMapping) return;
    setSaving(true);
    try {
      const stored = await api.saveImportMapping(projectId, name, target, shownMapping);
      setSavedMappings((list) => [...list.filter((m) => m.name !== stored.name), stored].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
      setChosen(stored.name);
      setNotice({ text: t('importMapping.savedOk', { name }), error: false });
    } catch (e) {
      setNotice({ text: t('importMapping.saveFailed', { message: errorText(e) }), error: true });
    } finally {
      setSaving(false);
    }
  };
  const deleteSaved = async () => {
    const name = chosen;
    try {
      await api.deleteImportMapping(projectId, name);
      setSavedMappings((list) => list.filter((m) => m.name !== name));
      setChosen('');
      setNotice({ text: t('importMapping.deletedOk', { name }), error: false });
    } catch (e) {
      setNotice({ text: t('importMapping.deleteFailed', { message: errorText(e) }), error: true });
    }
  };
  const overwrites = savedMappings.some((m) => m.name === mappingName.trim());
  // Values the planner has mapped to a known code are no longer refused.
  const stillUnknown = (s?.unknownLandUse ?? []).filter((v) => !landUseCode(shownMapping?.landUseValues[v] ?? v));
  const code = s?.detection.code ?? null;
  const crsOptions = [...new Set([...(code !== null ? [code] : []), ...(s?.suggestions.map((c) => c.code) ?? []), ...CGCS2000_CODES])];
  const previewColumns = ['id', ...fields.map((f) => f.name).filter((name) => s?.preview.some((row) => row[name] !== undefined))].slice(0, 7);
  const progress = state.progress;
  // Without a status, W25-1/W25-2 and the like cannot count the parcels: offer one for the whole layer.
  const noStatusField = target === 'parcels' && !!s && !!shownMapping && !shownMapping.fields.status;
  const defaultStatus = noStatusField && statusDefault ? assumedStatus(statusDefault) : undefined;

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
                    {t(`editor.layer.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            <p className="import-facts" data-testid="import-facts">
              {t('import.facts', { name: source.name, count: source.count ?? '?', fields: source.fields.length })}
              {source.encoding ? ` · ${t('import.encoding', { name: source.encoding.name, how: t(`import.encodingSource.${source.encoding.source}`) })}` : ''}
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
                {code !== null ? t(`import.detected.${s.detection.source}`, { code }) : null}
                {s.detection.problem ? <span className="import-problem"> {say(s.detection.problem)}</span> : null}
                {s.detection.warnings.map((w) => (
                  <span key={w.code} className="import-warning">
                    {' '}
                    {say(w)}
                  </span>
                ))}
              </p>
            ) : null}
            <label className="import-check">
              <input type="checkbox" data-testid="import-repair" checked={repair} onChange={(e) => setRepair(e.target.checked)} disabled={running} />
              <span>{t('import.repair')}</span>
            </label>
            {noStatusField ? (
              <>
                <label>
                  <span>{t('import.statusDefault')}</span>
                  <select data-testid="import-status-default" value={statusDefault} onChange={(e) => setStatusDefault(STATUS_ASSUMPTIONS.find((a) => a === e.target.value) ?? '')} disabled={running}>
                    <option value="">{t('import.statusDefault.none')}</option>
                    {STATUS_ASSUMPTIONS.map((a) => (
                      <option key={a} value={a}>
                        {t(`import.statusDefault.${a}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <p className="import-note" data-testid="import-status-note">
                  {defaultStatus ? t('import.statusDefault.recorded', { status: defaultStatus }) : t('import.statusDefault.missing')}
                </p>
              </>
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
            <div className="import-saved">
              <label>
                <span>{t('importMapping.saved')}</span>
                <select data-testid="import-saved-mapping" value={chosen} onChange={(e) => applySaved(e.target.value)} disabled={running}>
                  <option value="">{forTarget.length > 0 ? t('importMapping.choose') : t('importMapping.noneForLayer', { layer: t(`editor.layer.${target}`) })}</option>
                  {forTarget.map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </label>
              {chosen ? (
                <button type="button" data-testid="import-delete-mapping" title={t('importMapping.deleteTitle')} onClick={() => void deleteSaved()} disabled={running}>
                  {t('importMapping.delete')}
                </button>
              ) : null}
              <label>
                <span>{t('importMapping.name')}</span>
                <input
                  data-testid="import-mapping-name"
                  value={mappingName}
                  maxLength={100}
                  placeholder={t('importMapping.namePlaceholder')}
                  onChange={(e) => setMappingName(e.target.value)}
                  onKeyDown={(e) => e.key === 'Enter' && void saveMapping()}
                  disabled={running}
                />
              </label>
              <button type="button" data-testid="import-save-mapping" title={t('importMapping.saveTitle')} onClick={() => void saveMapping()} disabled={running || saving || mappingName.trim() === ''}>
                {t('importMapping.save')}
              </button>
              {overwrites ? <span className="import-saved-overwrite">{t('importMapping.willOverwrite')}</span> : null}
            </div>
            {notice ? (
              <p className={notice.error ? 'import-saved-notice import-error' : 'import-saved-notice'} role={notice.error ? 'alert' : 'status'} data-testid="import-mapping-notice">
                {notice.text}
              </p>
            ) : null}
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
            {stillUnknown.length > 0 ? <p className="import-warning">{t('import.unknownLandUse', { codes: stillUnknown.slice(0, 10).join(', ') })}</p> : null}
            {landUseSeen.length > 0 ? (
              <div className="import-landuse">
                <h3>{t('importMapping.landUse')}</h3>
                <p className="import-note">{t('importMapping.landUseHint')}</p>
                <div className="import-landuse-grid">
                  {landUseSeen.map((value) => {
                    const typed = shownMapping.landUseValues[value] ?? '';
                    const known = landUseCode(typed || value);
                    return (
                      <label key={value}>
                        <span className="import-landuse-value">{value} →</span>
                        <input
                          data-testid={`import-landuse-${value}`}
                          value={typed}
                          placeholder={value}
                          aria-label={t('importMapping.landUseInput', { value })}
                          onChange={(e) => setLandUse(value, e.target.value)}
                          disabled={running}
                        />
                        {known ? <span className="import-landuse-name" title={known.en}>{known.zh}</span> : <span className="import-landuse-unknown">{t('importMapping.unknownCode')}</span>}
                      </label>
                    );
                  })}
                </div>
              </div>
            ) : null}
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
            <span>{t(`import.phase.${progress.phase}`, { done: formatNumber(lang, progress.done), total: progress.total ? formatNumber(lang, progress.total) : '?' })}</span>
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
              layer: t(`editor.layer.${state.result.layer}`),
              km2: formatNumber(lang, fromSquareMetres(state.result.areaM2, 'km2'), 4),
              mu: formatNumber(lang, fromSquareMetres(state.result.areaM2, 'mu'), 2),
            })}
            {state.result.assumed ? ` ${t('import.statusAssumed', { n: formatNumber(lang, state.result.assumed.parcels), name: t(`forms.parcelStatus.${state.result.assumed.status}`) })}` : ''}
            {state.result.warnings.length > 0 ? ` ${t('import.warnings', { n: state.result.warnings.length })}` : ''}
          </p>
        ) : null}
        {state.status === 'imported' && state.result && state.result.repairCount > 0 ? <RepairView repairs={state.result.repairs} count={state.result.repairCount} /> : null}
        {state.status === 'refused' && !repair && state.prepared?.errors.some((p) => p.field === 'geometry' && !/overlap|重叠/.test(p.en)) ? <p className="import-warning">{t('import.repair.hint')}</p> : null}
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
            onClick={() => run(layerIndex, plan, { apiBase: api.apiBase, projectId, csrfToken: api.csrf }, defaultStatus)}
          >
            {t('import.run')}
          </button>
        </div>
      </div>
    </div>
  );
}
