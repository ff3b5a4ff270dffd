// The editor's toolbar: tools (with their shortcut in the tooltip), the tier a new park
// gets, the actions on the selection, and undo/redo.
import { PARK_TIERS, type ParkTier } from '../../domain/schema/kinds';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { TOOL_ORDER, TOOLS, type Tool } from './tools';

interface ToolbarProps {
  tool: Tool;
  onTool(tool: Tool): void;
  tier: ParkTier;
  onTier(tier: ParkTier): void;
  canEdit: boolean;
  selectedCount: number;
  canUndo: boolean;
  canRedo: boolean;
  busy: boolean;
  tableOpen: boolean;
  onMerge(): void;
  onDelete(): void;
  onUndo(): void;
  onRedo(): void;
  onTable(): void;
  onImport(): void;
}

const EDITING_TOOLS: ReadonlySet<Tool> = new Set(['draw-parcel', 'draw-park', 'draw-zone', 'reshape', 'split', 'hole']);

export function Toolbar(props: ToolbarProps) {
  const { t } = useI18n();
  const button = (id: string, label: MessageKey, shortcut: string, onClick: () => void, options: { active?: boolean; disabled?: boolean } = {}) => (
    <button
      type="button"
      key={id}
      className={`tool${options.active ? ' tool-active' : ''}`}
      data-testid={id}
      aria-pressed={options.active}
      disabled={options.disabled}
      title={t('editor.tooltip', { label: t(label), shortcut })}
      onClick={onClick}
    >
      {t(label)}
    </button>
  );
  return (
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
      <div className="tool-group">
        {TOOL_ORDER.map((tool) =>
          button(`tool-${tool}`, `editor.tool.${tool}`, TOOLS[tool].key.toUpperCase(), () => props.onTool(tool), {
            active: props.tool === tool,
            disabled: !props.canEdit && EDITING_TOOLS.has(tool),
          }),
        )}
        <label className="tier-field" title={t('editor.tierTitle')}>
          <span>{t('editor.tier')}</span>
          <select data-testid="draw-tier" value={props.tier} onChange={(e) => props.onTier(e.target.value as ParkTier)}>
            {PARK_TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {t(`editor.tierName.${tier}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="tool-group">
        {button('action-merge', 'editor.action.merge', 'M', props.onMerge, { disabled: !props.canEdit || props.selectedCount < 2 || props.busy })}
        {button('action-delete', 'editor.action.delete', 'Delete', props.onDelete, { disabled: !props.canEdit || props.selectedCount === 0 || props.busy })}
        {button('action-undo', 'editor.action.undo', 'Ctrl+Z', props.onUndo, { disabled: !props.canUndo || props.busy })}
        {button('action-redo', 'editor.action.redo', 'Ctrl+Shift+Z', props.onRedo, { disabled: !props.canRedo || props.busy })}
        {button('action-table', 'editor.action.table', 'T', props.onTable, { active: props.tableOpen })}
        {button('action-import', 'editor.action.import', 'I', props.onImport, { disabled: !props.canEdit })}
      </div>
    </div>
  );
}
