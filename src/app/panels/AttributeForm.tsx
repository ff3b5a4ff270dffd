// The attribute form of the side panel: one feature, or several at once (bulk edit: a
// field whose values differ shows "多个值" and is changed only when the planner edits it).
// Checked as typed with the schema's own `attributeProblems`; Save sends only the edits.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ApiFeature } from '../../api/types';
import { attributeProblems, type AttributeProblem } from '../../domain/schema/attributes';
import type { LayerName } from '../../domain/schema/kinds';
import { landUseCode } from '../../domain/schema/landUse';
import { fromSquareMetres } from '../../domain/units';
import { formatNumber } from '../format';
import { useI18n, type Lang, type Translate } from '../i18n';
import {
  attributeFields,
  bulkValue,
  displayLabel,
  formatFieldValue,
  optionKey,
  parseFieldInput,
  sameValue,
  searchLandUse,
  type AttributeField,
  type Bilingual,
  type BulkValue,
} from './attributeFields';
import './forms.css';

export interface AttributeFormProps {
  layer: LayerName;
  /** one, or several for bulk edit */
  features: readonly ApiFeature[];
  readOnly: boolean;
  /** shown read-only in m², 亩 and 公顷 (the sum for several features) */
  areaM2?: number;
  /** only the fields the user changed; null clears a field; applied to every feature */
  onSave(changes: Record<string, unknown | null>): void;
  onCancel(): void;
}

/** What the planner has typed or ticked, by field; a field absent here is untouched. */
type Draft = Readonly<Record<string, string | boolean>>;

const MIXED_OPTION = '\u0000mixed';
const PROBLEMS_SHOWN = 3;

/** A fresh form (empty draft) whenever the selection changes to other features. */
export function AttributeForm(props: AttributeFormProps) {
  const key = `${props.layer}\u0001${props.features.map((f) => f.id).join('\u0001')}`;
  if (props.features.length === 0) return null;
  return <AttributeFormBody key={key} {...props} />;
}

function AttributeFormBody({ layer, features, readOnly, areaM2, onSave, onCancel }: AttributeFormProps) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<Draft>({});
  const fields = attributeFields(layer);
  const baseId = useId();

  const current = useMemo(() => new Map(fields.map((f) => [f.name, bulkValue(features, f.name)])), [fields, features]);
  const { changes, parseErrors } = useMemo(() => collectChanges(fields, draft, current), [fields, draft, current]);
  const problems = useMemo(() => problemsByField(layer, features, changes), [layer, features, changes]);

  const changedCount = Object.keys(changes).length;
  const problemCount = parseErrors.size + [...problems.entries()].filter(([field]) => !parseErrors.has(field)).length;
  const canSave = !readOnly && changedCount > 0 && problemCount === 0;

  const edit = (field: string, value: string | boolean): void => setDraft((d) => ({ ...d, [field]: value }));
  const revert = (field: string): void =>
    setDraft((d) => Object.fromEntries(Object.entries(d).filter(([name]) => name !== field)));

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (canSave) onSave(changes);
  };

  const many = features.length > 1;
  const first = features[0];
  const firstName = first.properties?.name;
  const what = t(`forms.count.${layer}`, { n: formatNumber(lang, features.length) });
  const flags = fields.filter((f) => f.kind === 'boolean');
  const others = fields.filter((f) => f.kind !== 'boolean');

  const fieldProps = (field: AttributeField): FieldProps => ({
    field,
    id: `${baseId}-${field.name}`,
    state: current.get(field.name) ?? { mixed: false, value: null },
    draft: Object.hasOwn(draft, field.name) ? draft[field.name] : undefined,
    edited: Object.hasOwn(changes, field.name) || parseErrors.has(field.name),
    error: errorTexts(field.name, parseErrors, problems, lang, t),
    disabled: readOnly,
    lang,
    t,
    onEdit: (value) => edit(field.name, value),
    onRevert: () => revert(field.name),
  });

  return (
    <form className="attribute-form" data-testid="attribute-form" onSubmit={submit} noValidate>
      <header className="af-head">
        <h3 className="af-title">
          {many
            ? t(readOnly ? 'forms.heading.bulkReadOnly' : 'forms.heading.bulk', { what })
            : typeof firstName === 'string' && firstName.trim() !== ''
              ? firstName
              : first.id}
        </h3>
        <p className="af-subtitle">
          {many ? null : t('forms.heading.subtitle', { layer: t(`forms.layer.${layer}`), id: first.id })}
          {readOnly ? <span className="af-badge">{t('forms.readOnly')}</span> : null}
        </p>
      </header>

      {areaM2 === undefined ? null : <AreaFigures areaM2={areaM2} total={many} lang={lang} t={t} />}

      <div className="af-fields">
        {others.map((field) => (
          <FieldRow key={field.name} {...fieldProps(field)} />
        ))}
      </div>
      {flags.length > 0 ? (
        <div className="af-flags">
          {flags.map((field) => (
            <FlagField key={field.name} {...fieldProps(field)} />
          ))}
        </div>
      ) : null}

      <footer className="af-foot">
        <span className={problemCount > 0 ? 'af-status af-status-bad' : 'af-status'} aria-live="polite">
          {problemCount > 0
            ? t('forms.problems', { n: problemCount })
            : changedCount > 0
              ? t('forms.changed', { n: changedCount })
              : readOnly
                ? ''
                : t('forms.unchanged')}
        </span>
        <button type="button" className="af-button" data-testid="attribute-cancel" onClick={onCancel}>
          {t(readOnly ? 'forms.close' : 'forms.cancel')}
        </button>
        {readOnly ? null : (
          <button type="submit" className="af-button af-primary" data-testid="attribute-save" disabled={!canSave}>
            {many ? t('forms.saveMany', { n: formatNumber(lang, features.length) }) : t('forms.save')}
          </button>
        )}
      </footer>
    </form>
  );
}

