/** Injected time source, so tests can pin "now" and deciders stay pure. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
