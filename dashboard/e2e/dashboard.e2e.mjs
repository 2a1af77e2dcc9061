// The dashboard in a real browser against a real Foreman, as a person uses it. Run by
// e2e's DashboardE2EIT, which starts the system and two stub targets and passes them in:
//   FOREMAN_URL   api-service base URL (it serves the dashboard at /)
//   FOREMAN_KEY   an admin key of a fresh tenant
//   TARGET_OK     a target URL that answers 200
//   TARGET_BROKEN a target URL that answers 400 (the job is dead at once)
//   SCREENSHOTS   where to write one PNG per page
// Exits non-zero, with the reason, on the first failed expectation.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const BASE = env("FOREMAN_URL").replace(/\/$/, "");
const KEY = env("FOREMAN_KEY");
const TARGET_OK = env("TARGET_OK");
const TARGET_BROKEN = env("TARGET_BROKEN");
const SHOTS = env("SCREENSHOTS");
const STEP_TIMEOUT = 30_000;

const log = (...args) => console.log("[dashboard-e2e]", ...args);

/** Debian's chromium; installed with apt-get as .ci/run does when missing, else a loud failure. */
function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  const found = () => candidates.find((path) => existsSync(path));
  if (found()) return found();
  if (process.getuid?.() === 0) {
    log("no chromium: installing Debian's chromium with apt-get");
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env: aptEnv });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: aptEnv });
  }
  if (found()) return found();
  throw new Error(
    "Chromium is not installed (looked for " + candidates.join(", ") + ") and could not be installed: " +
      "run `apt-get install chromium` (Playwright's own browser download does not work here).",
  );
}

