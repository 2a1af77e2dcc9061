// Wire shapes of the Foreman API (DESIGN §3), snake_case as on the wire.

export const JOB_STATES = ["scheduled", "queued", "running", "succeeded", "retrying", "dead", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];
export const PRIORITIES = ["high", "normal", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Target {
  url: string;
  method?: string;
  headers?: Record<string, string>;
}

export interface Job {
  id: string;
  queue: string;
  type: string | null;
  priority: Priority;
  state: JobState;
  attempt: number;
  max_attempts: number;
  run_at: string | null;
  created_at: string;
  updated_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  target: Target;
  payload: unknown;
  last_error: string | null;
  result: { status: number | null; body: string | null; duration_ms: number | null } | null;
  idempotency_key: string | null;
  labels: Record<string, string> | null;
  schedule_id: string | null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Attempt {
  attempt: number;
  worker: string | null;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface Callback {
  id: number;
  url: string;
  job_state: string;
  state: string;
  next_attempt_at: string | null;
  created_at: string;
  deliveries: {
    delivery: number;
    started_at: string;
    finished_at: string | null;
    http_status: number | null;
    error: string | null;
    duration_ms: number;
  }[];
}

export interface Stats {
  jobs: { by_state: Partial<Record<JobState, number>>; by_priority: Partial<Record<Priority, number>> };
  queues: number;
  throughput: { succeeded: number[]; dead: number[] };
  outbox: { pending: number; oldest_age_ms: number | null };
  workers: { live: number };
  scheduler: { leader: string | null };
}

export interface JobEvent {
  id: string;
  queue: string;
  type: string | null;
  priority: Priority;
  state: JobState;
  attempt: number;
  at: string;
}

export interface Queue {
  name: string;
  paused: boolean;
  max_concurrency: number | null;
  rate_limit: { per_second: number; burst?: number | null } | null;
  counts: Partial<Record<"scheduled" | "queued" | "running" | "retrying" | "dead", number>>;
  oldest_queued_age_ms: number | null;
}

export interface JobTemplate {
  queue?: string;
  type?: string;
  priority?: Priority;
  target: Target;
  payload?: unknown;
  timeout?: string;
  callback_url?: string | null;
  labels?: Record<string, string>;
}

export interface Schedule {
  id: string;
  name: string;
  cron: string;
  time_zone: string;
  job: JobTemplate;
  misfire_policy: string;
  overlap_policy: string;
  paused: boolean;
  next_fire_at: string | null;
  next_fire_times: string[];
  last_fired_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at?: string | null;
}

export interface CreatedKey extends ApiKey {
  key: string;
}

export interface Tenant {
  id: string;
  name: string;
}
