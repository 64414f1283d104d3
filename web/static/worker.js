// Runs the diagnosis off the page's thread (a secret search can take seconds), so the page
// stays responsive and a newer input can replace a running one (the page ends this worker).
import init, { diagnose } from "./ossdiag.js";

let ready = null;

self.onmessage = async (e) => {
  const m = e.data;
  if (m.module) {
    ready = init({ module_or_path: m.module });
    return;
  }
  try {
    await ready;
    const t0 = performance.now();
    const r = diagnose(m.names, m.texts, m.clientString, m.secret);
    const out = { id: m.id, text: r.text, json: r.json, markdown: r.markdown, code: r.code };
    r.free();
    out.ms = performance.now() - t0;
    self.postMessage(out);
  } catch (err) {
    self.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
};
