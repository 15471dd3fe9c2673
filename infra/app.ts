import { App } from 'aws-cdk-lib';
import { addRapport } from './add-rapport';

addRapport(new App(), {
  baseCurrency: process.env.BASE_CURRENCY ?? 'USD',
  ...(process.env.CURRENCY_RATES ? { currencyRates: process.env.CURRENCY_RATES } : {}),
});
