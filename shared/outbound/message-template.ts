/**
 * Platforms whose messages outside the window go as approved templates: WhatsApp template
 * messages, WeChat template messages, Twilio's Content API templates for SMS.
 *
 * @example
 * templatePlatforms.includes('wechat'); // true
 */
export const templatePlatforms = ['whatsapp', 'wechat', 'sms'] as const;
export type TemplatePlatform = (typeof templatePlatforms)[number];

/**
 * A template the operator had approved by the platform and registered in Rapport, so the
 * composer can offer it once a window has closed: its name and language as the platform knows
 * them, how many parameters it takes, and its text for a person to read.
 */
export interface RegisteredTemplate {
  platform: TemplatePlatform;
  name: string;
  language: string;
  parameters: number;
  text?: string;
}
