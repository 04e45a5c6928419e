import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@trame/config';
import { LinkSigner, loadLinkSecret } from './link-signer';
import { nonCanonicalTwin, tamperSignificant } from './testing/token-tampering';

const MEMBER = '22222222-2222-4222-8222-222222222222';

describe('LinkSigner', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'trame-link-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('without LINK_SECRET, creates DATA_DIR/link.secret once (0600) and reuses it', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = LinkSigner.fromConfig(config);
    const file = join(dataDir, 'link.secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const content = readFileSync(file, 'utf8');
    expect(content.trim()).toMatch(/^[0-9a-f]{64}$/);

    const second = LinkSigner.fromConfig(config);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(second.verifyUnsubscribe(MEMBER, first.unsubscribeToken(MEMBER))).toBe(true);
  });

  it('uses LINK_SECRET when set, and then ignores the file', () => {
    const secret = 's'.repeat(40);
    const withSecret = LinkSigner.fromConfig(loadConfig({ DATA_DIR: dataDir, LINK_SECRET: secret }));
    const fromFile = LinkSigner.fromConfig(loadConfig({ DATA_DIR: dataDir }));
    expect(loadLinkSecret({ LINK_SECRET: secret, dataDir })).toEqual(Buffer.from(secret));
    expect(fromFile.verifyUnsubscribe(MEMBER, withSecret.unsubscribeToken(MEMBER))).toBe(false);
  });

  it('refuses a short LINK_SECRET', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, LINK_SECRET: 'short' })).toThrow(/LINK_SECRET/);
  });

  it('refuses an empty secret file rather than replacing it', () => {
    writeFileSync(join(dataDir, 'link.secret'), '\n');
    expect(() => loadLinkSecret({ dataDir })).toThrow(/link secret/);
  });

  it('signs unsubscribe URLs under PUBLIC_URL', () => {
    const signer = LinkSigner.fromConfig(loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'https://trame.example' }));
    const url = new URL(signer.unsubscribeUrl(MEMBER));
    expect(url.origin + url.pathname).toBe(`https://trame.example/v1/members/${MEMBER}/unsubscribe`);
    expect(signer.verifyUnsubscribe(MEMBER, url.searchParams.get('token'))).toBe(true);
  });
});

describe('introduction links', () => {
  const signer = new LinkSigner(Buffer.from('s'.repeat(40)), 'https://trame.example/');

  it('carries a token that verifies for this introduction and actor only', () => {
    const url = new URL(signer.introductionLinkUrl('intro-1', 'ref-1'));
    expect(url.pathname).toBe('/mises-en-relation/intro-1');
    expect(url.searchParams.get('as')).toBe('ref-1');
    const token = url.searchParams.get('token');
    expect(signer.verifyIntroductionLink('intro-1', 'ref-1', token)).toBe(true);
    expect(signer.verifyIntroductionLink('intro-1', 'ref-2', token)).toBe(false);
    expect(signer.verifyIntroductionLink('intro-2', 'ref-1', token)).toBe(false);
    expect(signer.verifyIntroductionLink('intro-1', 'ref-1', undefined)).toBe(false);
  });

  it('refuses a tampered token and another spelling of the same bytes', () => {
    for (let i = 0; i < 32; i += 1) {
      const token = new URL(signer.introductionLinkUrl(`intro-${i}`, 'ref-1')).searchParams.get('token') ?? '';
      expect(signer.verifyIntroductionLink(`intro-${i}`, 'ref-1', token)).toBe(true);
      expect(signer.verifyIntroductionLink(`intro-${i}`, 'ref-1', tamperSignificant(token))).toBe(false);
      expect(signer.verifyIntroductionLink(`intro-${i}`, 'ref-1', nonCanonicalTwin(token))).toBe(false);
    }
  });

  it('is not interchangeable with an unsubscribe token or another secret', () => {
    const token = new URL(signer.introductionLinkUrl('m1', 'm1')).searchParams.get('token');
    expect(signer.verifyUnsubscribe('m1', token)).toBe(false);
    expect(new LinkSigner(Buffer.from('t'.repeat(40)), 'https://x').verifyIntroductionLink('m1', 'm1', token)).toBe(false);
  });

  it('derives distinct keys per purpose', () => {
    expect(signer.subKey('a').equals(signer.subKey('b'))).toBe(false);
    expect(signer.subKey('a').equals(signer.subKey('a'))).toBe(true);
  });
});
