#!/bin/sh
# Reproduces gpfi.key-state (kmsconform): replays the run's steps and says, step by
# step, what AWS does and what the target did. Against a freshly started target:
#   KC_ENDPOINT=http://127.0.0.1:4566 sh gpfi.key-state.sh
# Needs the AWS CLI v2 (/usr/bin/aws, or $AWS), openssl and curl. Credentials come from
# the environment (default test/test). Exit: 1 the departure shows; 0 the target
# conforms; 2 could not run or judge (unreachable, a tool missing, a setup step or a
# control failed).
EP="${KC_ENDPOINT:-http://127.0.0.1:40707}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard AWS_PAGER=
AWS="${AWS:-/usr/bin/aws}"
for tool in "$AWS" openssl curl base64 od cmp; do
  command -v "$tool" >/dev/null 2>&1 || { echo "could not run: $tool is missing"; exit 2; }
done
W=$(mktemp -d) || exit 2
trap 'rm -rf "$W"' EXIT
kms() { "$AWS" --endpoint-url "$EP" --debug kms "$@"; }
departures=0; unjudged=0; calls=0
# The target's clock as far as this script moved it (mock-kms --test-hooks), and kc_at N:
# the ISO-8601 time N seconds after the target's now.
kc_offset=0
kc_at() { date -u -d "@$(( $(date +%s) + kc_offset + $1 ))" +%Y-%m-%dT%H:%M:%SZ; }
kc_cannot() { echo "could not run: $1"; exit 2; }
kc_heading() { echo; echo "$1"; }
# kc_outcome RC COMMAND: what the target did: kc_got (accepted, refused, 5xx, nonaws, noreply,
# other) and kc_text; the AWS CLI's --debug log is in $W/err, curl -i's reply in $W/out.
kc_outcome() {
  kc_type=""; kc_status=""
  if [ "$2" = curl ]; then
    case "$1" in
      0) ;;
      7) kc_got=noreply; kc_text="no reply: nothing is listening on $EP"; return ;;
      28) kc_got=noreply; kc_text="no reply: timed out"; return ;;
      52|56) kc_got=noreply; kc_text="no reply: the connection was dropped"; return ;;
      *) kc_got=other; kc_text="curl failed (exit $1)"; return ;;
    esac
    kc_status=$(sed -n '1s/^HTTP\/[0-9.]* \([0-9][0-9]*\).*/\1/p' "$W/out")
    kc_type=$(sed '1,/^\r*$/d' "$W/out" | tr -d '\n' | sed -n 's/.*"__type" *: *"\([^"]*\)".*/\1/p' | sed 's/.*#//; s/:.*//')
    case "$kc_status" in
      2??) kc_got=accepted; kc_text="accepted (HTTP $kc_status)" ;;
      *) if [ -z "$kc_type" ]; then kc_got=nonaws; kc_text="HTTP $kc_status without an AWS error type"
         elif [ "$kc_status" -ge 500 ]; then kc_got=5xx; kc_text="HTTP $kc_status $kc_type"
         else kc_got=refused; kc_text="refused with $kc_type (HTTP $kc_status)"; fi ;;
    esac
    return
  fi
  kc_status=$(sed -n 's/.*"POST [^"]*" \([0-9][0-9][0-9]\) .*/\1/p' "$W/err" | tail -n 1)
  kc_type=$(sed -n 's/^An error occurred (\([^)]*\)) when calling.*/\1/p' "$W/err" | tail -n 1)
  kc_msg=$(sed -n 's/^An error occurred ([^)]*) when calling the [A-Za-z]* operation: //p' "$W/err" | tail -n 1 | cut -c1-160)
  if [ "$1" -eq 0 ]; then kc_got=accepted; kc_text="accepted (HTTP ${kc_status:-200})"
  elif grep -q "Could not connect to the endpoint URL" "$W/err"; then
    kc_got=noreply; kc_text="no reply: nothing is listening on $EP"
  elif grep -q "Connection was closed before we received a valid response" "$W/err"; then
    kc_got=noreply; kc_text="no reply: the connection was dropped"
  elif grep -q "Read timeout on endpoint URL" "$W/err"; then kc_got=noreply; kc_text="no reply: timed out"
  elif [ -n "$kc_type" ]; then
    case "$kc_type" in
      *[!0-9]*) if [ "${kc_status:-400}" -ge 500 ]; then kc_got=5xx; kc_text="HTTP $kc_status $kc_type: $kc_msg"
                else kc_got=refused; kc_text="refused with $kc_type (HTTP ${kc_status:-4xx}): $kc_msg"; fi ;;
      *) kc_got=nonaws; kc_text="HTTP $kc_type without an AWS error type" ;;
    esac
  elif [ "$1" -eq 99 ]; then kc_got=other; kc_text="not sent: $(tail -n 1 "$W/err")"
  else kc_got=other; kc_text="the AWS CLI failed (exit $1): $(grep -v ' - DEBUG - ' "$W/err" | tail -n 1 | cut -c1-160)"
  fi
}
# kc_run KIND EXPECT -- COMMAND...: runs one call, says what AWS does and what happened.
kc_run() {
  kc_kind=$1; kc_expect=$2; shift 3
  calls=$((calls + 1))
  "$@" > "$W/out" 2> "$W/err"; kc_rc=$?
  kc_outcome "$kc_rc" "$1"
  if [ "$kc_got" = noreply ] && [ "$calls" -eq 1 ]; then
    kc_cannot "$EP does not answer ($kc_text); set KC_ENDPOINT to a running target"
  fi
  kc_ok=no; kc_note=""
  case "$kc_expect" in
    ok) kc_aws="accepts it"; [ "$kc_got" = accepted ] && kc_ok=yes ;;
    refused) kc_aws="refuses it with an AWS error (HTTP 4xx)"; [ "$kc_got" = refused ] && kc_ok=yes ;;
    error:*)
      kc_types=${kc_expect#error:}; kc_inferred=no
      case "$kc_types" in *";inferred") kc_inferred=yes; kc_types=${kc_types%;inferred} ;; esac
      kc_aws="refuses it with $(echo "$kc_types" | sed 's/|/ or /g')"
      if [ "$kc_got" = refused ]; then
        case "|$kc_types|" in
          *"|$kc_type|"*) kc_ok=yes ;;
          *) if [ "$kc_inferred" = yes ]; then kc_ok=yes; kc_note=" (another type than AWS's, which is inferred)"; fi ;;
        esac
      fi ;;
    out:*)
      eval "kc_want=\"${kc_expect#out:}\""; kc_aws="answers $kc_want"
      kc_have=$(tr -s ' \t\n' '   ' < "$W/out" | sed 's/^ *//; s/ *$//')
      [ "$kc_got" = accepted ] && kc_text="answered $kc_have"
      # shellcheck disable=SC2254
      case "$kc_have" in $kc_want) [ "$kc_got" = accepted ] && kc_ok=yes ;; esac ;;
    plain:*)
      kc_aws="decrypts it to the original plaintext"
      if [ "$kc_got" = accepted ]; then
        eval "kc_file=\"${kc_expect#plain:}\""
        if base64 -d "$W/out" 2>/dev/null | cmp -s - "$kc_file"; then kc_ok=yes
        else kc_text="accepted, but decrypted to other bytes"; fi
      fi ;;
    shape)
      # proto.error-shape (curl -i): HTTP 400 (5xx only for the fault errors), a JSON body
      # with __type, Content-Type application/x-amz-json-1.1, x-amzn-RequestId.
      kc_aws="refuses it: HTTP 400, Content-Type application/x-amz-json-1.1, x-amzn-RequestId, {\"__type\", \"message\"}"
      kc_head=$(sed '/^\r*$/q' "$W/out" | tr 'A-Z' 'a-z')
      if [ "$kc_got" = refused ] && [ "$kc_status" = 400 ]; then
        if ! echo "$kc_head" | grep -q '^content-type: *application/x-amz-json-1.1'; then
          kc_text="$kc_text, but Content-Type: $(echo "$kc_head" | sed -n 's/^content-type: *//p' | tr -d '\r')"
        elif ! echo "$kc_head" | grep -q '^x-amzn-requestid: *[^ \r]'; then
          kc_text="$kc_text, but no x-amzn-RequestId"
        elif ! sed '1,/^\r*$/d' "$W/out" | grep -q '"message"'; then
          kc_text="$kc_text, but no message"
        else kc_ok=yes; fi
      fi ;;
    *) kc_aws="(not judged here)"; kc_ok=any ;;
  esac
  echo "  AWS:    $kc_aws"
  case "$kc_ok" in
    yes) echo "  target: $kc_text [as AWS$kc_note]" ;;
    any) echo "  target: $kc_text" ;;
    *)
      case "$kc_kind:$kc_got" in
        *:other) unjudged=$((unjudged + 1)); echo "  target: $kc_text [could not judge this step]" ;;
        probe:*) departures=$((departures + 1)); echo "  target: $kc_text [DEPARTS from AWS]" ;;
        control:*) unjudged=$((unjudged + 1))
                 echo "  target: $kc_text [the control failed: the refusals resting on it prove nothing]" ;;
        setup:*) echo "  target: $kc_text"; kc_finish_cannot "this setup step failed" ;;
        *) echo "  target: $kc_text" ;;
      esac ;;
  esac
  return 0
}
# kc_check WHAT AWS CONDITION: a check of what the script already has.
kc_check() {
  echo "  check:  $1"
  echo "  AWS:    $2"
  if eval "$3"; then echo "  target: as AWS"
  else departures=$((departures + 1)); echo "  target: no [DEPARTS from AWS]"; fi
}
# kc_near TIME SECONDS TOLERANCE: TIME (ISO-8601 or epoch seconds) is SECONDS after the
# target's now, within TOLERANCE.
kc_near() {
  kc_t=$(date -u -d "$1" +%s 2>/dev/null || echo "${1%%.*}")
  kc_d=$(( kc_t - $(date +%s) - kc_offset - $2 ))
  [ "${kc_d#-}" -le "$3" ]
}
kc_finish_cannot() {
  echo; echo "could not run: $1 (exit 2)"; exit 2
}
kc_finish() {
  echo
  if [ "$departures" -gt 0 ]; then
    echo "this run: the target DEPARTS from AWS in $departures step(s) (exit 1)"; exit 1
  fi
  if [ "$unjudged" -gt 0 ]; then
    echo "this run: could not judge: $unjudged step(s) (a failed control, or a step the script could not send) (exit 2)"; exit 2
  fi
  echo "this run: the target conforms (exit 0)"; exit 0
}


