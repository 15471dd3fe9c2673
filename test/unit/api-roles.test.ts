import { describe, expect, it } from 'vitest';
import { roleOf, subjectOf } from '../../functions/serve-api/request-context';
import { apiOperations, type Role, roleAllows } from '../../shared/http/api-operations';
import { apiEvent } from '../helpers/shopify-requests';

/** The event the JWT authorizer hands over, with the groups claim as API Gateway writes it. */
const withGroups = (groups: string) => {
  const event = apiEvent('GET', '/api/me');
  (event.requestContext as unknown as { authorizer: unknown }).authorizer = {
    jwt: { claims: { sub: 'sub-1', 'cognito:groups': groups }, scopes: [] },
  };
  return event;
};

describe('roleAllows (viewer < agent < admin)', () => {
  it.each([
    ['viewer', 'viewer', true],
    ['viewer', 'agent', false],
    ['viewer', 'admin', false],
    ['agent', 'viewer', true],
    ['agent', 'agent', true],
    ['agent', 'admin', false],
    ['admin', 'viewer', true],
    ['admin', 'agent', true],
    ['admin', 'admin', true],
  ] as const)('a %s calling an operation for %s: %s', (role, least, allowed) => {
    expect(roleAllows(role as Role, least as Role)).toBe(allowed);
  });

  it('gives agents exactly the conversation changes beyond what viewers read', () => {
    const forAgents = Object.entries(apiOperations)
      .filter(([, operation]) => operation.role === 'agent')
      .map(([id]) => id)
      .sort();
    expect(forAgents).toEqual(['changeConversation', 'postConversationMessage']);
  });
});

describe('roleOf', () => {
  it.each([
    ['[admin]', 'admin'],
    ['[agent]', 'agent'],
    ['[viewer]', 'viewer'],
    ['[viewer agent]', 'agent'],
    ['[agent admin]', 'admin'],
    ['[]', undefined],
    ['[agents]', undefined],
  ])('reads %s as %s (the most a group allows)', (groups, role) => {
    expect(roleOf(withGroups(groups))).toBe(role);
  });

  it('names the caller by the token’s subject', () => {
    expect(subjectOf(withGroups('[agent]'))).toBe('sub-1');
  });
});
