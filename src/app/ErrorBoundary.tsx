// The last line of defence: an unexpected error in the UI shows what happened and a way
// back, instead of a blank page. Edits already stored on the server are not affected.
import { Component, type ReactNode } from 'react';
import { translate, getLang } from './i18n';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const lang = getLang();
    return (
      <div className="notice notice-error crash" role="alert" data-testid="crash">
        <p>{translate(lang, 'app.crashed', { message: error.message })}</p>
        <button type="button" onClick={() => location.reload()}>
          {translate(lang, 'app.reload')}
        </button>
      </div>
    );
  }
}