# setup: an EXTERNAL key in PendingImport
kc_heading 'setup: an EXTERNAL key in PendingImport'
kc_run setup 'ok' -- kms create-key --origin EXTERNAL --description 'kmsconform gpfi.key-state' --query '[KeyMetadata.KeyId,KeyMetadata.Arn]' --output text
K=; K_ARN=; [ "$kc_got" = accepted ] && { set -- $(cat "$W/out"); K=$1; K_ARN=$2; }

# probe: GetParametersForImport in PendingImport
kc_heading 'probe: GetParametersForImport in PendingImport'
kc_run probe 'ok' -- kms get-parameters-for-import --key-id "${K}" --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048 --query KeyId --output text

# setup: import material: Enabled
kc_heading 'setup: import material: Enabled'
kc_run setup 'ok' -- kms get-parameters-for-import --key-id "$K" --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048 --query '[ImportToken,PublicKey,ParametersValidTo]' --output text
cp "$W/out" "$W/P.txt"; cut -f1 "$W/out" | base64 -d > "$W/P.token"; cut -f2 "$W/out" | base64 -d > "$W/P.pub"
openssl rand -out "$W/M.bin" 32 || kc_cannot 'openssl failed'
openssl pkeyutl -encrypt -pubin -keyform DER -inkey "$W/P.pub" -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256 -in "$W/M.bin" -out "$W/W.bin" || kc_cannot 'openssl failed'
kc_run setup 'ok' -- kms import-key-material --key-id "${K}" --import-token fileb://"$W/P.token" --encrypted-key-material fileb://"$W/W.bin" --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE

