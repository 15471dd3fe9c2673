import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The resources an alert-sending function may use, as ARNs of the stack's own account and
 * region. Destinations are chosen by marketers at run time: any topic of this account, and SES
 * identities and configuration sets of this account (SES itself refuses an unverified sender).
 * The grants and their cdk-nag acknowledgements are both built from here, so that they name the
 * same ARN whether the stack is environment-agnostic or (as under the CDK CLI) has a concrete
 * account and region.
 *
 * @example
 * const { snsTopics } = alertSendingResources(Stack.of(fn));
 */
export function alertSendingResources(scope: IConstruct): {
  snsTopics: string;
  sesIdentities: string;
  sesConfigurationSets: string;
} {
  const stack = Stack.of(scope);
  return {
    snsTopics: stack.formatArn({ service: 'sns', resource: '*' }),
    sesIdentities: stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
    sesConfigurationSets: stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: '*',
    }),
  };
}
