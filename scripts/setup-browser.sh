#!/usr/bin/env bash
# The console's browser tests and screenshots drive Debian's Chromium with playwright-core
# (CI reaches only the npm registry and Debian's packages: no browser build is downloaded).
# Installs chromium and the CJK fonts when either is missing; does nothing otherwise.
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
fonts="$(fc-list 2>/dev/null || true)"
case "$fonts" in *"Noto Sans CJK"*) ;; *) missing+=(fonts-noto-cjk) ;; esac
if [ "${#missing[@]}" -eq 0 ]; then
  echo "浏览器已就绪：$CHROMIUM（含中文字体 fonts-noto-cjk）"
  exit 0
fi
echo "正在安装：${missing[*]}（apt-get）…"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk
echo "浏览器已安装：$CHROMIUM"
