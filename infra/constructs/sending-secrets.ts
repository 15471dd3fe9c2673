import { CfnOutput, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { senderSecretSettings } from '../../shared/config/function-bindings';
import { unsetSecretPlaceholder } from '../../shared/secrets/secret-source';

/**
 * One Secrets Manager secret per secret setting of the senders (`TELEGRAM_BOT_TOKEN`, ...) that the
 * receivers have not already made: a setting both read (`TWILIO_AUTH_TOKEN`, `WECHAT_APP_ID`) is one
 * secret, the receivers'. Each is created holding the placeholder the receivers' secrets hold (the
 * senders read it as "not configured"), retained with the stack, its ARN an output. Which function
 * reads which secret is its binding's to say: the two sending functions read these.
 *
 * @example
 * const sending = addSendingSecrets(this, receivers.secrets);
 * functions.bindAll({ secrets: { ...receivers.secrets, ...sending }, ... }, alarms.topic);
 */
export function addSendingSecrets(
  scope: Construct,
  existing: Readonly<Record<string, ISecret>>,
): Record<string, Secret> {
  const secrets: Record<string, Secret> = {};
  for (const setting of senderSecretSettings) {
    if (existing[setting]) continue;
    secrets[setting] = new Secret(scope, `sending-${setting}`, {
      description: `Rapport sending ${setting}. Replace ${unsetSecretPlaceholder} with the platform's value.`,
      secretStringValue: SecretValue.unsafePlainText(unsetSecretPlaceholder),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(scope, `${setting.replaceAll('_', '')}Arn`, { value: secrets[setting].secretArn });
  }
  return secrets;
}
