import { readFileSync } from 'node:fs';
import { localProject } from './local-project';
import { redrive } from './redrive-command';
import { setSecrets, UsageError } from './secrets-command';
import { localStatus, statusText } from './status-command';
import { urlsCommand } from './urls-command';

const usage = `Usage: npx rapport <command>   (in the project folder, for the npm start host)

  urls                    each channel's webhook URL, the API and health
  secrets set <channel>   reads NAME=value lines on stdin into .env (values are never printed)
  status                  whether the host runs, which channels are configured, dead letters waiting
  redrive                 delivers dead-lettered events again to the consumer that failed on them

For a deployed stack: the stack outputs give the URLs, Secrets Manager holds the secrets (see the
README's "Deploying to AWS"), and users are created in the Cognito user pool.
`;

/**
 * The operator's command line: runs one command and answers with its exit code.
 *
 * @example
 * process.exitCode = await runCli(['urls'], process.cwd(), process.env, '');
 */
export async function runCli(
  args: ReadonlyArray<string>,
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdin: () => string,
  out: (text: string) => void,
): Promise<number> {
  const project = localProject(cwd, env);
  const [command, sub, channel] = args;
  try {
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

if (process.argv[1]?.endsWith('rapport.ts') || process.argv[1]?.endsWith('rapport.mjs')) {
  process.exitCode = await runCli(
    process.argv.slice(2),
    process.cwd(),
    process.env,
    () => readFileSync(0, 'utf8'),
    (text) => process.stdout.write(text),
  );
}
