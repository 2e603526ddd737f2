// Bare postal-mime over every message of the corpus, one after another, in this worker.
import PostalMime from 'postal-mime';

self.onmessage = async (e) => {
  const { bin, offsets } = e.data;
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
    where: 'dedicated worker',
  });
};
