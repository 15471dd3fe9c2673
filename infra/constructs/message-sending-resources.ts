import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The SES resources a message-sending function may send from, as ARNs of the stack's own account
 * and region: the identity of `MESSAGE_EMAIL_FROM` (the address itself and its domain, since SES
 * authorizes a send against whichever of the two the operator verified) and the configuration
 * set `SES_CONFIGURATION_SET` names, if any. Unlike alerts, whose senders marketers choose at run
 * time, the sender of customer messages is known at deploy time, so nothing here is a wildcard.
 * With no `MESSAGE_EMAIL_FROM` there is nothing to send from (email replies fail as not
 * configured) and the list is empty.
 *
 * @example
 * messageSendingResources(stack, { from: 'Shop <care@shop.example>', configurationSet: '' });
 * // [arn:…:ses:<region>:<account>:identity/care@shop.example, arn:…:identity/shop.example]
 */
export function messageSendingResources(
  scope: IConstruct,
  settings: { from: string; configurationSet: string },
): string[] {
  const stack = Stack.of(scope);
  const identities = sesIdentitiesOf(settings.from);
  if (identities.length === 0) return [];
  return [
    ...identities.map((identity) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
    ),
    ...(settings.configurationSet
      ? [
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: settings.configurationSet,
          }),
        ]
      : []),
  ];
}

/**
 * The SES identities a sender address may be verified as: the address and its domain
 * (`Shop <care@shop.example>` → `care@shop.example`, `shop.example`); a bare domain is itself.
 *
 * @example
 * sesIdentitiesOf('care@shop.example'); // ['care@shop.example', 'shop.example']
 */
export function sesIdentitiesOf(from: string): string[] {
  const address = (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
  if (address === '') return [];
  const at = address.lastIndexOf('@');
  if (at < 0) return [address];
  return [address, address.slice(at + 1)];
}
