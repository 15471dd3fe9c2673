import type { ReactNode } from 'react';
import { type Pager, PagerControls } from './pager';

/**
 * A table of rows under its column heads, scrolling sideways on a narrow screen, with the previous
 * and next page buttons under it when it is paged (given a pager).
 *
 * @example
 * <PagedTable columns={[t('Name'), isAdmin && t('Actions')]} pager={pager} nextCursor={page.cursor}>
 *   {page.items.map((rule) => <tr key={rule.id}>…</tr>)}
 * </PagedTable>
 */
export function PagedTable({
  columns,
  pager,
  nextCursor,
  children,
}: {
  /** The column heads; `false` leaves a column out (one only admins see). */
  columns: ReadonlyArray<string | false>;
  pager?: Pager | undefined;
  nextCursor?: string | null | undefined;
  children: ReactNode;
}) {
  return (
    <>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map((column) =>
                column === false ? null : (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
      {pager ? <PagerControls pager={pager} nextCursor={nextCursor} /> : null}
    </>
  );
}
