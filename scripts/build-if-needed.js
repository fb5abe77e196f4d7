// `npm start` builds only when dist/ is missing or older than a source file, so a fresh clone
// works with `npm ci && npm start` and later starts stay fast.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', 'src', 'index.js');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
if (built < newest(path.join(root, 'src'))) {
  console.log('Building JobOps…');
  execSync('npx tsc -p tsconfig.build.json', { cwd: root, stdio: 'inherit' });
  fs.utimesSync(stamp, new Date(), new Date());
}
