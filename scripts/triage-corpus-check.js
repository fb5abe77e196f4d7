#!/usr/bin/env node
// Checks the real-log corpus (test/fixtures/logs/real): every case is <id>.txt (verbatim excerpt) + <id>.json (labels).
// Fails on a missing field, an unknown category, a root-cause fragment that is not verbatim in the excerpt, or a repeat.
'use strict';
const fs = require('fs');
const path = require('path');

const DIR = path.resolve(__dirname, '../test/fixtures/logs/real');
const CATEGORIES = [
  'user_code_error', 'missing_module_or_env', 'image_build_failure', 'out_of_memory', 'data_access',
  'compute_quota_or_provisioning', 'auth_permission', 'timeout_or_canceled', 'platform_or_service_error', 'unknown',
];
const REQUIRED = ['id', 'source', 'jobType', 'logKind', 'category', 'rootCause', 'note'];

function check(dir = DIR) {
  const problems = [];
  const cases = [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const seen = new Map();
  for (const f of files.filter((n) => n.endsWith('.json')).sort()) {
    const id = f.slice(0, -5);
    let meta;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    } catch (e) {
      problems.push(`${f}: not JSON (${e.message})`);
      continue;
    }
    for (const k of REQUIRED) if (typeof meta[k] !== 'string' || !meta[k].trim()) problems.push(`${f}: missing ${k}`);
    if (meta.id !== id) problems.push(`${f}: id ${meta.id} is not the file name`);
    if (!CATEGORIES.includes(meta.category)) problems.push(`${f}: unknown category ${meta.category}`);
    const txtPath = path.join(dir, `${id}.txt`);
    if (!fs.existsSync(txtPath)) {
      problems.push(`${f}: no ${id}.txt`);
      continue;
    }
    const text = fs.readFileSync(txtPath, 'utf8');
    if (meta.category !== 'unknown' && meta.rootCause && !text.includes(meta.rootCause)) {
      problems.push(`${f}: rootCause is not verbatim in ${id}.txt`);
    }
    if (meta.rootCause && meta.rootCause.includes('\n')) problems.push(`${f}: rootCause spans lines`);
    const key = `${meta.source}\u0000${meta.rootCause}`;
    if (seen.has(key)) problems.push(`${f}: same source and root cause as ${seen.get(key)}`);
    seen.set(key, id);
    cases.push({ ...meta, text });
  }
  for (const f of files.filter((n) => n.endsWith('.txt'))) {
    if (!files.includes(f.replace(/\.txt$/, '.json'))) problems.push(`${f}: no labels (.json)`);
  }
  return { cases, problems };
}

module.exports = { check, CATEGORIES };

if (require.main === module) {
  const { cases, problems } = check();
  const byCat = {};
  for (const c of cases) byCat[c.category] = (byCat[c.category] || 0) + 1;
  console.log(`${cases.length} cases`, byCat);
  for (const p of problems) console.log('PROBLEM', p);
  process.exit(problems.length ? 1 : 0);
}
