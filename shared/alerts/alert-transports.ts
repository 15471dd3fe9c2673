import { createTransports, type Transports } from '../delivery/transports';

/** The settings alert sending reads. */
export interface AlertTransportSettings {
  ALLOW_LOOPBACK_DESTINATIONS: boolean;
  ALERT_EMAIL_FROM: string;
  SES_CONFIGURATION_SET: string;
  EMAIL_OUTBOX_DIR: string;
}

/** One HTTP attempt may take this long before it counts as a timeout (and is retried). */
export const destinationTimeoutMs = 5000;

/**
 * The transports alerts go out by, from the alert-sending function's settings: alert emails come
 * from ALERT_EMAIL_FROM.
 *
 * @example
 * const transports = createAlertTransports(functionSettings('notify-marketers'));
 */
export function createAlertTransports(
  settings: AlertTransportSettings,
  timeoutMs = destinationTimeoutMs,
): Transports {
  return createTransports({
    allowLoopbackHttp: settings.ALLOW_LOOPBACK_DESTINATIONS,
    emailFrom: settings.ALERT_EMAIL_FROM,
    sesConfigurationSet: settings.SES_CONFIGURATION_SET,
    emailOutboxDir: settings.EMAIL_OUTBOX_DIR,
    timeoutMs,
    userAgent: 'Rapport-Alerts/1',
  });
}
