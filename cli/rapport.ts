import { readFileSync } from 'node:fs';
import { awsStack } from './aws-stack';
import { UsageError } from './channel-secret-input';
import type { DeployedStack } from './deployed-stack';
import { localProject } from './local-project';
import { redrive } from './redrive-command';
import { setSecrets } from './secrets-command';
import {
  addStackUser,
  redriveStack,
  setStackSecrets,
  stackStatus,
  stackStatusText,
  stackUrls,
} from './stack-commands';
import { localStatus, statusText } from './status-command';
import { urlsCommand } from './urls-command';

const usage = `Usage: npx rapport <command> [--stack <name>]

Without --stack, for the npm start host in this folder; with --stack, for a deployed stack (the
AWS credentials and region of your environment).

  urls                    each channel's webhook URL, the API and health
  secrets set <channel>   reads NAME=value lines on stdin into .env, or into the stack's secrets
  status                  channels configured and when each last stored a webhook, dead letters waiting (and the host, or alarms in ALARM)
  redrive                 dead-lettered events back to the function that failed on them
  users add <email> --role viewer|admin   a Cognito user, invited by email (--stack only)
`;

/**
 * The operator's command line: runs one command and answers with its exit code.
 *
 * @example
 * process.exitCode = await runCli(['urls'], process.cwd(), process.env, '');
 */
export async function runCli(
  argv: ReadonlyArray<string>,
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdin: () => string,
  out: (text: string) => void,
  stackFor: (name: string) => DeployedStack = awsStack,
): Promise<number> {
  const project = localProject(cwd, env);
  const { args, options } = parseArgs(argv);
  const [command, sub, channel] = args;
  try {
    if (options.stack) {
      const code = await runForStack(stackFor(options.stack), args, options, stdin, out);
      if (code !== undefined) return code;
      out(usage);
      return 64;
    }
    if (command === 'users')
      throw new UsageError('users add needs --stack <name> (users live in the stack’s Cognito pool)');
    if (command === 'urls') {
      out(`${urlsCommand(project)}\n`);
      return 0;
    }
    if (command === 'secrets' && sub === 'set' && channel) {
      const names = setSecrets(project, channel, stdin());
      out(`set ${names.join(', ')} in ${project.envFile}; restart npm start to use them\n`);
      return 0;
    }
    if (command === 'status') {
      const status = await localStatus(project);
      out(`${statusText(status)}\n`);
      return status.deadLetters.events + status.deadLetters.streamRecords > 0 ? 2 : 0;
    }
    if (command === 'redrive') {
      const result = await redrive(project);
      out(`redriven ${result.redriven}; failed again and kept ${result.failedAgain}\n`);
      return result.failedAgain > 0 ? 2 : 0;
    }
    out(usage);
    return command === undefined || command === 'help' || command === '--help' ? 0 : 64;
  } catch (error) {
    if (error instanceof UsageError) {
      out(`${error.message}\n`);
      return 64;
    }
    throw error;
  }
}

function parseArgs(argv: ReadonlyArray<string>) {
  const args: string[] = [];
  const options: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const value = argv[index] ?? '';
    if (value.startsWith('--') && value !== '--help') {
      options[value.slice(2)] = argv[index + 1] ?? '';
      index += 1;
    } else args.push(value);
  }
  return { args, options };
}

async function runForStack(
  stack: DeployedStack,
  [command, sub, target]: string[],
  options: Record<string, string>,
  stdin: () => string,
  out: (text: string) => void,
): Promise<number | undefined> {
  if (command === 'urls') {
    out(`${await stackUrls(stack)}\n`);
    return 0;
  }
  if (command === 'secrets' && sub === 'set' && target) {
    const names = await setStackSecrets(stack, target, stdin());
    out(`put ${names.join(', ')} into the stack's secrets; receivers read them within five minutes\n`);
    return 0;
  }
  if (command === 'status') {
    const status = await stackStatus(stack);
    out(`${stackStatusText(status)}\n`);
    const waiting = status.deadLetters.reduce((sum, entry) => sum + entry.messages, 0);
    return waiting > 0 || status.alarms.length > 0 ? 2 : 0;
  }
  if (command === 'redrive') {
    const result = await redriveStack(stack);
    out(
      `redriven ${result.redriven}; left in place ${result.notRedrivable} (stream batches: see docs/runbook.md)\n`,
    );
    return result.notRedrivable > 0 ? 2 : 0;
  }
  if (command === 'users' && sub === 'add' && target) {
    await addStackUser(stack, target, options.role ?? '');
    out(`invited ${target} as ${options.role}\n`);
    return 0;
  }
  return undefined;
}

if (process.argv[1]?.endsWith('rapport.ts') || process.argv[1]?.endsWith('rapport.mjs')) {
  process.exitCode = await runCli(
    process.argv.slice(2),
    process.cwd(),
    process.env,
    () => readFileSync(0, 'utf8'),
    (text) => process.stdout.write(text),
  );
}
