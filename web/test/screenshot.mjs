// Writes docs/web-page.png: the page with a bundled example pasted (headless Chromium).
// Usage: node screenshot.mjs [fixture-dir-name]   (after bash web/build.sh)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const name = process.argv[2] || "gen-v1-028-transit-query-content-type-added";
const text = fs.readFileSync(path.join(root, "fixtures", name, "input.txt"), "utf8");
const site = await serve(path.join(root, "web/dist"));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(site.base);
  await page.waitForSelector("body[data-ready=true]");
  await page.fill("#input", text.replace(/\r\n?/g, "\n"));
  await page.waitForFunction(() => document.getElementById("report").dataset.state === "done");
  const out = path.join(root, "docs/web-page.png");
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  site.server.close();
}
