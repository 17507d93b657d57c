#!/usr/bin/env bash
# Builds a libFuzzer target and runs it over its seed corpus.
#
#   Scripts/fuzz.sh TARGET [SECONDS]     fuzz for SECONDS (default 600); new inputs go to .build/fuzz/corpus/TARGET
#   Scripts/fuzz.sh TARGET FILE...       run the target once on each file (a crash, or a regression)
#   Scripts/fuzz.sh seeds                regenerate the committed seed corpus in Fuzz/corpus/
#   Scripts/fuzz.sh list                 the targets
#
# A target is the CredentialKit sources it needs compiled into one module with its files from Fuzz/
# (an entry that defines LLVMFuzzerTestOneInput and may use internals, and any helpers), by
# swiftc -sanitize=fuzzer,address. Its seeds are Fuzz/corpus/TARGET/ (committed), its dictionary
# Fuzz/dict/TARGET.dict if there is one. Crashes, hangs and leaks are written to
# .build/fuzz/artifacts/TARGET/. FUZZ_FLAGS adds libFuzzer options (e.g. FUZZ_FLAGS=-jobs=2).
set -euo pipefail

# One line per target: name, its files under Fuzz/ (comma-separated, the entry first), then the
# sources under Sources/CredentialKit it needs (files or folders; "all" for every one, a build of
# about four minutes). Targets with the same files and sources share one binary.
badge_files="BadgeExtract.swift,Support/BadgeSamples.swift"
badge_sources="Baking Status/GZip.swift Status/StatusListErrors.swift Support"
TARGETS=(
    "badge-png  $badge_files  $badge_sources"
    "badge-svg  $badge_files  $badge_sources"
)

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.build/fuzz"

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# Compiles the Fuzz/ files $1 (comma-separated) and the CredentialKit sources $2 (files or
# folders) into the binary $3, unless it is newer than every input. $4 is the sanitizer list.
build() {
    local binary=$3 sanitizers=$4 item
    local -a sources=()
    for item in ${1//,/ }; do
        [ -f "$root/Fuzz/$item" ] || { echo "fuzz.sh: Fuzz/$item does not exist" >&2; exit 1; }
        sources+=("$root/Fuzz/$item")
    done
    for item in $2; do
        [ "$item" = all ] && item=.
        if [ -d "$root/Sources/CredentialKit/$item" ]; then
            mapfile -t -O ${#sources[@]} sources < <(find "$root/Sources/CredentialKit/$item" -name '*.swift' | sort)
        elif [ -f "$root/Sources/CredentialKit/$item" ]; then
            sources+=("$root/Sources/CredentialKit/$item")
        else
            echo "fuzz.sh: Sources/CredentialKit/$item does not exist" >&2
            exit 1
        fi
    done
    if [ -x "$binary" ] && [ -z "$(find "${sources[@]}" "$0" -newer "$binary" | head -1)" ]; then
        return
    fi
    mkdir -p "$(dirname "$binary")"
    echo "fuzz.sh: building $(basename "$binary") (${#sources[@]} files)" >&2
    # One module named CredentialKit, so the entry reaches internals and @testable is not needed.
    swiftc -parse-as-library -module-name CredentialKit -package-name laurel -swift-version 6 \
        -O -g -sanitize="$sanitizers" -use-ld=lld \
        -I "$root/Sources/COpenSSL" -I "$root/Sources/CZlib" -lcrypto -lz -lm \
        -module-cache-path "$work/module-cache" \
        "${sources[@]}" -o "$binary"
}

target=${1:-}
[ -n "$target" ] || usage

case "$target" in
list)
    printf '%s\n' "${TARGETS[@]}" | awk '{ print $1 }'
    exit 0
    ;;
seeds)
    # The badge seeds need only the badge sources; an ordinary main (under AddressSanitizer, as it is built anyway).
    build Seeds/MakeSeeds.swift,Support/BadgeSamples.swift "$badge_sources" "$work/bin/make-seeds" address
    "$work/bin/make-seeds" "$root/Fuzz/corpus"
    exit 0
    ;;
esac

line=$(printf '%s\n' "${TARGETS[@]}" | awk -v t="$target" '$1 == t') || true
[ -n "$line" ] || { echo "fuzz.sh: no target $target (Scripts/fuzz.sh list)" >&2; exit 2; }
read -r _ files sources <<<"$line"
binary="$work/bin/$(echo "${files%%.swift*}" | tr '/' '_')-$(echo "$files $sources" | cksum | cut -d' ' -f1)"
build "$files" "$sources" "$binary" fuzzer,address
shift

seeds="$root/Fuzz/corpus/$target"
scratch="$work/corpus/$target"
artifacts="$work/artifacts/$target"
mkdir -p "$scratch" "$artifacts"
# Leaks outside Laurel, each explained in the file.
export LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
options=(-max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/")
[ -f "$root/Fuzz/dict/$target.dict" ] && options+=(-dict="$root/Fuzz/dict/$target.dict")

if [ $# -gt 0 ] && ! [[ $1 =~ ^[0-9]+$ ]]; then
    # Files: run each once.
    exec "$binary" "${options[@]}" ${FUZZ_FLAGS:-} "$@"
fi
seconds=${1:-600}
echo "fuzz.sh: fuzzing $target for $seconds s; new inputs in ${scratch#"$root"/}, findings in ${artifacts#"$root"/}" >&2
exec "$binary" "${options[@]}" -max_total_time="$seconds" ${FUZZ_FLAGS:-} "$scratch" "$seeds"
