// Bare postal-mime over every message of the corpus, one after another, in this worker.
// With `memoryBlob`, postal-mime first gets the same in-memory Blob the app's parser
// worker installs (ADR 0005), so both ways of decoding parts are measured.
import PostalMime from 'postal-mime';
import { installMemoryBlob } from '../../src/mail/memory-blob.ts';

self.onmessage = async (e) => {
  const { bin, offsets, memoryBlob } = e.data;
  if (memoryBlob) installMemoryBlob(self);
  let errors = 0;
  let attachments = 0;
  const t0 = performance.now();
  for (let i = 0; i + 1 < offsets.length; i++) {
    try {
      const email = await PostalMime.parse(
        new Uint8Array(bin, offsets[i], offsets[i + 1] - offsets[i]),
      );
      attachments += email.attachments.length;
    } catch {
      errors += 1;
    }
  }
  const ms = performance.now() - t0;
  self.postMessage({
    ms,
    count: offsets.length - 1,
    errors,
    attachments,
    where: memoryBlob ? 'dedicated worker, in-memory Blob' : "dedicated worker, browser's Blob",
  });
};
