import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LocaleProvider } from '../i18n/locale';
import { AsyncView } from './async-view';

afterEach(cleanup);

const view = (state: Parameters<typeof AsyncView<string[]>>[0]['state']) =>
  render(
    <LocaleProvider>
      <AsyncView state={state} isEmpty={(items) => items.length === 0} empty="Nothing here.">
        {(items) => (
          <ul>
            {items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        )}
      </AsyncView>
    </LocaleProvider>,
  );

describe('AsyncView', () => {
  it('announces loading', () => {
    view({ status: 'loading' });
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('shows an error as an alert with its message', () => {
    view({ status: 'error', message: 'HTTP 500' });
    expect(screen.getByRole('alert').textContent).toBe('Could not load: HTTP 500');
  });

  it('shows the empty state, then the items', () => {
    const { unmount } = view({ status: 'ready', data: [], refreshing: false });
    expect(screen.getByText('Nothing here.')).toBeTruthy();
    unmount();
    view({ status: 'ready', data: ['a', 'b'], refreshing: false });
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['a', 'b']);
  });

  it('speaks Chinese when chosen', () => {
    localStorage.setItem('rapport.locale', 'zh');
    view({ status: 'loading' });
    expect(screen.getByRole('status').textContent).toBe('加载中…');
    localStorage.clear();
  });
});
