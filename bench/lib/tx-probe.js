// BENCH_TX=1 (boot-ab.js): counts the page's IndexedDB transactions and requests by object
// store during a bootstrap, to see what besides the sync's own writes runs meanwhile.
// Measurement only.
export function installTxProbe() {
  const counts = (window.__bzTx = { tx: {}, req: {} });
  const bump = (map, key) => (map[key] = (map[key] ?? 0) + 1);
  const tx = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (names, mode, ...rest) {
    const list = typeof names === 'string' ? [names] : [...names];
    bump(counts.tx, `${mode ?? 'readonly'} ${list.sort().join(',')}`);
    return tx.call(this, names, mode, ...rest);
  };
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    for (const m of [
      'get',
      'getAll',
      'getAllKeys',
      'openCursor',
      'openKeyCursor',
      'count',
      'put',
      'add',
      'delete',
    ]) {
      const f = proto[m];
      if (typeof f !== 'function') continue;
      proto[m] = function (...args) {
        const store = this.objectStore ? `${this.objectStore.name}.${this.name}` : this.name;
        bump(counts.req, `${m} ${store}`);
        return f.apply(this, args);
      };
    }
  }
}

export function readTxProbe() {
  return window.__bzTx;
}
