// Edit problems in the user's language, with where they are.
import type { EditProblem } from '../../domain/geometry/edit';
import type { GeometryProblem } from '../../domain/geometry/validity';
import type { Lang, Translate } from '../i18n';

const where = (at: readonly number[] | undefined): string => (at ? ` (${at[0].toFixed(6)}, ${at[1].toFixed(6)})` : '');

export function editProblemText(t: Translate, problem: EditProblem): string {
  return t(`editor.problem.${problem.code}`) + where(problem.where);
}

export function geometryProblemText(lang: Lang, problem: GeometryProblem): string {
  return lang === 'en' ? problem.message : problem.messageZh;
}
