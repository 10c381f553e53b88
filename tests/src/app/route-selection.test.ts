import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { selectPlanner } from '../../../src/app/select-planner.ts';
import { resolveVideoProviderId, selectProviders } from '../../../src/app/select-providers.ts';
import { parseConfig, secretValues } from '../../../src/config/load-config.ts';
import { ConfigError } from '../../../src/domain/errors.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createMedia } from '../../../src/media/create-media.ts';
import type { PipelineContext } from '../../../src/pipeline/pipeline-context.ts';
import { chooseModel } from '../../../src/pipeline/plan-step.ts';
import { createJwksSource, falSignedMessage, keysFromJwks, verifyFalSignature } from '../../../src/webhooks/fal-signature.ts';
import { parseFalWebhookPath, shotIndexOfToken } from '../../../src/store/webhook-inbox.ts';
import { samplePlan } from '../../fixtures/make-media.ts';

/** Config, provider selection, model choice and webhook signatures: no network beyond 127.0.0.1. */

const media = createMedia();
const config = (env: Record<string, string> = {}) => parseConfig(env);

describe('config and provider selection for the new routes', () => {
  it('adds fal and Runway to VIDEO_PROVIDER=auto after the Google providers; VIDEO_MODEL picks the default', () => {
    expect(resolveVideoProviderId(config({ FAL_KEY: 'f' }))).toBe('fal');
    expect(resolveVideoProviderId(config({ RUNWAY_API_KEY: 'r' }))).toBe('runway');
    expect(resolveVideoProviderId(config({ GEMINI_API_KEY: 'g', FAL_KEY: 'f' }))).toBe('omni');
    expect(resolveVideoProviderId(config({ GEMINI_API_KEY: 'g', FAL_KEY: 'f', VIDEO_MODEL: 'fal:pika-2.2' }))).toBe('fal');
    expect(() => resolveVideoProviderId(config({ FAL_KEY: 'f', VIDEO_PROVIDER: 'fal', VIDEO_MODEL: 'runway:gen4.5' }))).toThrow(/VIDEO_PROVIDER=auto/);

    const selected = selectProviders(config({ FAL_KEY: 'f', RUNWAY_API_KEY: 'r', VIDEO_MODEL: 'fal:seedance-2', VIDEO_FALLBACKS: 'runway,local' }), media);
    expect(selected.defaultProviderId).toBe('fal');
    expect([...selected.providers.keys()].sort()).toEqual(['fal', 'local', 'runway']);
    expect(selected.providers.get('fal')?.modelId).toBe('fal:seedance-2');
    expect(selected.providers.get('runway')?.modelId).toBe('runway:gen4.5');
    expect(selected.fallbackProviderIds).toEqual(['runway', 'local']);
    // VIDEO_MODEL also picks the Veo model id.
    expect(selectProviders(config({ VERTEX_API_KEY: 'v', VIDEO_MODEL: 'google:veo-3.1' }), media).providers.get('veo')?.modelId).toBe('veo-3.1-generate-001');
    expect(() => selectProviders(config({ VIDEO_PROVIDER: 'fal' }), media)).toThrow(/FAL_KEY/);
    expect(() => selectProviders(config({ VIDEO_MODEL: 'fal:nonsense' }), media)).toThrow(/not a model Reverie knows/);
  });

  it('reads the new settings, keeps the keys secret and rejects malformed values', () => {
    const parsed = config({ FAL_KEY: 'fal-secret-123', RUNWAY_API_KEY: 'rw-secret-456', PUBLIC_URL: 'https://bot.example.com/', FAL_BASE_URL: 'http://127.0.0.1:9999/' });
    expect(parsed.PUBLIC_URL).toBe('https://bot.example.com');
    expect(parsed.FAL_BASE_URL).toBe('http://127.0.0.1:9999');
    expect(parsed.RUNWAY_BASE_URL).toBe('https://api.dev.runwayml.com');
    expect(parsed.FAL_JWKS_URL).toBe('https://rest.alpha.fal.ai/.well-known/jwks.json');
    expect(secretValues(parsed)).toEqual(expect.arrayContaining(['fal-secret-123', 'rw-secret-456']));
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      secrets: secretValues(parsed),
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    logger.info('submit failed with Key fal-secret-123');
    expect(lines.join('')).not.toContain('fal-secret-123');
    expect(() => config({ VIDEO_MODEL: 'kling' })).toThrow(ConfigError);
    expect(() => config({ VIDEO_FALLBACKS: 'fal,sora' })).toThrow(/fal, runway/);
    expect(() => config({ PUBLIC_URL: 'bot.example.com' })).toThrow(ConfigError);
  });

  it('tells the LLM director the fal route’s limits when fal is the default', () => {
    const selected = selectPlanner(config({ GEMINI_API_KEY: 'g', FAL_KEY: 'f', VIDEO_PROVIDER: 'fal' }));
    expect(selected.planner.id).toBe('gemini');
    expect(() => selectPlanner(config({ GEMINI_API_KEY: 'g', RUNWAY_API_KEY: 'r', VIDEO_PROVIDER: 'runway' }))).not.toThrow();
  });
});