// --- state ---------------------------------------------------------------------------------

function collectChanges(
  fields: readonly AttributeField[],
  draft: Draft,
  current: ReadonlyMap<string, BulkValue>,
): { changes: Record<string, unknown | null>; parseErrors: ReadonlyMap<string, Bilingual> } {
  const changes: Record<string, unknown | null> = {};
  const parseErrors = new Map<string, Bilingual>();
  for (const field of fields) {
    if (!Object.hasOwn(draft, field.name)) continue;
    const typed = draft[field.name];
    let value: unknown;
    if (typeof typed === 'boolean') {
      value = typed;
    } else {
      const parsed = parseFieldInput(field, typed);
      if ('error' in parsed) {
        parseErrors.set(field.name, parsed.error);
        continue;
      }
      value = parsed.value;
    }
    const was = current.get(field.name);
    if (was !== undefined && !was.mixed && sameValue(was.value, value)) continue; // typed back what was there
    changes[field.name] = value;
  }
  return { changes, parseErrors };
}

/** The schema's problems of every feature as it would be saved, by field. */
function problemsByField(
  layer: LayerName,
  features: readonly ApiFeature[],
  changes: Readonly<Record<string, unknown | null>>,
): ReadonlyMap<string, AttributeProblem[]> {
  const byField = new Map<string, AttributeProblem[]>();
  for (const feature of features) {
    for (const problem of attributeProblems(layer, { ...(feature.properties ?? {}), ...changes })) {
      const list = byField.get(problem.field);
      if (list) list.push(problem);
      else byField.set(problem.field, [problem]);
    }
  }
  return byField;
}

/** The messages to show under a field: what could not be read, else the schema's distinct problems. */
function errorTexts(
  field: string,
  parseErrors: ReadonlyMap<string, Bilingual>,
  problems: ReadonlyMap<string, AttributeProblem[]>,
  lang: Lang,
  t: Translate,
): string[] {
  const parseError = parseErrors.get(field);
  if (parseError) return [lang === 'en' ? parseError.en : parseError.zh];
  const messages = [...new Set((problems.get(field) ?? []).map((p) => (lang === 'en' ? p.message : p.messageZh)))];
  if (messages.length <= PROBLEMS_SHOWN) return messages;
  return [...messages.slice(0, PROBLEMS_SHOWN), t('forms.moreProblems', { n: messages.length - PROBLEMS_SHOWN })];
}

// --- fields --------------------------------------------------------------------------------

interface FieldProps {
  field: AttributeField;
  id: string;
  state: BulkValue;
  /** what was typed, or undefined while untouched */
  draft: string | boolean | undefined;
  /** differs from what is stored, or cannot be read */
  edited: boolean;
  error: string[];
  disabled: boolean;
  lang: Lang;
  t: Translate;
  onEdit(value: string | boolean): void;
  onRevert(): void;
}

function labelText(field: AttributeField, lang: Lang, t: Translate): string {
  const label = displayLabel(field.label, lang);
  if (!field.unit) return label;
  return t('forms.labelWithUnit', { label, unit: lang === 'en' ? field.unit.en : field.unit.zh });
}

