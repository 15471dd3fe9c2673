import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeNagFindings } from './nag-suppressions';
import { RapportStack, type RapportStackProps } from './rapport-stack';
import { allowUnlistedRegionContext, assertRegionSupported } from './region-support';

/**
 * Adds the Rapport stack to an app with cdk-nag's AwsSolutions checks and the acknowledged
 * findings: the same composition for `cdk synth` and the infra tests.
 *
 * @example
 * const stack = addRapport(new App(), { baseCurrency: 'USD' });
 */
export function addRapport(
  app: App,
  options: Pick<
    RapportStackProps,
    | 'currencyRates'
    | 'alarmEmail'
    | 'sharedIdentities'
    | 'defaultPhoneRegion'
    | 'alertEmailFrom'
    | 'sesConfigurationSet'
    | 'whatsappPhoneNumberId'
    | 'twilioAccountSid'
    | 'twilioFrom'
    | 'messageEmailFrom'
    | 'messengerHumanAgent'
    | 'publicBaseUrl'
  > & { baseCurrency: string },
): RapportStack {
  // The CLI hands the app the user's region (CDK_DEFAULT_REGION): refuse one that lacks a service
  // now, with its name, rather than half-way through `cdk deploy`.
  const region = process.env.CDK_DEFAULT_REGION;
  assertRegionSupported(region, {
    allowUnlisted: String(app.node.tryGetContext(allowUnlistedRegionContext)) === 'true',
  });
  const stack = new RapportStack(app, 'Rapport', {
    baseCurrency: options.baseCurrency,
    ...(options.currencyRates ? { currencyRates: options.currencyRates } : {}),
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
    ...(options.sharedIdentities ? { sharedIdentities: options.sharedIdentities } : {}),
    ...(options.defaultPhoneRegion ? { defaultPhoneRegion: options.defaultPhoneRegion } : {}),
    ...(options.alertEmailFrom ? { alertEmailFrom: options.alertEmailFrom } : {}),
    ...(options.sesConfigurationSet ? { sesConfigurationSet: options.sesConfigurationSet } : {}),
    ...(options.whatsappPhoneNumberId ? { whatsappPhoneNumberId: options.whatsappPhoneNumberId } : {}),
    ...(options.twilioAccountSid ? { twilioAccountSid: options.twilioAccountSid } : {}),
    ...(options.twilioFrom ? { twilioFrom: options.twilioFrom } : {}),
    ...(options.messageEmailFrom ? { messageEmailFrom: options.messageEmailFrom } : {}),
    ...(options.messengerHumanAgent ? { messengerHumanAgent: true } : {}),
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
  });
  acknowledgeNagFindings(stack, stack.table);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
