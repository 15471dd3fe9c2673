import { cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LocaleProvider } from '../i18n/locale';
import { PagedTable } from './paged-table';
import { usePager } from './pager';

afterEach(cleanup);

const rows = (
  <tr>
    <td>Ada</td>
  </tr>
);

describe('PagedTable', () => {
  it('heads each column and leaves out a column given as false', () => {
    render(<PagedTable columns={['Name', false, 'Status']}>{rows}</PagedTable>);

    expect(screen.getAllByRole('columnheader').map((head) => head.textContent)).toEqual(['Name', 'Status']);
    expect(screen.getByRole('cell', { name: 'Ada' })).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('shows the pager only when there is another page, and turns to it', () => {
    const { result } = renderHook(() => usePager());
    const { rerender } = render(
      <LocaleProvider>
        <PagedTable columns={['Name']} pager={result.current} nextCursor={null}>
          {rows}
        </PagedTable>
      </LocaleProvider>,
    );
    expect(screen.queryByRole('navigation', { name: 'Pages' })).toBeNull();

    rerender(
      <LocaleProvider>
        <PagedTable columns={['Name']} pager={result.current} nextCursor="cursor-2">
          {rows}
        </PagedTable>
      </LocaleProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));

    expect(result.current.cursor).toBe('cursor-2');
    expect(result.current.page).toBe(2);
  });
});
