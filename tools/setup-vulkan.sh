#!/bin/sh
# Installs a CPU Vulkan driver that Dawn (the `webgpu` npm package) accepts: Mesa lavapipe from
# bookworm-backports (Mesa 25). Plain bookworm's Mesa 22 lacks features Dawn requires, so
# requestAdapter() returns null on it.
#
# Idempotent and non-interactive; run as root on Debian 12. Prints the ICD path on its last line,
# e.g. `export VK_DRIVER_FILES=$(sh tools/setup-vulkan.sh | tail -n1)`.
set -eu

ICD_DIR=/usr/share/vulkan/icd.d
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" != 0 ]; then
  echo "setup-vulkan: run as root (it edits apt sources and installs packages)" >&2
  exit 1
fi
if ! grep -q 'bookworm' /etc/os-release; then
  echo "setup-vulkan: expected Debian 12 (bookworm); found: $(grep PRETTY_NAME /etc/os-release)" >&2
  exit 1
fi

# Add the suite bookworm-backports to the existing Debian source: same URI, same signing key.
added=0
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  src=/etc/apt/sources.list.d/debian.sources
  if [ -f "$src" ] && grep -q '^Suites:.*\bbookworm\b' "$src"; then
    # deb822: the first stanza whose Suites name plain bookworm is the main archive.
    awk 'BEGIN { done = 0 }
      /^Suites:/ && !done && $0 ~ /(^|[ \t])bookworm([ \t]|$)/ { print $0 " bookworm-backports"; done = 1; next }
      { print }' "$src" >"$src.tmp"
    mv "$src.tmp" "$src"
  elif [ -f /etc/apt/sources.list ] && grep -Eq '^deb .* bookworm main' /etc/apt/sources.list; then
    grep -E '^deb .* bookworm main' /etc/apt/sources.list | head -n1 |
      sed -E 's/ bookworm main.*/ bookworm-backports main/' >/etc/apt/sources.list.d/bookworm-backports.list
  else
    echo "setup-vulkan: no Debian bookworm apt source found to extend with bookworm-backports" >&2
    exit 1
  fi
  added=1
fi

have_backports_lvp() {
  [ -f "$ICD_DIR/lvp_icd.x86_64.json" ] || [ -f "$ICD_DIR/lvp_icd.json" ] || ls "$ICD_DIR"/lvp_icd.*.json >/dev/null 2>&1 || return 1
  v=$(dpkg-query -W -f '${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  case "$v" in 2[3-9].*|[3-9][0-9].*) return 0 ;; *) return 1 ;; esac
}

if ! have_backports_lvp; then
  if [ "$added" = 1 ] || ! apt-cache policy mesa-vulkan-drivers 2>/dev/null | grep -q bookworm-backports; then
    apt-get update -qq
  fi
  apt-get install -y -qq --no-install-recommends -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
fi

icd=""
for f in "$ICD_DIR/lvp_icd.json" "$ICD_DIR/lvp_icd.$(uname -m).json" "$ICD_DIR"/lvp_icd.*.json; do
  if [ -f "$f" ]; then icd=$f; break; fi
done
if [ -z "$icd" ]; then
  echo "setup-vulkan: mesa-vulkan-drivers is installed but no lvp_icd json was found in $ICD_DIR" >&2
  exit 1
fi
echo "setup-vulkan: Mesa $(dpkg-query -W -f '${Version}' mesa-vulkan-drivers) lavapipe; set VK_DRIVER_FILES=$icd" >&2
echo "$icd"
