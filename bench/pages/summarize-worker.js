// Buzón's own summarize (what an import asks of the parser: postal-mime, our MIME walk,
// header hardening, preview) over every message of the corpus, in this worker, without
// the pool's messaging: how far our parsing sits from bare postal-mime.
import { summarizeMessage } from '../../src/mail/parse.ts';
import { installMemoryBlob } from '../../src/mail/memory-blob.ts';

self.onmessage = async (e) => {
  const { bin, offsets, keep } = e.data;
  installMemoryBlob(self);
  let errors = 0;
  // With `keep`, the summaries come back too: the schema write bench builds real rows from them.
  const summaries = [];
  const t0 = performance.now();
  for (let i = 0; i + 1 < offsets.length; i++) {
    const s = await summarizeMessage(new Uint8Array(bin, offsets[i], offsets[i + 1] - offsets[i]));
    if ('error' in s) errors += 1;
    if (keep) summaries.push(s);
  }
  const ms = performance.now() - t0;
  self.postMessage({
    ms,
    count: offsets.length - 1,
    errors,
    where: 'dedicated worker, Buzón summarize',
    ...(keep ? { summaries } : {}),
  });
};
