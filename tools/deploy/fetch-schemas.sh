#!/usr/bin/env bash
# Fetches what tools/deploy/deploy.spec.ts validates against, into a cache (quiet and quick once
# cached). Only package registries are used:
#   - Kubernetes JSON schemas (strict: unknown fields are errors): the PyPI package
#     kubernetes-validate, which bundles them per Kubernetes version;
#   - the Compose Specification schema: schema/compose-spec.json of the Go module
#     github.com/compose-spec/compose-go/v2 (the loader Docker Compose itself uses);
#   - kustomize, only if neither `kubectl kustomize` nor `kustomize` is on this machine: built
#     with `go install` from the Go module proxy.
# Prints the cache folder on its last line.
set -euo pipefail

KUBERNETES_VALIDATE_VERSION=1.37.0
KUBERNETES_SCHEMA_DIR=v1.33.0-local-strict
COMPOSE_GO_VERSION=v2.16.2
KUSTOMIZE_VERSION=v5.5.0

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/credit-bank"
mkdir -p "$CACHE"
log() { echo "fetch-schemas: $*" >&2; }

# --- Kubernetes schemas -----------------------------------------------------------------------
K8S="$CACHE/kubernetes-validate-$KUBERNETES_VALIDATE_VERSION"
if [ ! -f "$K8S/$KUBERNETES_SCHEMA_DIR/_definitions.json" ]; then
  log "downloading kubernetes-validate==$KUBERNETES_VALIDATE_VERSION (PyPI) for the $KUBERNETES_SCHEMA_DIR schemas"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$tmp" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
  python3 - "$tmp" "$K8S" "$KUBERNETES_SCHEMA_DIR" <<'PY'
import glob, os, sys, zipfile
src, dest, wanted = sys.argv[1], sys.argv[2], sys.argv[3]
prefix = f"kubernetes_validate/kubernetes-json-schema/{wanted}/"
wheel = glob.glob(os.path.join(src, "kubernetes_validate-*.whl"))[0]
staging = dest + ".partial"
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and n.endswith(".json")]
    if not names:
        sys.exit(f"no {prefix} in {wheel}")
    for n in names:
        out = os.path.join(staging, wanted, n[len(prefix):])
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(n) as f, open(out, "wb") as o:
            o.write(f.read())
os.replace(staging, dest)
PY
fi

# --- Compose Specification schema ---------------------------------------------------------------
COMPOSE="$CACHE/compose-go-$COMPOSE_GO_VERSION"
if [ ! -f "$COMPOSE/compose-spec.json" ]; then
  log "downloading github.com/compose-spec/compose-go/v2@$COMPOSE_GO_VERSION (Go module proxy) for compose-spec.json"
  dir="$(cd "$(mktemp -d)" && GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "github.com/compose-spec/compose-go/v2@$COMPOSE_GO_VERSION" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  mkdir -p "$COMPOSE.partial"
  cp "$dir/schema/compose-spec.json" "$COMPOSE.partial/compose-spec.json"
  chmod u+w "$COMPOSE.partial/compose-spec.json"
  rm -rf "$COMPOSE" && mv "$COMPOSE.partial" "$COMPOSE"
fi

# --- kustomize (only when the machine has none) ------------------------------------------------
if ! { command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; } \
   && ! command -v kustomize >/dev/null && [ ! -x "$CACHE/bin/kustomize" ]; then
  log "building sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION (Go module proxy)"
  GOBIN="$CACHE/bin" GOTOOLCHAIN=local GOFLAGS=-mod=mod go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
fi

echo "$CACHE"
