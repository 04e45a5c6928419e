import type { Redis } from 'ioredis';

/** Wrong codes an address's pending requests tolerate, together, before their codes stop working. */
export const SIGN_IN_CODE_MAX_MISSES = 5;

/*
 * One hash per address: field = keyed hash of a pending code, value = the sha256 of the
 * token of the same request; field `#misses` counts wrong codes. Atomic: a right code is
 * removed and its token hash returned; a wrong one is counted, and the last tolerated miss
 * deletes every code of the address. An address without pending codes counts nothing.
 * KEYS: codes; ARGV: code hash, max misses.
 */
const CONSUME = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local token = redis.call('HGET', KEYS[1], ARGV[1])
if token then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return token
end
local misses = redis.call('HINCRBY', KEYS[1], '#misses', 1)
if misses >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return false`;

/**
 * The pending sign-in codes, in Redis, under each address's lookup hash (never the address,
 * never a code in clear). A code only points at its request's token: the token's key stays
 * the one record of the request, so its expiry and single use hold for both, and whichever
 * of link and code is used first consumes the request (GETDEL of the token key).
 *
 * Wrong codes are counted per address over all its pending requests, so asking again does not
 * buy more guesses; after the last tolerated one the codes stop working, the emailed links
 * do not (they cannot be guessed, and a stranger typing codes must not cut a person's link).
 */
export class SignInCodes {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Records a request's code; the address's hash lives as long as its newest request. */
  async add(lookupHash: string, codeHash: string, tokenHash: string, ttlSeconds: number): Promise<void> {
    const key = this.key(lookupHash);
    await this.redis.multi().hset(key, codeHash, tokenHash).expire(key, ttlSeconds).exec();
  }

  /** The token hash of the request a right code belongs to (removing the code), or null, counting a miss. */
  async consume(lookupHash: string, codeHash: string): Promise<string | null> {
    const token = (await this.redis.eval(CONSUME, 1, this.key(lookupHash), codeHash, SIGN_IN_CODE_MAX_MISSES)) as string | null;
    return token ?? null;
  }

  /** The link was used: its code goes with it. */
  async forget(lookupHash: string, codeHash: string): Promise<void> {
    await this.redis.hdel(this.key(lookupHash), codeHash);
  }

  private key(lookupHash: string): string {
    return `${this.prefix}:sign-in:codes:${lookupHash}`;
  }
}
