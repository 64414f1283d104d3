// Drives the built page (web/dist) in headless Chromium: pastes tickets, drops a file,
// switches format, copies markdown, gives a client string and a secret, and checks that
// #report shows what the ossdiag binary prints on the same input, and that the page asks
// for nothing outside its own folder.
//
// Needs: web/dist (bash web/build.sh), the ossdiag binary (target/debug or target/release,
// or OSSDIAG_BIN), Chromium (/usr/bin/chromium, or CHROMIUM), npm ci here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const fixtures = path.join(root, "fixtures");
const dist = process.env.OSSDIAG_DIST || path.join(root, "web/dist");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const bin =
  process.env.OSSDIAG_BIN ||
  ["target/debug/ossdiag", "target/release/ossdiag"]
    .map((p) => path.join(root, p))
    .find((p) => fs.existsSync(p));
const seed = (() => {
  const dir = process.env.OSSDIAG_SEEDS || path.join(root, "../shared/seeds");
  const alt = "/work/shared/seeds";
  for (const d of [dir, alt]) {
    if (fs.existsSync(d)) {
      const f = fs.readdirSync(d).find((n) => n.startsWith("004_"));
      if (f) return path.join(d, f);
    }
  }
  return null;
})();

for (const [what, p] of [
  ["web/dist/index.html (run bash web/build.sh)", path.join(dist, "index.html")],
  ["the ossdiag binary (cargo build, or set OSSDIAG_BIN)", bin],
  ["Chromium (apt-get install chromium, or set CHROMIUM)", chromiumPath],
]) {
  if (!p || !fs.existsSync(p)) throw new Error(`missing ${what}: ${p ?? "not found"}`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ossdiag-web-"));
let browser, context, page, site;
const requests = []; // every URL the browser asked for
const outside = []; // those outside the page's folder

before(async () => {
  site = await serve(dist);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: new URL(site.base).origin,
  });
  context.on("request", (r) => {
    requests.push(r.url());
    if (!r.url().startsWith(site.base)) outside.push(r.url());
  });
  // Anything outside the folder is refused as well as recorded.
  await context.route("**/*", (route) =>
    route.request().url().startsWith(site.base) ? route.continue() : route.abort(),
  );
  page = await open();
});