async function api(method, path, body) {
  const response = await fetch(BASE + path, {
    method,
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function submit(job) {
  const { status, body } = await api("POST", "/v1/jobs", job);
  if (status !== 202) throw new Error(`submit answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

async function until(what, check, timeoutMs = STEP_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(page, name) {
  await page.mouse.move(0, 799); // no tooltip in the picture
  await page.waitForTimeout(300); // let charts and transitions settle for the picture
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  log("screenshot", name);
}

async function signIn(page) {
  await page.goto(BASE + "/");
  await page.getByLabel("API key").fill(KEY);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.on("pageerror", (error) => log("page error:", error.message));
  try {
    await run(page);
    await phone(browser);
  } catch (error) {
    await page.screenshot({ path: join(SHOTS, "failure.png") }).catch(() => {});
    throw error;
  } finally {
    await browser.close();
  }
}

async function run(page) {
  // The page itself needs no key; the API does.
  const unauthenticated = await fetch(BASE + "/v1/jobs");
  expect(unauthenticated.status === 401, `GET /v1/jobs without a key answered ${unauthenticated.status}`);

  log("sign in with a wrong key, then the right one");
  await page.goto(BASE + "/jobs");
  await page.getByLabel("API key").fill("fm_not_a_key");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("sign-in-error").waitFor();
  await page.getByLabel("API key").fill(KEY);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Jobs" }).waitFor();
  expect(!page.url().includes(KEY), "the key appeared in the URL");

  log("some history for the Overview");
  const queues = ["emails", "reports", "billing"];
  const priorities = ["high", "normal", "low"];
  for (let i = 0; i < 24; i++) {
    await submit({
      queue: queues[i % 3],
      type: ["send_welcome", "render_pdf", "charge_card"][i % 3],
      priority: priorities[i % 3],
      target: { url: TARGET_OK },
      payload: { n: i },
    });
  }

  log("submit a job through the API and watch it turn succeeded on the Jobs page, without a reload");
  await page.evaluate(() => {
    window.__notReloaded = true;
  });
  const job = await submit({
    queue: "emails",
    type: "send_welcome",
    priority: "high",
    target: { url: TARGET_OK, headers: { "X-Team": "growth" } },
    payload: { user_id: 42 },
    delay: "2s",
    labels: { team: "growth" },
  });
  const row = page.locator(`tr[data-job-id="${job.id}"]`);
  await row.waitFor();
  await row.getByTestId("job-state").filter({ hasText: "succeeded" }).waitFor();
  expect(await page.evaluate(() => window.__notReloaded === true), "the Jobs page was reloaded");
  await shot(page, "jobs");

  log("open it");
  await row.getByRole("link").click();
  await page.getByTestId("job-id").filter({ hasText: job.id }).waitFor();
  await page.getByTestId("attempts").getByText("Attempt 1").waitFor();
  await page.getByText("user_id").first().waitFor();
  await shot(page, "job");

  log("a dead job, retried from Dead letters");
  const dead = await submit({ queue: "billing", type: "charge_card", target: { url: TARGET_BROKEN }, payload: { order: 7 } });
  for (let i = 0; i < 2; i++) {
    await submit({ queue: "reports", type: "render_pdf", target: { url: TARGET_BROKEN }, payload: { report: i } });
  }
  await until("the job to be dead", async () => (await api("GET", `/v1/jobs/${dead.id}`)).body.state === "dead");
  await page.getByRole("link", { name: "Dead letters" }).click();
  const deadRow = page.locator(`tr[data-job-id="${dead.id}"]`);
  await deadRow.waitFor();
  await deadRow.getByRole("checkbox").check();
  await shot(page, "dead-letters");
  await page.getByRole("button", { name: "Retry selected (1)" }).click();
  await page.getByTestId("action-done").filter({ hasText: "Retried 1 job" }).waitFor();
  await until("the retried job's second attempt", async () => {
    const attempts = await api("GET", `/v1/jobs/${dead.id}/attempts`);
    return attempts.body.items.length >= 2;
  });

  log("overview");
  await page.getByRole("link", { name: "Overview" }).click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  const stats = await api("GET", "/v1/stats");
  if (stats.status === 404) {
    await page.getByTestId("not-available").waitFor();
    log("NOTICE: /v1/stats is not on this server yet: the Overview shows 'not available'");
  } else {
    await page.getByTestId("throughput-chart").waitFor();
  }
  await shot(page, "overview");
  await page.getByRole("button", { name: "Toggle theme" }).click();
  await shot(page, "overview-dark");
  await page.getByRole("button", { name: "Toggle theme" }).click();

  log("schedules");
  const schedule = await api("POST", "/v1/schedules", {
    name: "nightly-report",
    cron: "30 2 * * *",
    time_zone: "Europe/Berlin",
    job: { queue: "reports", type: "render_pdf", target: { url: TARGET_OK }, payload: { kind: "nightly" } },
  });
  expect(schedule.status === 201 || schedule.status === 200, `create schedule answered ${schedule.status}`);
  await page.getByRole("link", { name: "Schedules" }).click();
  await page.getByTestId("schedule-table").getByText("nightly-report").waitFor();
  await shot(page, "schedules");
  await page.getByRole("button", { name: "New schedule" }).click();
  await page.getByLabel("Cron").fill("*/10 9-17 * * MON-FRI");
  await page.getByTestId("cron-preview").getByRole("listitem").first().waitFor();
  await shot(page, "schedule-editor");
  await page.keyboard.press("Escape");

  log("queues");
  await page.getByRole("link", { name: "Queues" }).click();
  await page.getByRole("heading", { name: "Queues" }).waitFor();
  const queuesAnswer = await api("GET", "/v1/queues");
  if (queuesAnswer.status === 404) {
    await page.getByTestId("not-available").waitFor();
    log("NOTICE: /v1/queues is not on this server yet: the page says so; pausing a queue was not tested");
  } else {
    const emails = page.locator('tr[data-queue="emails"]');
    await emails.waitFor();
    await emails.getByRole("button", { name: "Pause" }).click();
    await emails.getByTestId("queue-status").filter({ hasText: "paused" }).waitFor();
    const after = await api("GET", "/v1/queues/emails");
    expect(after.body?.paused === true, `queue emails is not paused in the API: ${JSON.stringify(after.body)}`);
    await shot(page, "queues");
    await emails.getByRole("button", { name: "Resume" }).click();
    await emails.getByTestId("queue-status").filter({ hasText: "active" }).waitFor();
  }
  if (queuesAnswer.status === 404) await shot(page, "queues");

  log("keys");
  await page.getByRole("link", { name: "Keys" }).click();
  await page.getByRole("heading", { name: "API keys" }).waitFor();
  const keysAnswer = await api("GET", "/v1/keys");
  if (keysAnswer.status === 404) {
    await page.getByTestId("not-available").waitFor();
    log("NOTICE: /v1/keys is not on this server yet: the page says so");
  } else {
    await page.getByRole("button", { name: "New key" }).click();
    await page.getByLabel("Name").fill("ci-reader");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByTestId("new-key").waitFor();
  }
  await shot(page, "keys");

  log("events connection:", await page.getByTestId("connection").getAttribute("data-state"));
}

/** The Jobs page on a phone: a fresh tab, so a fresh sign-in (the key is per tab). */
async function phone(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark" });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  await signIn(page);
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("link", { name: "Jobs" }).click();
  await page.getByTestId("job-table").waitFor();
  await shot(page, "jobs-phone");
  await context.close();
}

main().then(
  () => log("passed"),
  (error) => {
    console.error("[dashboard-e2e] FAILED:", error?.stack ?? error);
    process.exit(1);
  },
);
