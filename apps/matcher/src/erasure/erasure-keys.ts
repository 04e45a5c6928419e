import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MemberErased } from '@trame/domain';
import type { RecordedEvent } from '@trame/event-store';
import { KEY_STORE, type KeyStore } from '@trame/personal-data';

/**
 * Completes an erasure from the log: the api deletes the member's key right after the
 * MemberErased event, and a crash in between used to be repaired only by the member calling
 * DELETE again, which their revoked session can no longer do. The matcher deletes the key
 * (and with it the address's blind index entry) for every erasure it is handed, catch-up
 * and live alike; deleting a key already gone does nothing.
 */
@Injectable()
export class ErasureKeys {
  private readonly logger = new Logger('ErasureKeys');

  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}

  /** Resolves with how many keys were still there. */
  async complete(erasures: readonly RecordedEvent[]): Promise<number> {
    let deleted = 0;
    for (const event of erasures) {
      if (event.type !== 'MemberErased') continue;
      if (await this.keys.deleteKey((event.data as MemberErased['data']).memberId)) deleted += 1;
    }
    if (deleted > 0) this.logger.log(`${deleted} erasures completed (keys deleted)`);
    return deleted;
  }
}
