#!/usr/bin/env bash
# Builds the web page into web/dist/: the ossdiag library compiled to WebAssembly
# (wasm32-unknown-unknown, wasm-bindgen) plus the static files in web/static/.
# Installs what it needs: the wasm32 target (rustup) and the wasm-bindgen-cli whose version
# is the wasm-bindgen crate's in Cargo.lock (cargo install, a few minutes the first time).
# The files work served from any folder, with no server code.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "web/build.sh: $*" >&2; exit 1; }

target=wasm32-unknown-unknown
if ! rustc --print target-libdir --target "$target" >/dev/null 2>&1 ||
   [ ! -d "$(rustc --print target-libdir --target "$target")" ]; then
  command -v rustup >/dev/null || die "the Rust target $target is missing and rustup is not there to add it"
  echo "== rustup target add $target"
  rustup target add "$target" || die "cannot install the Rust target $target (rustup target add $target)"
fi

ver=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$ver" ] || die "no wasm-bindgen in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $ver" ]; then
  echo "== cargo install wasm-bindgen-cli --version =$ver --locked"
  cargo install wasm-bindgen-cli --version "=$ver" --locked ||
    die "cannot install wasm-bindgen-cli $ver (cargo install wasm-bindgen-cli --version =$ver --locked)"
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $ver" ] ||
    die "wasm-bindgen $ver installed but not found on PATH"
fi

echo "== cargo rustc --lib --release --target $target --crate-type cdylib"
cargo rustc --lib --release --locked --target "$target" --crate-type cdylib
out=web/dist
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name ossdiag \
  "target/$target/release/ossdiag.wasm"
cp web/static/* "$out/"

# The page fetches nothing outside its folder: no absolute URL may be in what it loads.
if grep -nE "(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/|@import|<script[^>]+src=\"(https?:)?//" \
     "$out"/*.html "$out"/*.js "$out"/*.css; then
  die "a file in $out names an outside URL (above)"
fi
echo "== $out:"
ls -l "$out"