# probe: GetParametersForImport in Enabled
kc_heading 'probe: GetParametersForImport in Enabled'
kc_run probe 'ok' -- kms get-parameters-for-import --key-id "${K}" --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048 --query KeyId --output text

# setup: DisableKey
kc_heading 'setup: DisableKey'
kc_run setup 'ok' -- kms disable-key --key-id "${K}"

# probe: GetParametersForImport in Disabled
kc_heading 'probe: GetParametersForImport in Disabled'
kc_run probe 'ok' -- kms get-parameters-for-import --key-id "${K}" --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048 --query KeyId --output text

# setup: ScheduleKeyDeletion: PendingDeletion
kc_heading 'setup: ScheduleKeyDeletion: PendingDeletion'
kc_run setup 'ok' -- kms schedule-key-deletion --key-id "${K}" --pending-window-in-days 7

# control c1: DescribeKey shows K in KeyState=PendingDeletion
kc_heading 'control c1: DescribeKey shows K in KeyState=PendingDeletion'
kc_run control 'out:PendingDeletion * *' -- kms describe-key --key-id "${K}" --query 'KeyMetadata.[KeyState,Enabled,ExpirationModel]' --output text

# probe: GetParametersForImport in PendingDeletion
kc_heading 'probe: GetParametersForImport in PendingDeletion'
kc_run probe 'error:KMSInvalidStateException' -- kms get-parameters-for-import --key-id "${K}" --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048 --query KeyId --output text

echo
echo "kmsconform's verdict in the run:"
echo '  pass: 4 checks passed: allowed in PendingImport; allowed in Enabled; allowed in Disabled; refused in PendingDeletion'
echo '    pass allowed in PendingImport: expected success; saw HTTP 200 (accepted)'
echo '    pass allowed in Enabled: expected success; saw HTTP 200 (accepted)'
echo '    pass allowed in Disabled: expected success; saw HTTP 200 (accepted)'
echo '    pass refused in PendingDeletion: expected KMSInvalidStateException: ${K_ARN} is pending deletion.; saw HTTP 400 KMSInvalidStateException: ${K_ARN} is pending deletion. [control c1]'
echo '    control c1 passed: DescribeKey shows K in KeyState=PendingDeletion; saw KeyState=PendingDeletion, Enabled=false, ExpirationModel=KEY_MATERIAL_DOES_NOT_EXPIRE, ValidTo=(absent)'
kc_finish