function FieldRow(props: FieldProps) {
  const { field, id, edited, error, disabled, lang, t, onRevert } = props;
  const label = labelText(field, lang, t);
  return (
    <div className={error.length > 0 ? 'af-row af-row-bad' : 'af-row'}>
      <label className="af-label" htmlFor={id}>
        {label}
        {field.required ? (
          <abbr className="af-required" title={t('forms.required')}>
            *
          </abbr>
        ) : null}
      </label>
      <div className="af-control">
        <FieldInput {...props} />
        {edited && !disabled ? <RevertButton label={label} t={t} onRevert={onRevert} /> : null}
      </div>
      <FieldErrors id={id} name={field.name} error={error} />
    </div>
  );
}

function RevertButton({ label, t, onRevert }: { label: string; t: Translate; onRevert(): void }) {
  const text = t('forms.revert', { field: label });
  return (
    <button type="button" className="af-revert" title={text} aria-label={text} onClick={onRevert}>
      ↺
    </button>
  );
}

function FieldErrors({ id, name, error }: { id: string; name: string; error: string[] }) {
  if (error.length === 0) return null;
  return (
    <ul className="af-error" id={`${id}-error`} data-testid={`field-error-${name}`}>
      {error.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

function FieldInput(props: FieldProps) {
  const { field, id, state, draft, error, disabled, t, onEdit } = props;
  const shown = typeof draft === 'string' ? draft : state.mixed ? '' : formatFieldValue(state.value);
  const common = {
    id,
    name: field.name,
    'data-testid': `field-${field.name}`,
    disabled,
    'aria-invalid': error.length > 0,
    'aria-describedby': error.length > 0 ? `${id}-error` : undefined,
    'aria-required': field.required,
  };
  const placeholder =
    draft === undefined
      ? state.mixed
        ? t('forms.mixed')
        : undefined
      : draft === '' && (state.mixed || formatFieldValue(state.value) !== '')
        ? t('forms.cleared')
        : undefined;

  switch (field.kind) {
    case 'enum':
      return <EnumSelect {...props} common={common} />;
    case 'landUse':
      return <LandUsePicker {...props} common={common} shown={shown} placeholder={placeholder} />;
    case 'number':
    case 'integer':
      return (
        <input
          {...common}
          className="af-input af-number"
          type="text"
          inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
          autoComplete="off"
          value={shown}
          placeholder={placeholder ?? field.example}
          onChange={(e) => onEdit(e.target.value)}
        />
      );
    default:
      if (field.multiline) {
        return (
          <textarea
            {...common}
            className="af-input af-textarea"
            rows={2}
            value={shown}
            placeholder={placeholder}
            onChange={(e) => onEdit(e.target.value)}
          />
        );
      }
      return (
        <input
          {...common}
          className="af-input"
          type="text"
          autoComplete="off"
          value={shown}
          placeholder={placeholder ?? (field.kind === 'list' ? t('forms.listHint') : undefined)}
          title={field.kind === 'list' ? t('forms.listHint') : undefined}
          onChange={(e) => onEdit(e.target.value)}
        />
      );
  }
}

type CommonInputProps = {
  id: string;
  name: string;
  'data-testid': string;
  disabled: boolean;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
  'aria-required': boolean;
};

function EnumSelect({ field, state, draft, t, onEdit, onRevert, common }: FieldProps & { common: CommonInputProps }) {
  const options = field.options ?? [];
  const value = typeof draft === 'string' ? draft : state.mixed ? MIXED_OPTION : formatFieldValue(state.value);
  const optionLabel = (option: string): string => {
    const key = field.enumName ? optionKey(field.enumName, option) : undefined;
    return key ? t(key) : option;
  };
  return (
    <select
      {...common}
      className="af-input af-select"
      value={value}
      onChange={(e) => (e.target.value === MIXED_OPTION ? onRevert() : onEdit(e.target.value))}
    >
      {state.mixed ? <option value={MIXED_OPTION}>{`— ${t('forms.mixed')} —`}</option> : null}
      <option value="">{t(field.required ? 'forms.choose' : 'forms.none')}</option>
      {value !== '' && value !== MIXED_OPTION && !options.includes(value) ? (
        <option value={value}>{t('forms.invalidOption', { value })}</option>
      ) : null}
      {options.map((option) => (
        <option key={option} value={option}>
          {optionLabel(option)}
        </option>
      ))}
    </select>
  );
}

function FlagField(props: FieldProps) {
  const { field, id, state, draft, edited, error, disabled, lang, t, onEdit, onRevert } = props;
  const ref = useRef<HTMLInputElement>(null);
  const indeterminate = state.mixed && draft === undefined;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  const label = labelText(field, lang, t);
  return (
    <div className={error.length > 0 ? 'af-flag af-row-bad' : 'af-flag'}>
      <label className="af-flag-label" htmlFor={id}>
        <input
          ref={ref}
          id={id}
          name={field.name}
          type="checkbox"
          data-testid={`field-${field.name}`}
          checked={typeof draft === 'boolean' ? draft : !state.mixed && state.value === true}
          aria-checked={indeterminate ? 'mixed' : undefined}
          aria-invalid={error.length > 0}
          aria-describedby={error.length > 0 ? `${id}-error` : undefined}
          disabled={disabled}
          onChange={(e) => onEdit(e.target.checked)}
        />
        <span>{label}</span>
        {indeterminate ? <span className="af-mixed">{t('forms.mixed')}</span> : null}
      </label>
      {edited && !disabled ? <RevertButton label={label} t={t} onRevert={onRevert} /> : null}
      <FieldErrors id={id} name={field.name} error={error} />
    </div>
  );
}

/** A combobox over the land-use tables: type a code or a name, pick from the grouped list. */
function LandUsePicker({
  id,
  draft,
  lang,
  t,
  onEdit,
  common,
  shown,
  placeholder,
}: FieldProps & { common: CommonInputProps; shown: string; placeholder: string | undefined }) {
  const [open, setOpen] = useState(false);
  /** typed since focus: filter by the text; otherwise list everything around the current code */
  const [typed, setTyped] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `${id}-list`;

  const groups = useMemo(() => searchLandUse(typed ? shown : ''), [typed, shown]);
  const flat = useMemo(() => groups.flatMap((g) => g.codes), [groups]);
  const all = useMemo(() => searchLandUse('').flatMap((g) => g.codes), []);
  const resolved = landUseCode(shown.trim().split(/\s+/)[0] ?? '');

  useEffect(() => {
    if (!open || active < 0) return;
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, listId]);

  const openList = (): void => {
    setOpen(true);
    setTyped(false);
    setActive(resolved ? all.findIndex((c) => c.code === resolved.code) : -1);
  };
  const pick = (code: string): void => {
    onEdit(code);
    setTyped(false);
    setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return openList();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.max(0, Math.min(flat.length - 1, i + step)));
    } else if (e.key === 'Enter' && open && active >= 0 && active < flat.length) {
      e.preventDefault();
      pick(flat[active].code);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  let index = -1;
  return (
    <div className="af-combo">
      <input
        {...common}
        className="af-input"
        type="text"
        role="combobox"
        autoComplete="off"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        value={shown}
        placeholder={placeholder ?? t('forms.landUse.placeholder')}
        onFocus={(e) => {
          e.target.select();
          if (!common.disabled) openList();
        }}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          onEdit(e.target.value);
          setTyped(true);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {resolved && shown.trim() !== '' ? (
        <span className="af-hint">{lang === 'en' ? resolved.en : resolved.zh}</span>
      ) : draft === undefined ? null : shown.trim() === '' ? null : (
        <span className="af-hint">{t('forms.landUse.unknown')}</span>
      )}
      {open ? (
        <ul className="af-combo-list" id={listId} role="listbox">
          {flat.length === 0 ? <li className="af-combo-empty">{t('forms.landUse.noMatch')}</li> : null}
          {groups.map((group) => (
            <li key={group.system} role="presentation">
              <div className="af-combo-group" aria-hidden="true">
                {t(`forms.landUse.system.${group.system}`)}
              </div>
              <ul role="group" aria-label={t(`forms.landUse.system.${group.system}`)}>
                {group.codes.map((code) => {
                  index += 1;
                  const i = index;
                  return (
                    <li
                      key={code.code}
                      id={`${listId}-${i}`}
                      role="option"
                      aria-selected={i === active}
                      className={i === active ? 'af-combo-option af-combo-active' : 'af-combo-option'}
                      onMouseDown={(e) => e.preventDefault()}
                      onMouseEnter={() => setActive(i)}
                      onClick={() => pick(code.code)}
                    >
                      <span className="af-code">{code.code}</span>
                      <span>{code.zh}</span>
                      {lang === 'en' ? <span className="af-en">{code.en}</span> : null}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function AreaFigures({ areaM2, total, lang, t }: { areaM2: number; total: boolean; lang: Lang; t: Translate }) {
  return (
    <dl className="af-area">
      <dt>{t(total ? 'forms.areaTotal' : 'forms.area')}</dt>
      <dd data-testid="attribute-area">
        <span>{t('forms.area.mu', { n: formatNumber(lang, fromSquareMetres(areaM2, 'mu'), 2) })}</span>
        <span>{t('forms.area.m2', { n: formatNumber(lang, areaM2, 0) })}</span>
        <span>{t('forms.area.ha', { n: formatNumber(lang, fromSquareMetres(areaM2, 'ha'), 4) })}</span>
      </dd>
    </dl>
  );
}
