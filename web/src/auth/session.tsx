import { createContext, useContext } from 'react';
import { type ApiSession, api } from '../api/client';
import type { Caller } from '../api/types';

/** The signed-in caller: their session and role. */
export interface Session {
  api: ApiSession;
  caller: Caller;
}

export const SessionContext = createContext<Session | undefined>(undefined);

/**
 * The signed-in session: `call` reaches the API with its token, `isAdmin` says whether editing
 * controls are shown and `canAnswer` whether conversation controls are (an agent or an admin; the
 * API refuses a viewer's change with 403 regardless); `me` is the caller as an assignee.
 *
 * @example
 * const { call, isAdmin, canAnswer, me } = useSession();
 */
export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return {
    caller: session.caller,
    isAdmin: session.caller.role === 'admin',
    canAnswer: session.caller.role === 'admin' || session.caller.role === 'agent',
    me: session.caller.subject,
    call: <T,>(method: string, path: string, body?: unknown) => api<T>(session.api, method, path, body),
    /** Downloads an API answer (a CSV export) as a file, with the token. */
    download: async (path: string, filename: string) => {
      const response = await fetch(`${session.api.apiUrl}${path}`, {
        headers: { authorization: `Bearer ${session.api.token}` },
      });
      if (response.status === 401) session.api.onUnauthorized();
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await response.blob());
      link.download = filename;
      link.click();
      URL.revokeObjectURL(link.href);
    },
  };
}
