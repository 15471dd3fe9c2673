import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { messageTemplatesKey } from '../store/keys';
import type { RegisteredTemplate } from './message-template';

/**
 * The registered message templates, one small item read and replaced whole (a handful of
 * templates; an admin changes them rarely).
 *
 * @example
 * const templates = new MessageTemplateRepository(documentClient(), 'rapport');
 * await templates.replace([{ platform: 'whatsapp', name: 'order_update', language: 'en_US', parameters: 1 }], now);
 */
export class MessageTemplateRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every registered template; none until an admin registers some. */
  async list(): Promise<RegisteredTemplate[]> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: messageTemplatesKey() }),
    );
    return (Item?.items as RegisteredTemplate[] | undefined) ?? [];
  }

  /** Replaces the whole list. */
  async replace(items: ReadonlyArray<RegisteredTemplate>, at: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...messageTemplatesKey(),
          type: 'message-templates',
          items,
          updatedAt: at.toISOString(),
        },
      }),
    );
  }
}
