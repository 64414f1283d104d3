// A static file server on 127.0.0.1 for the tests: serves web/dist/ under a sub-folder
// (the page must work from any folder) and records every path asked for.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
};

export async function serve(dir, prefix = "/some/folder/") {
  const asked = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url);
    const url = new URL(req.url, "http://127.0.0.1");
    let rel = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null;
    if (rel === "") rel = "index.html";
    const file = rel && !rel.includes("..") ? path.join(dir, rel) : null;
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] || "application/octet-stream",
      "cache-control": "no-store",
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { server, base, asked };
}
