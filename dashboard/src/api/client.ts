import { storedKey } from "./session";

/** An RFC 9457 problem answer, or what stood in for one. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  /** The server does not have this API (an older api-service): the page says so instead of failing. */
  get notAvailable(): boolean {
    return this.status === 404 && this.routeMissing;
  }

  /** Set by {@link api} when a collection path (no id in it) answered 404. */
  routeMissing = false;
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when a request answers 401: the key was revoked or expired. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /** A key to use instead of the stored one (sign-in checks a key before storing it). */
  key?: string;
  /** This path names a collection, so a 404 means the route is missing, not the thing. */
  collection?: boolean;
}

/** Calls the Foreman API with the signed-in key in the Authorization header. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const key = options.key ?? storedKey();
  const headers: Record<string, string> = { Accept: "application/json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  let url = path;
  if (options.query) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query)) {
      if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
    }
    const text = params.toString();
    if (text) url += `?${text}`;
  }
  const response = await fetch(url, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const problem = (json as Problem | undefined) ?? { title: response.statusText || `HTTP ${response.status}` };
    const error = new ApiError(response.status, problem);
    error.routeMissing = options.collection === true;
    if (response.status === 401 && !options.key) unauthorizedListeners.forEach((l) => l());
    throw error;
  }
  return json as T;
}

/** The user-facing sentence for a failed call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.problem.errors?.map((e) => `${e.field}: ${e.message}`).join("; ");
    return [error.message, fields].filter(Boolean).join(" — ");
  }
  return error instanceof Error ? error.message : String(error);
}
