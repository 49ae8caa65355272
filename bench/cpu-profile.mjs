// A CDP Profiler profile summed by function: self time, and total time (once per distinct
// function on the stack), the TOP of each. Used by bench/profile.mjs and bench/bulk.mjs.
export function report(profile, TOP = 40) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const dt = profile.timeDeltas;
  // Self time per sample node, then summed by function name.
  for (let i = 0; i < profile.samples.length; i += 1) {
    const t = (dt[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + t);
  }
  const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'program'})`;
  const selfBy = new Map();
  const totalBy = new Map();
  for (const [id, t] of self) {
    const n = byId.get(id);
    selfBy.set(name(n), (selfBy.get(name(n)) ?? 0) + t);
    // Total: once per distinct name on the stack.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const nm = name(byId.get(at));
      if (!seen.has(nm)) {
        seen.add(nm);
        totalBy.set(nm, (totalBy.get(nm) ?? 0) + t);
      }
    }
  }
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  console.log('\nself ms  function');
  for (const [n, t] of top(selfBy)) console.log(`${t.toFixed(1).padStart(7)}  ${n.slice(0, 150)}`);
  console.log('\ntotal ms function');
  for (const [n, t] of top(totalBy)) console.log(`${t.toFixed(1).padStart(7)}  ${n.slice(0, 150)}`);
}
