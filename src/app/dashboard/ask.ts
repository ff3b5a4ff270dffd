// Questions to the report worker, typed by their kind: the answer of a 'features' query
// is a FeaturesAnswer, and so on.
import type { Lang as AppLang } from '../i18n';
import type { AnswerOf, ReportLang, WorkerAnswer, WorkerQuery } from '../worker/messages';

export type Ask = <Q extends WorkerQuery>(query: Q) => Promise<AnswerOf<Q['kind']>>;

export function asker(query: (q: WorkerQuery) => Promise<WorkerAnswer>): Ask {
  return async <Q extends WorkerQuery>(q: Q): Promise<AnswerOf<Q['kind']>> => {
    const answer = await query(q);
    if (answer.kind !== q.kind) throw new Error(`the report worker answered a ${q.kind} query with ${answer.kind}`);
    return answer as AnswerOf<Q['kind']>;
  };
}

/** The worker's language for the app's. */
export const reportLang = (lang: AppLang): ReportLang => (lang === 'en' ? 'en' : 'zh');

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
