// What the report worker could not do, with the input problems it found (which file,
// feature and field, and what is wrong), at most SHOWN_PROBLEMS of them.
import { useI18n } from '../i18n';
import { interpolateNodes } from '../i18n/nodes';
import type { ErrorMessage } from '../worker/messages';

const SHOWN_PROBLEMS = 20;

export function ErrorBody({ error }: { error: ErrorMessage }) {
  const { t } = useI18n();
  const heading = error.kind === 'input' ? t('report.error.input', { n: error.problemCount }) : t(`report.error.${error.kind}`);
  const listed = error.problems.slice(0, SHOWN_PROBLEMS);
  const more = error.problemCount - listed.length;
  return (
    <div className="panel-message panel-error" role="alert" data-testid="report-error">
      <p className="error-heading">{t('report.error', { message: heading })}</p>
      {listed.length > 0 ? (
        <ul className="problem-list">
          {listed.map((p, i) => (
            <li key={i}>
              {interpolateNodes(t('report.problem'), {
                where: <code>{[p.file, p.feature, p.field].filter((part) => part).join(' ')}</code>,
                message: p.message,
              })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="error-detail">{error.message}</p>
      )}
      {more > 0 ? <p className="error-detail">{t('report.error.more', { n: more })}</p> : null}
    </div>
  );
}
