import { BaseRpcContext } from '@nestjs/microservices';
import type { MessageMeta } from '@rcrp/messaging';
import type { PoolClient } from 'pg';

/**
 * What an `@InboxEventPattern` handler gets with `@Ctx()`: the transaction its effect must be written in (the inbox
 * row that makes a redelivery harmless is in it too, and it commits only when the handler's promise resolves) and
 * where the record came from. A unit test builds one with any stand-in client: `new InboxContext([tx, meta])`.
 */
export class InboxContext extends BaseRpcContext<[PoolClient, MessageMeta]> {
  /** The record's transaction: write the effect with it, throw to refuse the record. */
  get transaction(): PoolClient {
    return this.args[0];
  }

  get record(): MessageMeta {
    return this.args[1];
  }
}
