import { GoogleGenAI } from '@google/genai';

/**
 * `@google/genai` clients for Reverie. Two modes: the Gemini API (an API key; Omni and the
 * Gemini planner) and Vertex (Veo 3.1 GA lives only there since 2026-10-22). The base URL always
 * comes from config so tests, proxies and gateways can stand in for Google.
 *
 * No client-level `retryOptions`: `ai.models.*` then retries nothing, which is what a create
 * call needs (a silently re-sent create is a second bill). Timeouts are set per call.
 */

export interface GeminiClientOptions {
  apiKey: string;
  /** GEMINI_BASE_URL, without a trailing slash. */
  baseUrl: string;
  apiVersion?: string | undefined;
}

export function createGeminiClient(options: GeminiClientOptions): GoogleGenAI {
  return new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: { baseUrl: options.baseUrl, ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}) },
  });
}

export interface VertexClientOptions {
  /** Express mode (VERTEX_API_KEY). Without it, project + location with Application Default Credentials. */
  apiKey?: string | undefined;
  project?: string | undefined;
  location: string;
  /** VERTEX_BASE_URL, without a trailing slash. */
  baseUrl: string;
}

export function createVertexClient(options: VertexClientOptions): GoogleGenAI {
  const httpOptions = { baseUrl: options.baseUrl };
  if (options.apiKey) return new GoogleGenAI({ vertexai: true, apiKey: options.apiKey, httpOptions });
  if (!options.project) throw new Error('Veo on Vertex needs VERTEX_API_KEY (express mode) or GOOGLE_CLOUD_PROJECT with Application Default Credentials.');
  return new GoogleGenAI({ vertexai: true, project: options.project, location: options.location, httpOptions });
}
