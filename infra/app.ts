import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeNagFindings } from './nag-suppressions';
import { RapportStack } from './rapport-stack';

const app = new App();
const stack = new RapportStack(app, 'Rapport', {
  baseCurrency: process.env.BASE_CURRENCY ?? 'USD',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
acknowledgeNagFindings(stack, stack.table);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