describe('chooseModel in the plan step', () => {
  const contextFor = (env: Record<string, string>): PipelineContext => {
    const selected = selectProviders(config(env), media);
    return { providers: selected.providers, defaultProviderId: selected.defaultProviderId } as unknown as PipelineContext;
  };

  it('resolves "with Kling" to a configured Kling, or uses the default and says why', () => {
    const both = contextFor({ FAL_KEY: 'f', RUNWAY_API_KEY: 'r', VIDEO_PROVIDER: 'runway' });
    const kling = chooseModel(both, samplePlan({ requestedModel: 'kling' }), { avatar: false });
    expect([kling.provider.id, kling.model?.key, kling.notes]).toEqual(['fal', 'fal:kling-3-std', []]);
    const option = chooseModel(both, samplePlan({ requestedModel: 'kling' }), { requested: 'fal:wan-2.7', avatar: false });
    expect(option.model?.key).toBe('fal:wan-2.7');
    const plain = chooseModel(both, samplePlan({ requestedModel: null }), { avatar: false });
    expect(plain.model?.key).toBe('runway:gen4.5');

    const runwayOnly = contextFor({ RUNWAY_API_KEY: 'r' });
    const missing = chooseModel(runwayOnly, samplePlan({ requestedModel: 'kling' }), { avatar: false });
    expect(missing.provider.id).toBe('runway');
    expect(missing.notes).toEqual([{ key: 'note.model-unavailable', params: { wanted: 'Kling 3.0 Standard', model: 'Runway Gen-4.5' } }]);
  });

  it("follows a community admin's default and allowed models, saying so when the wish is not allowed", () => {
    const both = contextFor({ FAL_KEY: 'f', RUNWAY_API_KEY: 'r', VIDEO_PROVIDER: 'runway' });
    const picked = chooseModel(both, samplePlan({ requestedModel: null }), { avatar: false, community: { defaultModel: 'fal:wan-2.7', allowedModels: null } });
    expect([picked.provider.id, picked.model?.key, picked.notes]).toEqual(['fal', 'fal:wan-2.7', []]);
    const narrowed = chooseModel(both, samplePlan({ requestedModel: 'kling' }), { avatar: false, community: { defaultModel: null, allowedModels: ['runway:gen4.5'] } });
    expect(narrowed.model?.key).toBe('runway:gen4.5');
    expect(narrowed.notes).toEqual([{ key: 'note.model-unavailable', params: { wanted: 'Kling 3.0 Standard', model: 'Runway Gen-4.5' } }]);
    // A list naming nothing configured here leaves the owner's choice rather than nothing at all.
    const stale = chooseModel(both, samplePlan({ requestedModel: null }), { avatar: false, community: { defaultModel: null, allowedModels: ['veo:veo-3.1'] } });
    expect(stale.model?.key).toBe('runway:gen4.5');
  });

  it('keeps the old behaviour for the Google providers and the local renderer', () => {
    const local = contextFor({});
    expect(chooseModel(local, samplePlan({ requestedModel: null }), { avatar: false })).toMatchObject({ provider: { id: 'local' }, model: { key: 'local:storyboard' } });
    const google = contextFor({ GEMINI_API_KEY: 'g', VERTEX_API_KEY: 'v' });
    expect(chooseModel(google, samplePlan({ requestedModel: 'veo' }), { avatar: false }).provider.id).toBe('veo');
    expect(chooseModel(google, samplePlan({ requestedModel: 'local' }), { avatar: false }).provider.id).toBe('local');
  });
});

describe('fal webhook signatures', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwks = {
    keys: [
      { ...publicKey.export({ format: 'jwk' }), kid: 'k1' },
      { kty: 'RSA', n: 'x', e: 'AQAB' },
    ],
  };
  const body = Buffer.from('{"request_id":"r1","status":"OK","payload":{}}');
  const nowMs = 1_765_000_000_000;
  const headersAt = (seconds: number) => {
    const base = { requestId: 'r1', userId: 'u1', timestamp: String(seconds) };
    return { ...base, signatureHex: sign(null, falSignedMessage(base, body), privateKey).toString('hex') };
  };

  it('accepts fal’s signature over request id, user id, timestamp and the body’s SHA-256', () => {
    const keys = keysFromJwks(jwks);
    expect(keys).toHaveLength(1);
    expect(verifyFalSignature(headersAt(nowMs / 1000), body, keys, nowMs)).toBe(true);
    expect(verifyFalSignature(headersAt(nowMs / 1000), Buffer.concat([body, Buffer.from(' ')]), keys, nowMs)).toBe(false);
    expect(verifyFalSignature({ ...headersAt(nowMs / 1000), requestId: 'r2' }, body, keys, nowMs)).toBe(false);
    // Replays outside ±5 minutes are refused even with a valid signature.
    expect(verifyFalSignature(headersAt(nowMs / 1000 - 301), body, keys, nowMs)).toBe(false);
    expect(verifyFalSignature({ ...headersAt(nowMs / 1000), signatureHex: 'zz' }, body, keys, nowMs)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyFalSignature(headersAt(nowMs / 1000), body, [other], nowMs)).toBe(false);
  });

  it('fetches the JWKS from the configured URL once, and again on a rotation at most once a minute', async () => {
    let served = 0;
    const server = createServer((_request, response) => {
      served += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    let clock = 0;
    const source = createJwksSource({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`, now: () => clock });
    try {
      expect(await source.keys()).toHaveLength(1);
      await source.keys();
      await source.keys(true);
      expect(served).toBe(1);
      clock += 61_000;
      await source.keys(true);
      expect(served).toBe(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('routes only well-formed webhook paths', () => {
    expect(parseFalWebhookPath('/hooks/fal/req-1a2b/s0-abc123')).toEqual({ clipId: 'req-1a2b', token: 's0-abc123' });
    expect(parseFalWebhookPath('/hooks/fal/req:1/s0-abc')).toBeNull();
    expect(parseFalWebhookPath('/hooks/other/a/b')).toBeNull();
    expect(shotIndexOfToken('s2-abc123')).toBe(2);
    expect(shotIndexOfToken('nope')).toBeNull();
  });
});
