import { existsSync } from 'node:fs';
import { sendPlatformRequest } from '../helpers/channel-traffic';
import { demoScenario } from '../helpers/demo-scenario';

/**
 * `npm run demo`: sends a realistic stream of correctly signed webhooks from every channel to a
 * running `npm start` (same `.env`), then shows Ana, the shopper who used several channels.
 */
async function main() {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const baseUrl = process.env.RAPPORT_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  try {
    await fetch(`${baseUrl}/health`);
  } catch {
    process.stderr.write(
      `Nothing answers on ${baseUrl}. Start Rapport first (npm start), with the same .env.\n`,
    );
    process.exit(1);
  }
  let surprises = 0;
  for (const step of demoScenario(process.env, publicBaseUrl, new Date())) {
    const { status, body } = await sendPlatformRequest(baseUrl, step);
    const ok = status === step.expect;
    if (!ok) surprises += 1;
    const note =
      status === 404
        ? '  (channel not configured: set its secrets in .env)'
        : ok
          ? ''
          : `  (expected ${step.expect})`;
    process.stdout.write(
      `${ok ? '✓' : '✗'} ${String(status).padEnd(4)} ${step.label}${note}  ${body.slice(0, 80)}\n`,
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const token = process.env.RAPPORT_API_TOKEN;
  if (token) {
    const response = await fetch(`${baseUrl}/api/customers?identity=phone:%2B14155550123`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      process.stdout.write(
        `\nThe API answered ${response.status} (is RAPPORT_API_TOKEN the token npm start printed?): ${await response.text()}\n`,
      );
      process.exit(1);
    }
    const page = (await response.json()) as { items: unknown[] };
    process.stdout.write(
      `\nAna as Rapport sees her (Shopify + WhatsApp + SMS):\n${JSON.stringify(page.items[0], null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      '\nSet RAPPORT_API_TOKEN (in .env, for both commands) to see the customers through the API.\n',
    );
  }
  process.stdout.write(
    `\n${surprises === 0 ? 'Every request was answered as expected.' : `${surprises} answers differed from what was expected.`}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${String(error)}\n`);
  process.exit(1);
});
