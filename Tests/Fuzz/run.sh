#!/usr/bin/env bash
# Coverage-guided fuzzing of the PBX request decoders with libFuzzer and AddressSanitizer.
#   bash Tests/Fuzz/run.sh [SECONDS]     (default 60)
# Builds PBXProtocol's sources with the fuzzer into .build/fuzz/, seeds the corpus with the kept
# crash inputs (Tests/Fuzz/Regressions/), and runs for SECONDS. A crash leaves its input in
# .build/fuzz/crashes/: copy it into Tests/Fuzz/Regressions/ and the normal suite keeps it.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
out=.build/fuzz
mkdir -p "$out/corpus" "$out/crashes"
cp Tests/Fuzz/Regressions/* "$out/corpus/"
printf 'application/x-www-form-urlencoded\ncmd=event&type=INCOMING&phone=%%2B79161234567&user=ivanov&callid=C-1&crm_token=t' > "$out/corpus/seed-form"
printf 'multipart/form-data; boundary=XyZ\n--XyZ\r\nContent-Disposition: form-data; name="cmd"\r\n\r\nhistory\r\n--XyZ\r\nContent-Disposition: form-data; name="duration"\r\n\r\n12\r\n--XyZ--\r\n' > "$out/corpus/seed-multipart"
printf 'application/json\n{"cmd":"contact","phone":"79161234567","callid":"C-1","n":1.5,"x":[true,{"y":null}]}' > "$out/corpus/seed-json"

echo "==> building the decoder fuzzer"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name PBXProtocol \
  $(find Sources/PBXProtocol -name '*.swift') Tests/Fuzz/DecoderFuzzer.swift -o "$out/decoders"

echo "==> fuzzing for ${seconds}s"
"$out/decoders" -max_total_time="$seconds" -max_len=70000 -timeout=5 -rss_limit_mb=2048 \
  -artifact_prefix="$out/crashes/" "$out/corpus"
