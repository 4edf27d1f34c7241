import { actionContextOf } from '../../domain/queries';
import type { ActionRow } from './case';
import { actionRows } from './case';
import type { CaseView, FormBase } from './caseView';
import { formBase } from './caseView';
import type { Toggle } from './parts';
import type { AdaptiveCard } from './render';
import { renderCard } from './render';

export interface ActionDoneData extends FormBase {
  title: string;
  items: ActionRow[];
  empty: Toggle;
}

export function actionDoneData(view: CaseView): ActionDoneData {
  const { state } = view;
  const context = actionContextOf(state) ?? (state.actions.some((a) => a.context === 'review') ? 'review' : 'improvement');
  const rows = actionRows(view, context).sort((a, b) => Number(a.done) - Number(b.done));
  return {
    ...formBase(view),
    title: context === 'improvement' ? 'Improvement actions' : 'Actions for the review period',
    items: rows,
    empty: { on: rows.length === 0, text: 'There are no actions on this case.' },
  };
}

export function actionDoneCard(view: CaseView): AdaptiveCard {
  return renderCard('action-done', actionDoneData(view));
}