after(async () => {
  await browser?.close();
  site?.server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function open() {
  const p = await context.newPage();
  p.on("pageerror", (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  await p.goto(site.base);
  await p.waitForSelector("body[data-ready=true]");
  return p;
}

/** What the binary prints: stdout with the colours taken out, the exit code, stderr. */
function cli(args, env = {}) {
  const r = spawnSync(bin, [...args, "--color", "always"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  return { out: counts(strip(r.stdout)), code: r.status, err: r.stderr };
}

function cliJson(args, env = {}) {
  const r = spawnSync(bin, [...args, "--format", "json"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return r.stdout;
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");
// The secret search's candidate count varies with the number of threads.
const counts = (s) => s.replace(/after \d+ candidates/g, "after N candidates");

/** The text a textarea holds after `text` is pasted: the browser makes line ends LF. */
const pasted = (text) => text.replace(/\r\n?/g, "\n");

/** A file holding `text`, for the binary. */
function file(name, text) {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
}

async function settle(p = page) {
  await p.waitForFunction(() =>
    ["done", "error"].includes(document.getElementById("report").dataset.state),
  );
  return p.textContent("#report");
}

async function paste(text, p = page) {
  await p.fill("#input", "");
  await p.fill("#input", text);
  return counts(await settle(p));
}

/** The field-table row of `field` with `status`, as the text report prints it. */
function row(field, status) {
  const name = field.length > 28 ? `${field.slice(0, 27)}…` : field;
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^  ${esc} +${status} `, "m");
}

test("the troubleshooting document's example: the faulty fields on their rows", async () => {
  assert.ok(seed, "the seed 004_*.txt is found (set OSSDIAG_SEEDS)");
  const text = pasted(fs.readFileSync(seed, "utf8"));
  const shown = await paste(text);
  assert.equal(shown, cli(["diagnose", file("seed.txt", text)]).out);
  assert.match(shown, /MISMATCH in header:x-oss-abc, resource, date/);
  assert.match(shown, row("date", "DIFFERS"));
  assert.match(shown, row("resource", "DIFFERS"));
  // Coloured as the terminal shows it: the status red, the row marked, a space made visible.
  const red = await page.$eval("#report .row-differs .fg-31", (e) => getComputedStyle(e).color);
  assert.equal(red, "rgb(179, 38, 30)");
  const rows = await page.$$eval("#report .row-differs", (es) => es.map((e) => e.textContent));
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r) => / DIFFERS /.test(r)));
});

const transit = fs
  .readdirSync(fixtures)
  .filter((n) => /^gen-v[14]-.*transit/.test(n))
  // One pasted input (the cases with the error body in input2.txt are the drop test's kind).
  .filter((n) => !fs.existsSync(path.join(fixtures, n, "input2.txt")))
  .sort();

test(`${transit.length} generated V1 and V4 curl -v transcripts changed in transit`, async () => {
  assert.ok(transit.length >= 20, `only ${transit.length} transit fixtures`);
  for (const name of transit) {
    const dir = path.join(fixtures, name);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8"));
    const text = pasted(fs.readFileSync(path.join(dir, "input.txt"), "utf8"));
    const shown = await paste(text);
    const want = cli(["diagnose", file("transit.txt", text)]);
    assert.equal(shown, want.out, name);
    assert.ok(expected.culprits.length > 0, name);
    for (const c of expected.culprits)
      assert.match(shown, row(c, "(DIFFERS|server-only|client-only)"), `${name}: ${c}`);
    assert.match(await page.textContent("#status"), /^exit 1: a problem diagnosed/, name);
  }
});

test("the format switch: JSON and markdown as the binary prints them", async () => {
  const p = path.join(fixtures, "gen-v1-028-transit-query-content-type-added/input.txt");
  const text = pasted(fs.readFileSync(p, "utf8"));
  const f = file("fmt.txt", text);
  await paste(text);
  await page.selectOption("#format", "json");
  const json = await page.textContent("#report");
  assert.equal(json, cliJson(["diagnose", f]));
  assert.deepEqual(JSON.parse(json).culprits, ["content-type"]);
  await page.selectOption("#format", "markdown");
  const md = spawnSync(bin, ["diagnose", f, "--format", "markdown"], { encoding: "utf8" }).stdout;
  assert.equal(await page.textContent("#report"), md);
  await page.selectOption("#format", "text");
  assert.match(await page.textContent("#report"), row("content-type", "DIFFERS"));
  // Copy as markdown, whatever the format shown.
  await page.click("#copy");
  await page.waitForFunction(() => /copied/.test(document.getElementById("status").textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), md);
});

test("a HAR file dropped on the paste area is read as the binary reads the file", async () => {
  const p = path.join(fixtures, "real-constructed-har-entry-presigned-put/input.txt");
  const bytes = [...fs.readFileSync(p)];
  await page.fill("#input", "");
  const dt = await page.evaluateHandle((b) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(b)], "capture.har", { type: "application/json" }));
    return d;
  }, bytes);
  await page.dispatchEvent("#input", "drop", { dataTransfer: dt });
  await page.waitForFunction(() => document.getElementById("files").textContent.includes("capture.har"));
  const shown = counts(await settle());
  assert.equal(shown, cli(["diagnose", p]).out);
  assert.match(shown, /strings IDENTICAL/);
  assert.match(await page.textContent("#status"), /^exit 0: nothing wrong found/);
  // Removing the file leaves nothing to diagnose.
  await page.click("#files .chip button");
  await page.waitForFunction(() => document.getElementById("report").dataset.state === "empty");
});

test("the client-string box is --client-string", async () => {
  const dir = path.join(fixtures, "gen-v1-002-clientstr-query-content-type-not-sent");
  const text = pasted(fs.readFileSync(path.join(dir, "input.txt"), "utf8"));
  const cs = pasted(fs.readFileSync(path.join(dir, "client-string.txt"), "utf8"));
  const want = cli(["diagnose", file("cs-in.txt", text), "--client-string", file("cs.txt", cs)]);
  await page.evaluate(() => (document.getElementById("more").open = true));
  await page.fill("#client-string", cs);
  const shown = await paste(text);
  // The page names its box where the command line names the file.
  assert.match(shown, /client:  the string the client signed \(the client-string box\)/);
  assert.equal(shown.replace("(the client-string box)", "(--client-string cs.txt)"), want.out);
  await page.fill("#client-string", "");
  await settle();
});

test("the secret is used in the page only: the search runs, nothing is stored or sent", async () => {
  const dir = path.join(fixtures, "secret-v1-002-verb-lowercase-and-header-name-case");
  const inputs = fs
    .readdirSync(dir)
    .filter((n) => /^input.*\.txt$/.test(n))
    .sort((a, b) => (a === "input.txt" ? -1 : b === "input.txt" ? 1 : a.localeCompare(b)));
  assert.deepEqual(inputs, ["input.txt"], "one input, pasted");
  const text = pasted(fs.readFileSync(path.join(dir, "input.txt"), "utf8"));
  const secret = fs.readFileSync(path.join(dir, "secret.txt"), "utf8").replace(/\n$/, "");
  const p = await open();
  const before = requests.length;
  await p.evaluate(() => (document.getElementById("more").open = true));
  assert.equal(await p.getAttribute("#secret", "type"), "password");
  await p.fill("#secret", secret);
  const shown = await paste(text, p);
  const want = cli(["diagnose", file("secret-in.txt", text), "--secret-env", "S"], { S: secret });
  assert.equal(shown, want.out);
  assert.match(shown, /client:  found by the secret search/);
  assert.ok(!shown.includes(secret), "the report never shows the secret");
  // The diagnosis asks for nothing new outside the folder (a restarted worker reloads
  // its own files), and nothing it asks for carries the secret.
  const since = requests.slice(before);
  assert.ok(since.every((u) => u.startsWith(site.base) && !u.includes(secret)), `${since}`);
  const kept = await p.evaluate(() => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    url: location.href,
  }));
  assert.deepEqual(kept, { local: 0, session: 0, cookie: "", url: site.base });
  assert.match(await p.textContent("#privacy"), /not the secret, leaves this browser tab/);
  await p.close();
});

test("text with nothing to diagnose: the binary's error, exit 2", async () => {
  const shown = await paste("hello, my upload fails\n");
  const want = cli(["diagnose", file("hello.txt", "hello, my upload fails\n")]);
  assert.equal(want.code, 2);
  assert.equal(shown, want.err);
  assert.equal(await page.getAttribute("#report", "data-state"), "error");
  assert.match(await page.textContent("#status"), /^exit 2/);
});

test("the Diagnose button diagnoses what the paste area holds", async () => {
  await page.evaluate(() => (document.getElementById("more").open = true));
  await page.fill("#client-string", ""); // an earlier test may leave it filled
  await page.fill("#input", "");
  await page.evaluate((t) => {
    document.getElementById("input").value = t; // no input event
  }, pasted(fs.readFileSync(seed, "utf8")));
  await page.click("#diagnose");
  const want = cli(["diagnose", file("seed-button.txt", pasted(fs.readFileSync(seed, "utf8")))]);
  assert.equal(await settle(), want.out);
});

test("every request stayed in the page's folder", async () => {
  assert.ok(requests.length >= 5, `requests: ${requests}`);
  assert.deepEqual(outside, [], "requests outside the page's folder");
  for (const f of ["index.html", "app.js", "worker.js", "ossdiag.js", "ossdiag_bg.wasm", "style.css"]) {
    const u = f === "index.html" ? site.base : site.base + f;
    assert.ok(requests.includes(u), `${u} was loaded`);
  }
  assert.deepEqual(
    site.asked.filter((u) => !u.startsWith("/some/folder/")),
    [],
    "asked the server for a path outside the folder",
  );
});
